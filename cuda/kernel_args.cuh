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

/**
 * What changes from one call to the next, in device memory: copied from the context's pinned
 * block at the start of every call (the first node of a call's CUDA graph), so a graph captured
 * once replays with this call's values. Nothing that changes per call is a launch argument.
 */
struct StepValues {
    double mask_sum;          /* the sum of the batch's mask, added on the host in sample order */
    float inv_correction1;    /* Adam's 1 / (1 - beta1^(k+1)): computed in double on the host, rounded to float */
    float inv_correction2;    /* 1 / (1 - beta2^(k+1)) */
    uint32_t iteration;       /* k mod 2^32 */
    int explicit_noise;       /* 1 when the batch brought its own noise */
    int hebb_step;            /* HebbianStep (gradients.cuh): what step 5 adds this iteration */
    int unused;
};

/** What every kernel reads: pointers into device memory and the hyper-parameters. */
struct Args {
    int n_in, n, n_out, steps, batch, samples;
    int activation, loss, hebb_rule, switch_mode;
    float alpha, noise_scale;
    const StepValues* step;     /* device: this call's values (mask sum, k, Adam's bias corrections, step 5's form) */
    const uint32_t* iteration;  /* device: &step->iteration, k of this iteration */
    const int* explicit_noise;  /* device: &step->explicit_noise */
    uint64_t seed;
    float *w_in, *w, *w_out, *b_rec, *b_out;
    float *u, *targets, *mask, *noise, *r, *x, *y, *dy, *dxs, *dx;
    int* labels;
    double* scalars;            /* [0] loss, [1] norm^2, [2] clipping scale, [3] [4] the random Hebbian control's sums */
    double* sample_loss;        /* per sample, summed in a fixed order (results repeat bit for bit) */
    unsigned long long* counts; /* [0] up, [1] down, [2] strong */
};
