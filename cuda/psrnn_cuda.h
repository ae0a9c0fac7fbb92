/*
 * psrnn's CUDA engine: a small C API over device-resident state, driven from Java through
 * java.lang.foreign (java/core/src/main/java/org/psrnn/engine/cuda). Every call returns a status
 * (PSRNN_OK or an error code) and never prints or exits; psrnn_last_error() gives the message of
 * the last failure on the calling thread.
 *
 * One iteration (psrnn_step) is MODEL.md steps 1-7: forward over T steps, loss, BPTT, the fused
 * pass computing G = dL/dW and the Hebbian term H, the global norm and clipping scale, and one
 * pass over W applying masked Adam, the Hebbian rule, Philox switching and moment resets.
 */
#ifndef PSRNN_CUDA_H
#define PSRNN_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PSRNN_API __attribute__((visibility("default")))

/** Changes whenever a struct below or a function's signature changes; the Java binding checks it. */
#define PSRNN_ABI_VERSION 4

enum psrnn_status {
    PSRNN_OK = 0,
    PSRNN_ERROR_ARGUMENT = 1,    /* a bad argument: sizes, indices, null pointers */
    PSRNN_ERROR_NO_DEVICE = 2,   /* no CUDA device, or no usable driver */
    PSRNN_ERROR_OUT_OF_MEMORY = 3,
    PSRNN_ERROR_CUDA = 4,        /* any other CUDA runtime error */
    PSRNN_ERROR_UNSUPPORTED = 5, /* the recurrent kernel asked for (recurrent_kernel = 2) cannot run this network on this device, or tensor_math is asked of a form or device without it */
};

/** The tensors of a network state, as psrnn_upload / psrnn_download address them. */
enum psrnn_tensor {
    PSRNN_W_IN = 0, PSRNN_W_REC = 1, PSRNN_W_OUT = 2, PSRNN_B_REC = 3, PSRNN_B_OUT = 4,
    PSRNN_M_W_IN = 5, PSRNN_M_W_REC = 6, PSRNN_M_W_OUT = 7, PSRNN_M_B_REC = 8, PSRNN_M_B_OUT = 9,
    PSRNN_V_W_IN = 10, PSRNN_V_W_REC = 11, PSRNN_V_W_OUT = 12, PSRNN_V_B_REC = 13, PSRNN_V_B_OUT = 14,
    PSRNN_TENSOR_COUNT = 15,
};

/** Every hyper-parameter of MODEL.md and the sizes the context is made for. */
typedef struct psrnn_config {
    int32_t n_in, hidden, n_out;
    int32_t max_steps, max_batch;  /* the batch shape to make buffers for at once; a larger batch later grows them */
    int32_t activation;            /* 0 relu, 1 tanh, 2 softplus, 3 retanh */
    int32_t loss;                  /* 0 mse, 1 xent */
    int32_t hebb_rule;             /* 0 plain, 1 oja, 2 covariance */
    int32_t switch_mode;           /* 0 threshold, 1 stochastic, 2 none */
    int32_t recurrent_kernel;      /* 0 auto, 1 tiled steps in a CUDA graph, 2 persistent passes, 3 fused iteration, 4 blocked steps */
    int32_t hebb_term;             /* 0 activity, 1 random */
    int32_t hebb_until;            /* step 5 only at iterations below this; INT32_MAX: every iteration */
    int32_t tensor_math;           /* 0 fp32 CUDA cores, 1 tf32x3 tensor cores, 2 tf32 tensor cores: the recurrent and G/H products */
    double alpha, sigma_rec;
    double lr, beta1, beta2, eps, clip;
    double eta_h, lambda, w_max;   /* w_max: +inf for no clamp */
    double theta, hysteresis, kappa, temp;  /* temp resolved: 0.1 theta when not given */
    uint64_t seed;
} psrnn_config;

/** One batch, host memory, time-major; labels or targets as the loss needs; noise may be null (Philox noise). */
typedef struct psrnn_batch {
    int32_t steps, size;
    const float* inputs;   /* T*B*n_in */
    const float* targets;  /* T*B*n_out, mse */
    const int32_t* labels; /* T*B, xent */
    const float* mask;     /* T*B */
    const float* noise;    /* T*B*N or null */
} psrnn_batch;

typedef struct psrnn_stats {
    double loss, grad_norm, clip_scale;
    int64_t switches_up, switches_down, strong_count;
} psrnn_stats;

typedef struct psrnn_context psrnn_context;

/** PSRNN_ABI_VERSION and sizeof of the three structs, so a binding can check its layouts. */
PSRNN_API int psrnn_abi(int32_t* version, int32_t* config_size, int32_t* batch_size, int32_t* stats_size);

/** The message of the last failed call on this thread (empty when none). */
PSRNN_API const char* psrnn_last_error(void);

/** The number of CUDA devices (0 when there is no driver or no device; then the status says why). */
PSRNN_API int psrnn_device_count(int32_t* count);

/** A device's name, memory, compute capability, and whether this library has code it can run. */
PSRNN_API int psrnn_device_info(int32_t device, char* name, int32_t name_len, uint64_t* total_memory, uint64_t* free_memory,
                                int32_t* cc_major, int32_t* cc_minor, int32_t* multiprocessors, int32_t* has_code);

/**
 * 1 when this library runs its kernels on the emulated device of cuda/emu (libpsrnn_cuda_emu.so: the
 * CPU, no driver, a slow test instrument), 0 for a real GPU (libpsrnn_cuda.so).
 */
PSRNN_API int psrnn_emulated(int32_t* emulated);

/** The driver's and this library's CUDA runtime versions (e.g. 13000; both 0 on the emulated device). */
PSRNN_API int psrnn_versions(int32_t* driver, int32_t* runtime);

/**
 * The device memory a context for `config` needs for batches of up to max_steps x max_batch, in
 * bytes, the explicit-noise buffer included (the same on every device).
 */
PSRNN_API int psrnn_required_memory(const psrnn_config* config, uint64_t* bytes);

/**
 * A context on `device` with every buffer allocated; out-of-memory says how much was needed and free.
 * tensor_math 1 and 2 are for the tiled form (recurrent_kernel 1, or 0: auto then picks the tiled
 * form) on compute capability 8.0 or later; elsewhere PSRNN_ERROR_UNSUPPORTED says why.
 */
PSRNN_API int psrnn_create(const psrnn_config* config, int32_t device, psrnn_context** context);

PSRNN_API int psrnn_destroy(psrnn_context* context);

/** Copies `count` floats of tensor `which` to (upload) or from (download) the device. */
PSRNN_API int psrnn_upload(psrnn_context* context, int32_t which, const float* host, int64_t count);
PSRNN_API int psrnn_download(psrnn_context* context, int32_t which, float* host, int64_t count);

/** The synapse states S (N*N bytes, 1 = STRONG). */
PSRNN_API int psrnn_upload_strong(psrnn_context* context, const uint8_t* host, int64_t count);
PSRNN_API int psrnn_download_strong(psrnn_context* context, uint8_t* host, int64_t count);

/** The iteration counter k (MODEL.md step 7). */
PSRNN_API int psrnn_set_iteration(psrnn_context* context, int64_t iteration);
PSRNN_API int psrnn_get_iteration(psrnn_context* context, int64_t* iteration);

/** One training iteration. */
PSRNN_API int psrnn_step(psrnn_context* context, const psrnn_batch* batch, psrnn_stats* stats);

/** The forward pass alone: outputs y (T*B*n_out, host) and the loss. */
PSRNN_API int psrnn_forward(psrnn_context* context, const psrnn_batch* batch, float* outputs, double* loss);

/**
 * Loss, unclipped gradients (host: W_in, W_rec, W_out, b_rec, b_out), the Hebbian term H (N*N) and
 * the global norm over G*S and the rest; nothing changes.
 */
PSRNN_API int psrnn_gradients(psrnn_context* context, const psrnn_batch* batch, float* grad_w_in, float* grad_w_rec,
                              float* grad_w_out, float* grad_b_rec, float* grad_b_out, float* hebb, double* loss, double* norm);

/**
 * Which recurrent kernel the context uses (1 tiled, 2 persistent, 4 blocked). The forms sum the
 * recurrent products in different orders (the tiled and blocked ones k ascending per output, the
 * persistent one by warp) and auto's choice depends on the device, so a run that is to repeat its
 * numbers records this and asks for the same form again. Every other reduction order follows N, T
 * and B alone.
 */
PSRNN_API int psrnn_recurrent_kernel(psrnn_context* context, int32_t* kind);

#ifdef __cplusplus
}
#endif

#endif
