/*
 * Part of psrnn_cuda.cu's one translation unit: what every kernel reads (Args) and the macro for
 * dynamic shared memory. Included by psrnn_cuda.cu only.
 */
#pragma once

/* DYNAMIC_SHARED(type, name) declares a kernel's dynamic shared memory as name[] (on the emulated device, its block's buffer). */
#ifdef __CUDACC__
#define DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#else
#define DYNAMIC_SHARED(type, name) type* name = ::emu::dynamic_shared<type>()
#endif

/** What every kernel reads: pointers into device memory and the hyper-parameters. */
struct Args {
    int n_in, n, n_out, steps, batch, samples;
    int activation, loss, hebb_rule, switch_mode;
    float alpha, noise_scale;
    const uint32_t* iteration;  /* device: k of this iteration (read by kernels so CUDA graphs can be replayed) */
    const int* explicit_noise;  /* device flag */
    uint64_t seed;
    float *w_in, *w, *w_out, *b_rec, *b_out;
    float *u, *targets, *mask, *noise, *r, *x, *y, *dy, *dxs, *dx;
    int* labels;
    double* scalars;            /* [0] loss, [1] norm^2, [2] clipping scale, [3] [4] the random Hebbian control's sums */
    double* sample_loss;        /* per sample, summed in a fixed order (results repeat bit for bit) */
    unsigned long long* counts; /* [0] up, [1] down, [2] strong */
};
