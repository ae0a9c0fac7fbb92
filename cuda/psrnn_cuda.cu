/*
 * psrnn's CUDA engine: MODEL.md in float32 on one GPU. See psrnn_cuda.h for the API.
 *
 * Layouts (as the Java engines): W[i][j] at i*N + j (row = postsynaptic); activity time-major,
 * r_t[b][i] at ((t + 1) * B + b) * N + i with r_{-1} in the first block; alpha * dL/dx_t[b][i] at
 * (t * B + b) * N + i.
 *
 * One iteration:
 *   forward   T launches of a tiled GEMM whose epilogue does the leaky update, Philox noise and
 *             the activation, or one persistent cooperative kernel that keeps each block's rows
 *             of W in shared memory for all T steps with a grid barrier per step;
 *   outputs   one warp per sample: y = W_out r + b_out, the loss and dL/dy;
 *   BPTT      the same two forms, down to alpha dL/dx;
 *   G and H   one tiled pass over the stored activations computing both products, every tile of
 *             the presynaptic rates loaded once for the two;
 *   small     dW_in, db_rec, dW_out, db_out (and Oja's Q, the covariance means);
 *   norm      ||{dW_in, db_rec, dW_out, db_out, G * S}||, read back for the clipping scale;
 *   update    one pass over W: Adam where S = 1, the Hebbian rule where S = 0, switching and
 *             moment resets, switch counts; Adam on the small tensors.
 * The clipping scale needs the whole of G before any weight moves, so the update is its own
 * pass rather than the epilogue of the G/H kernel.
 *
 * psrnn_step copies the caller's batch into pinned host buffers and launches the whole iteration
 * as one CUDA graph (queue_step, captured once per batch shape and form): the copies in from the
 * pinned buffers, the kernels, the copies of the scalars and counts out to pinned memory. What
 * changes between iterations (the mask sum, k, Adam's bias corrections, step 5's form) is in
 * StepValues, copied in by the graph and read by the kernels, so a replay sees this call's values.
 */
#include "psrnn_cuda.h"
#include "psrnn_math.h"

#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace cg = cooperative_groups;
using namespace psrnn;

/*
 * LAUNCH(kernel, grid, block, shared_bytes, stream)(arguments) is kernel<<<grid, block,
 * shared_bytes, stream>>>(arguments) under nvcc; compiled by g++ against cuda/emu (the emulated
 * device, a test instrument), the same launch on the emulation.
 */
#ifdef __CUDACC__
#define LAUNCH(kernel, grid, block, shared_bytes, stream) kernel<<<grid, block, shared_bytes, stream>>>
#else
#define LAUNCH(kernel, grid, block, shared_bytes, stream) ::emu::launcher(kernel, #kernel, grid, block, shared_bytes, stream)
#endif

/* The kernels, by step of MODEL.md. */
#include "kernel_args.cuh"
#include "steps.cuh"
#include "blocked.cuh"
#include "gradients.cuh"
#include "fused.cuh"
#include "tensor.cuh"

/* ------------------------------------------------------------------ errors */

static thread_local char g_error[1024];

static int fail(int code, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(g_error, sizeof g_error, fmt, args);
    va_end(args);
    return code;
}

static int cuda_fail(cudaError_t e, const char* what) {
    int code = e == cudaErrorMemoryAllocation ? PSRNN_ERROR_OUT_OF_MEMORY
             : (e == cudaErrorNoDevice || e == cudaErrorInsufficientDriver) ? PSRNN_ERROR_NO_DEVICE
             : PSRNN_ERROR_CUDA;
    return fail(code, "%s: %s (%s)", what, cudaGetErrorString(e), cudaGetErrorName(e));
}

#define CHECK(call)                                        \
    do {                                                   \
        cudaError_t e_ = (call);                           \
        if (e_ != cudaSuccess) return cuda_fail(e_, #call); \
    } while (0)

extern "C" const char* psrnn_last_error(void) { return g_error; }

/* ------------------------------------------------------------------ context */


/** The two graphs (forward steps, BPTT steps) of one batch shape; a few shapes are kept (training and evaluation alternate). */
struct GraphPair {
    int steps, batch;
    cudaGraphExec_t fwd, bwd;
    unsigned long long used;
};
constexpr int GRAPH_CACHE = 4;

/**
 * The form of one iteration's work that a captured graph fixes: what is queued, not the values it
 * reads (those are in StepValues). Two iterations of the same batch shape and form replay one graph.
 */
struct StepForm {
    int steps, batch;
    int kernel;          /* the recurrent form (psrnn_context::kernel) */
    int hebb_step;       /* HebbianStep: whether H is computed and the random control's sums queued */
    int explicit_noise;  /* whether the batch's noise is copied */
    bool operator==(const StepForm& o) const {
        return steps == o.steps && batch == o.batch && kernel == o.kernel && hebb_step == o.hebb_step && explicit_noise == o.explicit_noise;
    }
};

/** A whole iteration (copies in, every kernel, copies out) as one graph; a few forms are kept, the least recently used dropped. */
struct StepGraph {
    StepForm form;
    cudaGraphExec_t exec;
    unsigned long long used;
};

/** What an iteration reads back, in pinned host memory (the last node of its graph writes it). */
struct StepResults {
    double scalars[3];              /* loss, norm^2, clipping scale */
    unsigned long long counts[3];   /* up, down, strong */
};

struct psrnn_context {
    psrnn_config cfg;
    int device, sms;
    cudaStream_t stream;             /* every copy and launch of the context goes here, in order */
    float* p[5];
    float* m[5];
    float* v[5];
    float* g[5];
    uint8_t* strong;
    float *h, *q, *post_mean, *pre_mean;
    /* per-batch buffers, sized by reserve() for cap_steps x cap_batch */
    float *u, *targets, *mask, *noise, *r, *x, *y, *dy, *dxs, *dx;
    float* centred;                  /* 2 S N floats, covariance rule only */
    float* gh_parts;                 /* 2 x splits x N^2 floats when G/H is split over samples */
    float* small_parts;              /* per chunk of samples: the small gradients' partial sums */
    int* labels;
    double* sample_loss;
    int cap_steps, cap_batch;
    /* pinned host staging of the batch, sized and grown with the per-batch buffers: the caller's
       arrays are copied here with memcpy and the copies (or a graph's copy nodes) read from here */
    float *pin_u, *pin_targets, *pin_mask, *pin_noise;
    int32_t* pin_labels;
    /* small device values */
    StepValues* values_dev;          /* this call's StepValues, copied from values_pin */
    double* scalars;                 /* [0] loss, [1] norm^2, [2] clipping scale, [3] [4] the random Hebbian control's sums */
    double* norm_parts;              /* per block of the norm's sums of squares (and of the random control's) */
    unsigned long long* counts;      /* [0] up, [1] down, [2] strong */
    /* host side */
    StepValues* values_pin;          /* pinned: this call's values, filled before its copies are queued */
    StepResults* results_pin;        /* pinned: what psrnn_step reads back */
    int64_t iteration;
    int64_t strong_count;            /* STRONG synapses now (from the last upload or step) */
    int kernel;                      /* 1 tiled, 2 persistent, 3 fused, 4 blocked (psrnn_config.recurrent_kernel) */
    int persistent_blocks;
    size_t persistent_smem;
    int fused_units, fused_blocks;   /* the fused form: rows of W per block, blocks */
    size_t fused_smem;
    double* unit_parts;              /* the fused form's per-unit parts of the norm and the random control's sums (3 N) */
    GraphPair graphs[GRAPH_CACHE];
    StepGraph step_graphs[GRAPH_CACHE];
    bool step_graphs_on;             /* psrnn_step as one graph launch (PSRNN_CUDA_STEP_GRAPH=0 at creation: queued call by call) */
    bool capturing;                  /* an iteration's graph is being captured: run_tiled queues its steps into it */
    unsigned long long graph_clock;
};

static size_t tensor_size(const psrnn_config& c, int which) {
    size_t n = c.hidden;
    switch (which % 5) {
        case 0: return n * c.n_in;
        case 1: return n * n;
        case 2: return (size_t)c.n_out * n;
        case 3: return n;
        default: return c.n_out;
    }
}

static Args args_of(psrnn_context* c, int steps, int batch) {
    Args a;
    a.n_in = c->cfg.n_in;
    a.n = c->cfg.hidden;
    a.n_out = c->cfg.n_out;
    a.steps = steps;
    a.batch = batch;
    a.samples = steps * batch;
    a.activation = c->cfg.activation;
    a.loss = c->cfg.loss;
    a.hebb_rule = c->cfg.hebb_rule;
    a.switch_mode = c->cfg.switch_mode;
    a.alpha = (float)c->cfg.alpha;
    a.noise_scale = (float)(sqrt(2.0 * c->cfg.alpha) * c->cfg.sigma_rec);
    a.step = c->values_dev;
    a.iteration = &c->values_dev->iteration;
    a.explicit_noise = &c->values_dev->explicit_noise;
    a.seed = c->cfg.seed;
    a.w_in = c->p[0];
    a.w = c->p[1];
    a.w_out = c->p[2];
    a.b_rec = c->p[3];
    a.b_out = c->p[4];
    a.u = c->u;
    a.targets = c->targets;
    a.mask = c->mask;
    a.noise = c->noise;
    a.r = c->r;
    a.x = c->x;
    a.y = c->y;
    a.dy = c->dy;
    a.dxs = c->dxs;
    a.dx = c->dx;
    a.labels = c->labels;
    a.scalars = c->scalars;
    a.sample_loss = c->sample_loss;
    a.counts = c->counts;
    return a;
}

/* ------------------------------------------------------------------ host side */

static int blocks_for(size_t count, int threads) { return (int)((count + threads - 1) / threads); }

extern "C" int psrnn_device_count(int32_t* count) {
    int n = 0;
    cudaError_t e = cudaGetDeviceCount(&n);
    *count = e == cudaSuccess ? n : 0;
    if (e != cudaSuccess) return cuda_fail(e, "cudaGetDeviceCount");
    if (n == 0) return fail(PSRNN_ERROR_NO_DEVICE, "the CUDA driver reports no device");
    return PSRNN_OK;
}

/** Whether this library holds code the device can run (SASS for its architecture, or PTX it can compile). */
static bool has_code_for(int device) {
    if (cudaSetDevice(device) != cudaSuccess) return false;
    cudaFuncAttributes attr;
    cudaError_t e = cudaFuncGetAttributes(&attr, update_recurrent);
    cudaGetLastError();
    return e == cudaSuccess;
}

extern "C" int psrnn_device_info(int32_t device, char* name, int32_t name_len, uint64_t* total_memory, uint64_t* free_memory,
                                 int32_t* cc_major, int32_t* cc_minor, int32_t* multiprocessors, int32_t* has_code) {
    if (!name || name_len < 1 || !total_memory || !free_memory || !cc_major || !cc_minor || !multiprocessors || !has_code) {
        return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    }
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, device));
    snprintf(name, (size_t)name_len, "%s", prop.name);
    *total_memory = prop.totalGlobalMem;
    *cc_major = prop.major;
    *cc_minor = prop.minor;
    *multiprocessors = prop.multiProcessorCount;
    size_t free_b = 0, total_b = 0;
    CHECK(cudaSetDevice(device));
    CHECK(cudaMemGetInfo(&free_b, &total_b));
    *free_memory = free_b;
    *has_code = has_code_for(device) ? 1 : 0;
    return PSRNN_OK;
}

extern "C" int psrnn_emulated(int32_t* emulated) {
    if (!emulated) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
#ifdef PSRNN_EMULATED_DEVICE
    *emulated = 1;
#else
    *emulated = 0;
#endif
    return PSRNN_OK;
}

extern "C" int psrnn_versions(int32_t* driver, int32_t* runtime) {
    int d = 0, r = 0;
    cudaDriverGetVersion(&d);
    CHECK(cudaRuntimeGetVersion(&r));
    *driver = d;
    *runtime = r;
    return PSRNN_OK;
}

/* ------------------------------------------------------------------ memory */

/** Device bytes of the network's state: parameters, moments, gradients, H, S, Q and the means. */
static size_t state_bytes(const psrnn_config& c) {
    size_t n = c.hidden, f = sizeof(float), params = 0;
    for (int t = 0; t < 5; t++) params += tensor_size(c, t);
    return 4 * params * f + n * n * (f + 1) + 3 * n * f;
}

/** Device bytes of the per-batch buffers for batches of up to `steps` x `batch` trials. */
static size_t activation_bytes(const psrnn_config& c, size_t steps, size_t batch) {
    size_t n = c.hidden, s = steps * batch, f = sizeof(float);
    size_t bytes = s * ((size_t)c.n_in + c.n_out + 2) * f;  // u, targets, mask, labels
    bytes += (steps + 1) * batch * n * f;                    // r
    bytes += s * n * f;                                      // dxs
    bytes += 2 * batch * n * f;                              // x, dx
    bytes += 2 * s * c.n_out * f;                            // y, dy
    bytes += s * sizeof(double);                             // per-sample loss
    bytes += (s + 255) / 256 * n * (4 + c.n_in + c.n_out) * f;  // small-gradient partials
    if (c.hebb_rule == HEBB_COVARIANCE) bytes += 2 * s * n * f;  // centred rates
    int z = gh_splits(c.hidden, (int64_t)s);
    if (z > 1) bytes += 2 * (size_t)z * n * n * f;           // G/H partial sums
    return bytes;
}

/**
 * The whole context for batches of max_steps x max_batch: state, activations, the explicit-noise
 * buffer (made on the first batch that brings its own noise) and 1 MiB of small buffers. The G/H
 * split, the one size that could depend on the device, follows N and T x B alone (gh_splits).
 */
static size_t required_bytes(const psrnn_config& c) {
    size_t noise = (size_t)c.max_steps * c.max_batch * c.hidden * sizeof(float);
    return state_bytes(c) + activation_bytes(c, c.max_steps, c.max_batch) + noise + (1 << 20);
}

extern "C" int psrnn_required_memory(const psrnn_config* config, uint64_t* bytes) {
    if (!config || !bytes) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    *bytes = required_bytes(*config);
    return PSRNN_OK;
}

extern "C" int psrnn_abi(int32_t* version, int32_t* config_size, int32_t* batch_size, int32_t* stats_size) {
    if (!version || !config_size || !batch_size || !stats_size) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    *version = PSRNN_ABI_VERSION;
    *config_size = (int32_t)sizeof(psrnn_config);
    *batch_size = (int32_t)sizeof(psrnn_batch);
    *stats_size = (int32_t)sizeof(psrnn_stats);
    return PSRNN_OK;
}

static int validate(const psrnn_config& c) {
    if (c.n_in < 1 || c.n_in > 8) return fail(PSRNN_ERROR_ARGUMENT, "n_in = %d is not supported: the CUDA engine takes 1 to 8 inputs", c.n_in);
    if (c.n_out < 1 || c.n_out > 16) return fail(PSRNN_ERROR_ARGUMENT, "n_out = %d is not supported: the CUDA engine takes 1 to 16 outputs", c.n_out);
    if (c.hidden < 1 || c.hidden > 46340) return fail(PSRNN_ERROR_ARGUMENT, "hidden = %d is not allowed: must be in [1, 46340]", c.hidden);
    if (c.max_steps < 1 || c.max_batch < 1) return fail(PSRNN_ERROR_ARGUMENT, "max_steps and max_batch must be >= 1");
    if (c.max_steps >= (1 << 24)) return fail(PSRNN_ERROR_ARGUMENT, "max_steps = %d is not allowed: must be below 2^24", c.max_steps);
    if (c.activation < 0 || c.activation > 3 || c.loss < 0 || c.loss > 1 || c.hebb_rule < 0 || c.hebb_rule > 2 || c.switch_mode < 0 ||
        c.switch_mode > 2 || c.recurrent_kernel < 0 || c.recurrent_kernel > 4 || c.hebb_term < 0 || c.hebb_term > 1 || c.tensor_math < 0 ||
        c.tensor_math > 2) {
        return fail(PSRNN_ERROR_ARGUMENT, "an enumerated setting (activation, loss, hebb_rule, switch_mode, recurrent_kernel, hebb_term, "
                    "tensor_math) is out of range");
    }
    if (c.hebb_until < 0) return fail(PSRNN_ERROR_ARGUMENT, "hebb_until = %d is not allowed: must be >= 0", c.hebb_until);
    // The Java side checks these too; a caller of the C API directly gets the same limits.
    if (!(c.alpha > 0 && c.alpha <= 1)) return fail(PSRNN_ERROR_ARGUMENT, "alpha = %g is not allowed: must be in (0, 1]", c.alpha);
    if (!(c.sigma_rec >= 0) || !(c.clip >= 0) || !(c.eta_h >= 0) || !(c.lambda >= 0) || !(c.lr >= 0) || !(c.eps > 0)) {
        return fail(PSRNN_ERROR_ARGUMENT, "sigma_rec, clip, eta_h, lambda and lr must be >= 0 and eps > 0 "
                    "(sigma_rec = %g, clip = %g, eta_h = %g, lambda = %g, lr = %g, eps = %g)", c.sigma_rec, c.clip, c.eta_h, c.lambda, c.lr, c.eps);
    }
    if (!(c.beta1 >= 0 && c.beta1 < 1) || !(c.beta2 >= 0 && c.beta2 < 1)) {
        return fail(PSRNN_ERROR_ARGUMENT, "beta1 = %g, beta2 = %g are not allowed: each must be in [0, 1)", c.beta1, c.beta2);
    }
    if (!(c.w_max > 0)) return fail(PSRNN_ERROR_ARGUMENT, "w_max = %g is not allowed: must be > 0 (+inf for no clamp)", c.w_max);
    if (c.switch_mode != 2) {
        if (!(c.theta >= 0) || !(c.theta < INFINITY)) return fail(PSRNN_ERROR_ARGUMENT, "theta = %g is not allowed: must be finite and >= 0", c.theta);
        if (!(c.hysteresis >= 0 && c.hysteresis < 1)) {
            return fail(PSRNN_ERROR_ARGUMENT, "hysteresis = %g is not allowed: must be in [0, 1)", c.hysteresis);
        }
    }
    if (c.switch_mode == 1 && (!(c.temp > 0) || !(c.kappa >= 0 && c.kappa <= 1))) {
        return fail(PSRNN_ERROR_ARGUMENT, "stochastic switching needs temp > 0 and kappa in [0, 1] (temp = %g, kappa = %g)", c.temp, c.kappa);
    }
    return PSRNN_OK;
}

template <typename T>
static cudaError_t alloc(T** p, size_t count) {
    return cudaMalloc((void**)p, count * sizeof(T) + 16);
}

static void drop_graphs(psrnn_context* c) {
    for (GraphPair& gp : c->graphs) {
        if (gp.fwd) cudaGraphExecDestroy(gp.fwd);
        if (gp.bwd) cudaGraphExecDestroy(gp.bwd);
        gp = GraphPair{};
    }
    for (StepGraph& sg : c->step_graphs) {
        if (sg.exec) cudaGraphExecDestroy(sg.exec);
        sg = StepGraph{};
    }
}

static void free_activations(psrnn_context* c) {
    drop_graphs(c);
    void* bufs[] = {c->u, c->targets, c->labels, c->mask, c->noise, c->r, c->x, c->dx, c->dxs, c->y, c->dy, c->sample_loss,
                    c->small_parts, c->centred, c->gh_parts};
    for (void* b : bufs) cudaFree(b);
    void* pinned[] = {c->pin_u, c->pin_targets, c->pin_labels, c->pin_mask, c->pin_noise};
    for (void* b : pinned) cudaFreeHost(b);
    c->pin_u = c->pin_targets = c->pin_mask = c->pin_noise = nullptr;
    c->pin_labels = nullptr;
    c->u = c->targets = c->mask = c->noise = c->r = c->x = c->dx = c->dxs = c->y = c->dy = nullptr;
    c->small_parts = c->centred = c->gh_parts = nullptr;
    c->labels = nullptr;
    c->sample_loss = nullptr;
    c->cap_steps = c->cap_batch = 0;
}

/**
 * Makes the per-batch buffers hold batches of `steps` x `batch` trials (keeping the larger of the
 * old and new sizes); the network's state is untouched. Captured graphs hold buffer addresses, so
 * they are dropped and made again.
 */
/**
 * PSRNN_ERROR_OUT_OF_MEMORY, saying what they need and what is free, where the buffers for batches
 * of `ts` x `bs` trials do not fit in the device's free memory and the `held` bytes of buffers the
 * context would free first.
 */
static int activations_fit(psrnn_context* c, size_t ts, size_t bs, size_t held) {
    size_t free_b = 0, total_b = 0, need = activation_bytes(c->cfg, ts, bs);
    CHECK(cudaMemGetInfo(&free_b, &total_b));
    free_b += held;
    if (need > free_b) {
        return fail(PSRNN_ERROR_OUT_OF_MEMORY,
                    "batches of %zu steps x %zu trials need %zu bytes (%.2f GiB) of GPU memory for activations; %zu bytes (%.2f GiB) "
                    "of %.2f GiB are free on device %d",
                    ts, bs, need, need / 1073741824.0, free_b, free_b / 1073741824.0, total_b / 1073741824.0, c->device);
    }
    return PSRNN_OK;
}

static int reserve(psrnn_context* c, int steps, int batch) {
    if (steps <= c->cap_steps && batch <= c->cap_batch) return PSRNN_OK;
    const psrnn_config& k = c->cfg;
    size_t ts = (size_t)(steps > c->cap_steps ? steps : c->cap_steps), bs = (size_t)(batch > c->cap_batch ? batch : c->cap_batch);
    CHECK(cudaStreamSynchronize(c->stream));
    free_activations(c);
    int rc = activations_fit(c, ts, bs, 0);
    if (rc != PSRNN_OK) return rc;
    size_t n = k.hidden, s = ts * bs;
    int z = gh_splits(k.hidden, (int64_t)s);
    cudaError_t e = alloc(&c->u, s * k.n_in);
    if (e == cudaSuccess) e = alloc(&c->targets, s * k.n_out);
    if (e == cudaSuccess) e = alloc(&c->labels, s);
    if (e == cudaSuccess) e = alloc(&c->mask, s);
    if (e == cudaSuccess) e = alloc(&c->r, (ts + 1) * bs * n);
    if (e == cudaSuccess) e = alloc(&c->x, bs * n);
    if (e == cudaSuccess) e = alloc(&c->dx, bs * n);
    if (e == cudaSuccess) e = alloc(&c->dxs, s * n);
    if (e == cudaSuccess) e = alloc(&c->y, s * k.n_out);
    if (e == cudaSuccess) e = alloc(&c->dy, s * k.n_out);
    if (e == cudaSuccess) e = alloc(&c->sample_loss, s);
    if (e == cudaSuccess) e = alloc(&c->small_parts, (s + 255) / 256 * n * (4 + k.n_in + k.n_out));
    if (e == cudaSuccess && k.hebb_rule == HEBB_COVARIANCE) e = alloc(&c->centred, 2 * s * n);
    if (e == cudaSuccess && z > 1) e = alloc(&c->gh_parts, 2 * (size_t)z * n * n);
    if (e == cudaSuccess) e = cudaMallocHost(&c->pin_u, s * k.n_in * sizeof(float));
    if (e == cudaSuccess) e = cudaMallocHost(&c->pin_targets, s * k.n_out * sizeof(float));
    if (e == cudaSuccess) e = cudaMallocHost(&c->pin_labels, s * sizeof(int32_t));
    if (e == cudaSuccess) e = cudaMallocHost(&c->pin_mask, s * sizeof(float));
    if (e != cudaSuccess) {
        free_activations(c);
        return cuda_fail(e, "allocating the activation buffers");
    }
    c->cap_steps = (int)ts;
    c->cap_batch = (int)bs;
    return PSRNN_OK;
}

/* ------------------------------------------------------------------ context */

/**
 * The fused form (fused.cuh) where it fits: one block per SM at most, each with U = ceil(N / SMs)
 * rows and columns of W and U rows of accumulators in shared memory (3 U N floats and the padding),
 * launched cooperatively; else PSRNN_ERROR_UNSUPPORTED saying why. The block count follows the
 * device; the sums do not (fused.cuh says how).
 */
static int choose_fused(psrnn_context* c, const cudaDeviceProp& prop) {
    size_t n = c->cfg.hidden, units = (n + c->sms - 1) / c->sms;
    // The accumulators need units x N floats; a whole U (N + 1) keeps the limit the model and the resource gate state.
    size_t smem = FUSED_FIXED_SHARED + 3 * units * (n + 1) * sizeof(float);
    // The dynamic maximum plus the kernel's static shared memory (none today; counted in case) must stay within the opt-in limit.
    cudaFuncAttributes attr;
    cudaError_t e = cudaFuncGetAttributes(&attr, fused_iteration);
    if (e != cudaSuccess) {
        cudaGetLastError();
        return cuda_fail(e, "cudaFuncGetAttributes (the fused kernel)");
    }
    size_t optin = (size_t)prop.sharedMemPerBlockOptin, fixed = attr.sharedSizeBytes;
    const char* why = nullptr;
    int per_sm = 0;
    if (!prop.cooperativeLaunch) {
        why = "the device cannot launch cooperative kernels";
    } else if (fixed > optin || smem > optin - fixed) {
        why = "its rows and columns of W with its rows of G and H do not fit in a block's shared memory";
    } else {
        e = cudaFuncSetAttribute(fused_iteration, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)(optin - fixed));
        if (e == cudaSuccess) e = cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, fused_iteration, FUSED_THREADS, smem);
        if (e != cudaSuccess) {
            cudaGetLastError();
            return cuda_fail(e, "preparing the fused kernel (cudaFuncSetAttribute, cudaOccupancyMaxActiveBlocksPerMultiprocessor)");
        }
        if (per_sm < 1) why = "the occupancy calculator fits no block on an SM";
    }
    if (why) {
        return fail(PSRNN_ERROR_UNSUPPORTED, "the fused kernel cannot run this network (N = %zu, %zu bytes of shared memory per block, %zu allowed): %s",
                    n, smem + fixed, optin, why);
    }
    e = alloc(&c->unit_parts, 3 * n);
    if (e != cudaSuccess) return cuda_fail(e, "allocating the fused kernel's buffers");
    c->kernel = 3;
    c->fused_units = (int)units;
    c->fused_blocks = (int)((n + units - 1) / units);
    c->fused_smem = smem;
    return PSRNN_OK;
}

extern "C" int psrnn_create(const psrnn_config* config, int32_t device, psrnn_context** out) {
    if (!config || !out) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    *out = nullptr;
    int rc = validate(*config);
    if (rc != PSRNN_OK) return rc;
    int count = 0;
    rc = psrnn_device_count(&count);
    if (rc != PSRNN_OK) return rc;
    if (device < 0 || device >= count) return fail(PSRNN_ERROR_ARGUMENT, "device %d does not exist (%d device(s))", device, count);
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, device));
    if (!has_code_for(device)) {
        return fail(PSRNN_ERROR_NO_DEVICE,
                    "this libpsrnn_cuda.so has no code for device %d (%s, compute capability %d.%d); rebuild it with "
                    "PSRNN_CUDA_ARCHS=%d%d native-build/build.sh",
                    device, prop.name, prop.major, prop.minor, prop.major, prop.minor);
    }
    if (config->tensor_math != 0 && config->recurrent_kernel != 0 && config->recurrent_kernel != 1) {
        static const char* const forms[] = {"auto", "tiled", "persistent", "fused", "blocked"};
        return fail(PSRNN_ERROR_UNSUPPORTED, "tensor_math = %d (%s) is for the tiled kernels only; recurrent_kernel = %d (%s) has no tensor-core form",
                    config->tensor_math, config->tensor_math == MATH_TF32X3 ? "tf32x3" : "tf32", config->recurrent_kernel,
                    forms[config->recurrent_kernel]);
    }
    if (config->tensor_math != 0 && prop.major < 8) {
        return fail(PSRNN_ERROR_UNSUPPORTED, "tensor_math = %d needs tf32 tensor cores (compute capability 8.0 or later); device %d (%s) is %d.%d",
                    config->tensor_math, device, prop.name, prop.major, prop.minor);
    }
    CHECK(cudaSetDevice(device));
    size_t free_b = 0, total_b = 0;
    CHECK(cudaMemGetInfo(&free_b, &total_b));
    size_t need = required_bytes(*config);
    if (need > free_b) {
        return fail(PSRNN_ERROR_OUT_OF_MEMORY,
                    "the network needs %zu bytes (%.2f GiB) of GPU memory; %zu bytes (%.2f GiB) of %.2f GiB are free on device %d",
                    need, need / 1073741824.0, free_b, free_b / 1073741824.0, total_b / 1073741824.0, device);
    }
    psrnn_context* c = new psrnn_context();
    memset(c, 0, sizeof *c);
    c->cfg = *config;
    c->device = device;
    c->sms = prop.multiProcessorCount;
    const char* graph_env = getenv("PSRNN_CUDA_STEP_GRAPH");
    c->step_graphs_on = !(graph_env && strcmp(graph_env, "0") == 0);
    const psrnn_config& k = c->cfg;
    size_t n = k.hidden;
    cudaError_t e = cudaStreamCreateWithFlags(&c->stream, cudaStreamNonBlocking);
    for (int t = 0; t < 5 && e == cudaSuccess; t++) {
        size_t sz = tensor_size(k, t);
        if (e == cudaSuccess) e = alloc(&c->p[t], sz);
        if (e == cudaSuccess) e = alloc(&c->m[t], sz);
        if (e == cudaSuccess) e = alloc(&c->v[t], sz);
        if (e == cudaSuccess) e = alloc(&c->g[t], sz);
    }
    if (e == cudaSuccess) e = alloc(&c->strong, n * n);
    if (e == cudaSuccess) e = alloc(&c->h, n * n);
    if (e == cudaSuccess) e = alloc(&c->q, n);
    if (e == cudaSuccess) e = alloc(&c->post_mean, n);
    if (e == cudaSuccess) e = alloc(&c->pre_mean, n);
    if (e == cudaSuccess) e = alloc(&c->values_dev, 1);
    if (e == cudaSuccess) e = cudaMallocHost(&c->values_pin, sizeof(StepValues));
    if (e == cudaSuccess) e = cudaMallocHost(&c->results_pin, sizeof(StepResults));
    if (e == cudaSuccess) e = alloc(&c->scalars, 5);
    if (e == cudaSuccess) e = alloc(&c->norm_parts, 5 * 256);
    if (e == cudaSuccess) e = alloc(&c->counts, 3);
    for (int t = 0; t < 5 && e == cudaSuccess; t++) {
        e = cudaMemsetAsync(c->m[t], 0, tensor_size(k, t) * sizeof(float), c->stream);
        if (e == cudaSuccess) e = cudaMemsetAsync(c->v[t], 0, tensor_size(k, t) * sizeof(float), c->stream);
    }
    if (e == cudaSuccess) e = cudaMemsetAsync(c->strong, 0, n * n, c->stream);
    if (e == cudaSuccess) e = cudaStreamSynchronize(c->stream);
    if (e != cudaSuccess) {
        psrnn_destroy(c);
        return cuda_fail(e, "allocating the network's buffers");
    }
    if ((rc = reserve(c, k.max_steps, k.max_batch)) != PSRNN_OK) {
        psrnn_destroy(c);
        return rc;
    }
    // The persistent kernels where every block's rows of W fit in shared memory and one block per SM fits on the device at once.
    // Whether they fit depends on the device, and the two forms sum in different orders: a run records the form it got
    // (psrnn_recurrent_kernel) and asks for it again when it resumes.
    // The blocked kernels run every network the tiled ones do (the same batch limit, tiles of any size); auto never picks them.
    c->kernel = k.recurrent_kernel == 4 ? 4 : 1;
    size_t units = (n + c->sms - 1) / c->sms, smem = units * (n + 1) * sizeof(float);
    const char* why = nullptr;
    if (!prop.cooperativeLaunch) {
        why = "the device cannot launch cooperative kernels";
    } else if (smem > (size_t)prop.sharedMemPerBlockOptin) {
        why = "its rows of W do not fit in a block's shared memory";
    } else if (k.tensor_math != 0) {
        why = "tensor_math asks for the tiled kernels";  // auto picks the one form that has tensor-core products
    } else if (k.recurrent_kernel == 0 || k.recurrent_kernel == 2) {
        // A per-kernel setting for the whole process: always the device's largest, so contexts never undo each other's.
        // A failure here is a CUDA error, reported as one, not a quiet fall back to the tiled form.
        int per_sm_f = 0, per_sm_b = 0;
        const char* call = "cudaFuncSetAttribute (the persistent kernels' shared memory)";
        e = cudaFuncSetAttribute(forward_persistent, cudaFuncAttributeMaxDynamicSharedMemorySize, prop.sharedMemPerBlockOptin);
        if (e == cudaSuccess) e = cudaFuncSetAttribute(backward_persistent, cudaFuncAttributeMaxDynamicSharedMemorySize, prop.sharedMemPerBlockOptin);
        if (e == cudaSuccess) {
            call = "cudaOccupancyMaxActiveBlocksPerMultiprocessor (the persistent kernels)";
            e = cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm_f, forward_persistent, 256, smem);
            if (e == cudaSuccess) e = cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm_b, backward_persistent, 256, smem);
        }
        if (e != cudaSuccess) {
            cudaGetLastError();
            psrnn_destroy(c);
            return cuda_fail(e, call);
        }
        if (per_sm_f >= 1 && per_sm_b >= 1) {
            c->kernel = 2;
            c->persistent_blocks = (int)((n + units - 1) / units);
            c->persistent_smem = smem;
        } else {
            why = "the occupancy calculator fits no block on an SM";
        }
    }
    cudaGetLastError();
    if (k.recurrent_kernel == 3 && (rc = choose_fused(c, prop)) != PSRNN_OK) {
        psrnn_destroy(c);
        return rc;
    }
    if (k.recurrent_kernel == 2 && c->kernel != 2) {
        psrnn_destroy(c);
        // config, not k: k is the context's copy, gone with it
        return fail(PSRNN_ERROR_UNSUPPORTED, "the persistent kernel cannot run this network (N = %d, %zu bytes of W per block, %d allowed): %s",
                    config->hidden, smem, prop.sharedMemPerBlockOptin, why ? why : "unknown");
    }
    *out = c;
    return PSRNN_OK;
}

extern "C" int psrnn_destroy(psrnn_context* c) {
    if (!c) return PSRNN_OK;
    cudaSetDevice(c->device);
    if (c->stream) cudaStreamSynchronize(c->stream);
    free_activations(c);
    for (int t = 0; t < 5; t++) {
        cudaFree(c->p[t]);
        cudaFree(c->m[t]);
        cudaFree(c->v[t]);
        cudaFree(c->g[t]);
    }
    void* bufs[] = {c->strong, c->h, c->q, c->post_mean, c->pre_mean, c->values_dev, c->scalars, c->norm_parts, c->counts, c->unit_parts};
    for (void* b : bufs) cudaFree(b);
    cudaFreeHost(c->values_pin);
    cudaFreeHost(c->results_pin);
    if (c->stream) cudaStreamDestroy(c->stream);
    delete c;
    return PSRNN_OK;
}

static float* tensor_ptr(psrnn_context* c, int which) {
    if (which < 5) return c->p[which];
    if (which < 10) return c->m[which - 5];
    return c->v[which - 10];
}

/** A copy on the context's stream, finished before returning (so it is ordered with every kernel of the context). */
static int copy(psrnn_context* c, void* dst, const void* src, size_t bytes, cudaMemcpyKind kind) {
    CHECK(cudaSetDevice(c->device));
    CHECK(cudaMemcpyAsync(dst, src, bytes, kind, c->stream));
    CHECK(cudaStreamSynchronize(c->stream));
    return PSRNN_OK;
}

extern "C" int psrnn_upload(psrnn_context* c, int32_t which, const float* host, int64_t count) {
    if (!c || !host || which < 0 || which >= PSRNN_TENSOR_COUNT) return fail(PSRNN_ERROR_ARGUMENT, "bad upload arguments");
    if ((size_t)count != tensor_size(c->cfg, which)) {
        return fail(PSRNN_ERROR_ARGUMENT, "tensor %d has %zu entries, got %lld", which, tensor_size(c->cfg, which), (long long)count);
    }
    return copy(c, tensor_ptr(c, which), host, count * sizeof(float), cudaMemcpyHostToDevice);
}

extern "C" int psrnn_download(psrnn_context* c, int32_t which, float* host, int64_t count) {
    if (!c || !host || which < 0 || which >= PSRNN_TENSOR_COUNT) return fail(PSRNN_ERROR_ARGUMENT, "bad download arguments");
    if ((size_t)count != tensor_size(c->cfg, which)) {
        return fail(PSRNN_ERROR_ARGUMENT, "tensor %d has %zu entries, asked %lld", which, tensor_size(c->cfg, which), (long long)count);
    }
    return copy(c, host, tensor_ptr(c, which), count * sizeof(float), cudaMemcpyDeviceToHost);
}

extern "C" int psrnn_upload_strong(psrnn_context* c, const uint8_t* host, int64_t count) {
    if (!c || !host || count != (int64_t)c->cfg.hidden * c->cfg.hidden) return fail(PSRNN_ERROR_ARGUMENT, "S must have N*N entries");
    int64_t strong = 0;
    for (int64_t i = 0; i < count; i++) {
        if (host[i] > 1) return fail(PSRNN_ERROR_ARGUMENT, "S[%lld] = %d: synapse states must be 0 or 1", (long long)i, host[i]);
        strong += host[i];
    }
    int rc = copy(c, c->strong, host, count, cudaMemcpyHostToDevice);
    if (rc == PSRNN_OK) c->strong_count = strong;
    return rc;
}

extern "C" int psrnn_download_strong(psrnn_context* c, uint8_t* host, int64_t count) {
    if (!c || !host || count != (int64_t)c->cfg.hidden * c->cfg.hidden) return fail(PSRNN_ERROR_ARGUMENT, "S must have N*N entries");
    return copy(c, host, c->strong, count, cudaMemcpyDeviceToHost);
}

extern "C" int psrnn_set_iteration(psrnn_context* c, int64_t iteration) {
    if (!c || iteration < 0) return fail(PSRNN_ERROR_ARGUMENT, "iteration must be >= 0");  // counters use it mod 2^32
    c->iteration = iteration;
    return PSRNN_OK;
}

extern "C" int psrnn_get_iteration(psrnn_context* c, int64_t* iteration) {
    if (!c || !iteration) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    *iteration = c->iteration;
    return PSRNN_OK;
}

extern "C" int psrnn_recurrent_kernel(psrnn_context* c, int32_t* kind) {
    if (!c || !kind) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    *kind = c->kernel;
    return PSRNN_OK;
}

/* ------------------------------------------------------------------ one call */

/**
 * Checks a batch, grows the buffers if needed and copies it into the pinned staging buffers; fills
 * the pinned StepValues but Adam's corrections and step 5's form (psrnn_step's). Queues nothing:
 * queue_upload copies from the pinned buffers to the device.
 */
static int stage_batch(psrnn_context* c, const psrnn_batch* b) {
    const psrnn_config& k = c->cfg;
    if (!b || b->steps < 1 || b->size < 1 || b->steps >= (1 << 24)) {
        return fail(PSRNN_ERROR_ARGUMENT, "a batch of %d steps x %d trials is not allowed: steps in [1, 2^24), trials >= 1", b ? b->steps : 0,
                    b ? b->size : 0);
    }
    if (b->size > 65535 * TM) {  // the tiled kernels' gridDim.y: 65,535 tiles of TM trials
        return fail(PSRNN_ERROR_ARGUMENT, "a batch of %d trials is not allowed: the CUDA engine takes at most %d (65535 tiles of %d)", b->size,
                    65535 * TM, TM);
    }
    size_t s = (size_t)b->steps * b->size, widest = k.hidden > 16 ? k.hidden : 16;
    if (s > (size_t)65535 * 256 || s * widest >= ((size_t)1 << 31) || ((size_t)b->steps + 1) * b->size * k.hidden >= ((size_t)1 << 31)) {
        // Where such a batch would not fit in memory either, that is the message that says what it needs.
        size_t ts = (size_t)(b->steps > c->cap_steps ? b->steps : c->cap_steps), bs = (size_t)(b->size > c->cap_batch ? b->size : c->cap_batch);
        size_t held = c->cap_steps > 0 ? activation_bytes(k, c->cap_steps, c->cap_batch) : 0;
        int rc = activations_fit(c, ts, bs, held);
        if (rc != PSRNN_OK) return rc;
        return fail(PSRNN_ERROR_ARGUMENT, "a batch of %d steps x %d trials is too large for N = %d: steps x trials x N must stay below 2^31",
                    b->steps, b->size, k.hidden);
    }
    if (!b->inputs || !b->mask || (k.loss == 0 && !b->targets) || (k.loss == 1 && !b->labels)) {
        return fail(PSRNN_ERROR_ARGUMENT, "batch lacks inputs, mask, or the %s the loss needs", k.loss == 0 ? "targets" : "labels");
    }
    if (k.loss == 1) {
        for (size_t i = 0; i < s; i++) {
            if (b->labels[i] < 0 || b->labels[i] >= k.n_out) {
                return fail(PSRNN_ERROR_ARGUMENT, "labels[%zu] = %d is not allowed: must be in [0, %d)", i, b->labels[i], k.n_out);
            }
        }
    }
    int rc = reserve(c, b->steps, b->size);
    if (rc != PSRNN_OK) return rc;
    memcpy(c->pin_u, b->inputs, s * k.n_in * sizeof(float));
    memcpy(c->pin_mask, b->mask, s * sizeof(float));
    if (k.loss == 0) memcpy(c->pin_targets, b->targets, s * k.n_out * sizeof(float));
    else memcpy(c->pin_labels, b->labels, s * sizeof(int32_t));
    StepValues& v = *c->values_pin;
    v = StepValues{};
    v.explicit_noise = b->noise != nullptr;
    if (v.explicit_noise) {
        if (!c->noise) {
            size_t need = (size_t)c->cap_steps * c->cap_batch * k.hidden * sizeof(float), free_b = 0, total_b = 0;
            CHECK(cudaStreamSynchronize(c->stream));
            CHECK(cudaMemGetInfo(&free_b, &total_b));
            if (need > free_b) {
                return fail(PSRNN_ERROR_OUT_OF_MEMORY, "explicit noise needs %.2f GiB of GPU memory; %.2f GiB are free on device %d",
                            need / 1073741824.0, free_b / 1073741824.0, c->device);
            }
            CHECK(alloc(&c->noise, (size_t)c->cap_steps * c->cap_batch * k.hidden));
            drop_graphs(c);  // graphs captured before hold the old (null) noise pointer
        }
        if (!c->pin_noise) CHECK(cudaMallocHost(&c->pin_noise, (size_t)c->cap_steps * c->cap_batch * k.hidden * sizeof(float)));
        memcpy(c->pin_noise, b->noise, s * k.hidden * sizeof(float));
    }
    v.iteration = (uint32_t)c->iteration;
    double sum = 0.0;
    for (size_t i = 0; i < s; i++) sum += b->mask[i];
    v.mask_sum = sum;
    return PSRNN_OK;
}

/** Queues the copies of the staged batch and of this call's StepValues from pinned memory to the device. */
static int queue_upload(psrnn_context* c, const Args& a, bool explicit_noise) {
    const psrnn_config& k = c->cfg;
    size_t s = (size_t)a.samples;
    CHECK(cudaMemcpyAsync(c->values_dev, c->values_pin, sizeof(StepValues), cudaMemcpyHostToDevice, c->stream));
    CHECK(cudaMemcpyAsync(c->u, c->pin_u, s * k.n_in * sizeof(float), cudaMemcpyHostToDevice, c->stream));
    CHECK(cudaMemcpyAsync(c->mask, c->pin_mask, s * sizeof(float), cudaMemcpyHostToDevice, c->stream));
    if (k.loss == 0) CHECK(cudaMemcpyAsync(c->targets, c->pin_targets, s * k.n_out * sizeof(float), cudaMemcpyHostToDevice, c->stream));
    else CHECK(cudaMemcpyAsync(c->labels, c->pin_labels, s * sizeof(int32_t), cudaMemcpyHostToDevice, c->stream));
    if (explicit_noise) CHECK(cudaMemcpyAsync(c->noise, c->pin_noise, s * k.hidden * sizeof(float), cudaMemcpyHostToDevice, c->stream));
    return PSRNN_OK;
}

/** The cached graphs of this batch shape, or a free (or the least recently used) slot for them. */
static GraphPair& graphs_for(psrnn_context* c, int steps, int batch) {
    GraphPair* slot = &c->graphs[0];
    for (GraphPair& gp : c->graphs) {
        if ((gp.fwd || gp.bwd) && gp.steps == steps && gp.batch == batch) {
            gp.used = ++c->graph_clock;
            return gp;
        }
        if (gp.used < slot->used) slot = &gp;
    }
    if (slot->fwd) cudaGraphExecDestroy(slot->fwd);
    if (slot->bwd) cudaGraphExecDestroy(slot->bwd);
    *slot = GraphPair{steps, batch, nullptr, nullptr, ++c->graph_clock};
    return *slot;
}

/**
 * The forward or backward steps of one batch shape with the per-step kernels of the context's form
 * (tiled, or blocked where c->kernel is 4): T launches.
 */
static void queue_tiled_steps(psrnn_context* c, const Args& a, bool backward) {
    bool blocked = c->kernel == 4;
    dim3 grid((a.n + TN - 1) / TN, (a.batch + TM - 1) / TM);
    dim3 grid_blocked((a.n + BLK_UNITS - 1) / BLK_UNITS, (a.batch + BLK_TRIALS - 1) / BLK_TRIALS);
    StepKernel step = tiled_step(c->cfg.tensor_math, backward);  // fp32 or tensor-core products (tensor.cuh)
    if (!backward) {
        for (int t = 0; t < a.steps; t++) {
            if (blocked) LAUNCH(forward_blocked, grid_blocked, BLK_THREADS, 0, c->stream)(a, t);
            else LAUNCH(step, grid, 256, 0, c->stream)(a, t);
        }
    } else {
        for (int t = a.steps - 1; t >= 0; t--) {
            if (blocked) LAUNCH(backward_blocked, grid_blocked, BLK_THREADS, 0, c->stream)(a, t);
            else LAUNCH(step, grid, 256, 0, c->stream)(a, t);
        }
    }
}

/**
 * The per-step kernels: into the graph being captured when psrnn_step captures its iteration, else
 * as a CUDA graph of this batch shape made once and replayed (psrnn_forward, psrnn_gradients).
 */
static int run_tiled(psrnn_context* c, const Args& a, bool backward) {
    if (c->capturing) {
        queue_tiled_steps(c, a, backward);
        return PSRNN_OK;
    }
    GraphPair& gp = graphs_for(c, a.steps, a.batch);
    cudaGraphExec_t& exec = backward ? gp.bwd : gp.fwd;
    if (!exec) {
        cudaGraph_t graph;
        CHECK(cudaStreamBeginCapture(c->stream, cudaStreamCaptureModeThreadLocal));
        queue_tiled_steps(c, a, backward);
        CHECK(cudaStreamEndCapture(c->stream, &graph));
        cudaGraphExec_t made = nullptr;
        cudaError_t e = cudaGraphInstantiate(&made, graph, 0);
        cudaGraphDestroy(graph);
        if (e != cudaSuccess) return cuda_fail(e, "cudaGraphInstantiate");
        exec = made;
    }
    CHECK(cudaGraphLaunch(exec, c->stream));
    return PSRNN_OK;
}

static int run_persistent(psrnn_context* c, Args a, bool backward) {
    int units = (a.n + c->persistent_blocks - 1) / c->persistent_blocks;
    void* params[] = {&a, &units};
    void (*kernel)(Args, int) = backward ? backward_persistent : forward_persistent;
    CHECK(cudaLaunchCooperativeKernel(kernel, c->persistent_blocks, 256, params, c->persistent_smem, c->stream));
    return PSRNN_OK;
}

/** Steps 1 and 2, queued: forward, outputs and loss (into scalars[0]), and BPTT when `backward`. */
static int forward_backward(psrnn_context* c, const Args& a, bool backward) {
    LAUNCH(initial_rates, blocks_for((size_t)a.batch * a.n, 256), 256, 0, c->stream)(a);
    int rc = c->kernel == 2 ? run_persistent(c, a, false) : run_tiled(c, a, false);
    if (rc != PSRNN_OK) return rc;
    LAUNCH(outputs_and_loss, blocks_for(a.samples, 8), 256, 0, c->stream)(a, backward ? 1 : 0);
    LAUNCH(sum_fixed_order, 1, 1024, 0, c->stream)(c->sample_loss, a.samples, c->scalars);
    if (backward) {
        rc = c->kernel == 2 ? run_persistent(c, a, true) : run_tiled(c, a, true);
        if (rc != PSRNN_OK) return rc;
    }
    CHECK(cudaGetLastError());
    return PSRNN_OK;
}

constexpr int SMALL_CHUNK = 256;   // samples per partial sum of the small gradients
constexpr int NORM_BLOCKS = 256;   // blocks per tensor of the norm's partial sums

/** Queues G, H (when `with_h`) and the small gradients from the stored activations, and the norm^2 into scalars[1]. */
static int gradients(psrnn_context* c, const Args& a, bool with_h) {
    const psrnn_config& k = c->cfg;
    size_t n = k.hidden, nn = n * n;
    int chunks = blocks_for(a.samples, SMALL_CHUNK);
    LAUNCH(small_gradients, dim3(blocks_for(n, 128), chunks), 128, 0, c->stream)(a, c->small_parts, SMALL_CHUNK);
    LAUNCH(reduce_small, blocks_for(n, 128), 128, 0, c->stream)(a, c->small_parts, chunks, c->g[0], c->g[3], c->g[2], c->q,
                                                             c->post_mean, c->pre_mean);
    LAUNCH(output_bias_gradient, 1, 256, 0, c->stream)(a, c->g[4]);
    float h_scale = 1.0f / a.samples;
    const float* post = c->r + (size_t)a.batch * n;
    const float* pre = c->r;
    if (k.hebb_rule == HEBB_COVARIANCE) {
        size_t total = (size_t)a.samples * n;
        LAUNCH(centre, blocks_for(total, 256), 256, 0, c->stream)(a, c->post_mean, c->pre_mean, c->centred);
        post = c->centred;
        pre = c->centred + total;
    }
    int z = gh_splits((int)n, a.samples);
    int per_split = blocks_for(blocks_for(a.samples, z), GK) * GK;
    dim3 grid(blocks_for(n, GN), blocks_for(n, GM), z);
    float* gdst = z > 1 ? c->gh_parts : c->g[1];
    float* hdst = z > 1 ? c->gh_parts + (size_t)z * nn : c->h;
    GhKernel gh = gh_kernel(k.tensor_math, with_h);
    LAUNCH(gh, grid, 256, 0, c->stream)(a.dxs, post, pre, a.samples, per_split, (int)n, gdst, hdst, h_scale);
    if (z > 1) {
        LAUNCH(reduce_gh, blocks_for(nn, 256), 256, 0, c->stream)(c->gh_parts, with_h ? c->gh_parts + (size_t)z * nn : nullptr, z, nn, c->g[1],
                                                             c->h, h_scale);
    }
    if (k.hebb_rule == HEBB_COVARIANCE) {
        LAUNCH(uncentre_g, blocks_for(nn, 256), 256, 0, c->stream)(c->g[1], c->g[3], c->pre_mean, (int)n);
    }
    for (int t = 0; t < 5; t++) {
        size_t count = tensor_size(k, t);
        LAUNCH(sum_squares, NORM_BLOCKS, 256, 0, c->stream)(c->g[t], count, t == 1 ? c->strong : nullptr, c->norm_parts + t * NORM_BLOCKS);
    }
    LAUNCH(sum_fixed_order, 1, 1024, 0, c->stream)(c->norm_parts, 5 * NORM_BLOCKS, c->scalars + 1);
    CHECK(cudaGetLastError());
    return PSRNN_OK;
}

/** After a failure with work queued: wait for it, so nothing of this call is still running when the caller goes on. */
static int abandon(psrnn_context* c, int rc) {
    cudaStreamSynchronize(c->stream);
    cudaGetLastError();
    return rc;
}

/** Waits for the queued work and reports any error it hit. */
static int finish(psrnn_context* c) {
    CHECK(cudaStreamSynchronize(c->stream));
    CHECK(cudaGetLastError());
    return PSRNN_OK;
}

/** Queues the fused kernel (fused.cuh) in `mode` on the batch in the context's buffers; per-call values come from a.step. */
static int run_fused(psrnn_context* c, const Args& a, int mode, int hebb_step, const AdamRule& adam, const HebbianRule& hebb,
                     const SwitchRule& sw) {
    FusedArgs f = {};
    f.units = c->fused_units;
    f.mode = mode;
    f.hebb_step = hebb_step;
    f.clip = c->cfg.clip;
    f.h_scale = 1.0f / a.samples;
    f.adam = adam;
    f.hebb = hebb;
    f.sw = sw;
    f.g_in = c->g[0];
    f.g_rec = c->g[1];
    f.g_out = c->g[2];
    f.g_brec = c->g[3];
    f.g_bout = c->g[4];
    for (int t = 0; t < 5; t++) {
        f.m[t] = c->m[t];
        f.v[t] = c->v[t];
    }
    f.h = c->h;
    f.q = c->q;
    f.post_mean = c->post_mean;
    f.pre_mean = c->pre_mean;
    f.strong = c->strong;
    f.unit_parts = c->unit_parts;
    Args args = a;
    void* params[] = {&args, &f};
    CHECK(cudaLaunchCooperativeKernel(fused_iteration, c->fused_blocks, FUSED_THREADS, params, c->fused_smem, c->stream));
    return PSRNN_OK;
}

/** The Adam hyper-parameters (the bias corrections are read from StepValues), the Hebbian rule and the switching rule, as the kernels take them. */
static AdamRule adam_rule(const psrnn_config& k) { return {(float)k.lr, (float)k.beta1, (float)k.beta2, (float)k.eps, 0.0f, 0.0f}; }
static HebbianRule hebbian_rule(const psrnn_config& k) { return {k.hebb_rule, (float)k.eta_h, (float)k.lambda, (float)k.w_max}; }
static SwitchRule switch_rule(const psrnn_config& k) { return {k.switch_mode, k.theta, k.hysteresis, k.kappa, k.temp}; }

/** Queues the copies of the step's scalars and counts out to pinned memory. */
static int queue_results(psrnn_context* c) {
    CHECK(cudaMemcpyAsync(c->results_pin->scalars, c->scalars, sizeof c->results_pin->scalars, cudaMemcpyDeviceToHost, c->stream));
    CHECK(cudaMemcpyAsync(c->results_pin->counts, c->counts, sizeof c->results_pin->counts, cudaMemcpyDeviceToHost, c->stream));
    CHECK(cudaGetLastError());
    return PSRNN_OK;
}

/**
 * One iteration's work after the batch is staged, queued in order: the copies in, steps 1-6, and
 * the copies of the scalars and counts out to pinned memory. Both the capture of an iteration's
 * graph and a plain run queue through here; a new form of the iteration is one more branch here.
 */
static int queue_step(psrnn_context* c, const Args& a, const StepForm& f) {
    const psrnn_config& k = c->cfg;
    int rc = queue_upload(c, a, f.explicit_noise != 0);
    if (rc != PSRNN_OK) return rc;
    AdamRule adam = adam_rule(k);
    HebbianRule hebb = hebbian_rule(k);
    SwitchRule sw = switch_rule(k);
    if (c->kernel == 3) {
        CHECK(cudaMemsetAsync(c->counts, 0, 3 * sizeof(unsigned long long), c->stream));
        if ((rc = run_fused(c, a, FUSED_STEP, f.hebb_step, adam, hebb, sw)) != PSRNN_OK) return rc;
        return queue_results(c);
    }
    if ((rc = forward_backward(c, a, true)) != PSRNN_OK) return rc;
    if ((rc = gradients(c, a, f.hebb_step != HEBB_STEP_OFF)) != PSRNN_OK) return rc;
    if (f.hebb_step == HEBB_STEP_RANDOM) {
        LAUNCH(weak_square_sums, NORM_BLOCKS, 256, 0, c->stream)(a, c->h, c->strong, c->norm_parts);
        LAUNCH(sum_fixed_order, 1, 1024, 0, c->stream)(c->norm_parts, NORM_BLOCKS, c->scalars + 3);
        LAUNCH(sum_fixed_order, 1, 1024, 0, c->stream)(c->norm_parts + NORM_BLOCKS, NORM_BLOCKS, c->scalars + 4);
    }
    LAUNCH(clip_scale, 1, 1, 0, c->stream)(c->scalars, k.clip);
    for (int t = 0; t < 5; t++) {
        if (t == 1) continue;
        int count = (int)tensor_size(k, t);
        LAUNCH(adam_dense, blocks_for(count, 256), 256, 0, c->stream)(c->p[t], c->g[t], c->m[t], c->v[t], count, adam, c->scalars, a.step);
    }
    CHECK(cudaMemsetAsync(c->counts, 0, 3 * sizeof(unsigned long long), c->stream));
    size_t nn = (size_t)k.hidden * k.hidden;
    LAUNCH(update_recurrent, blocks_for(nn, 256), 256, 0, c->stream)(a, c->m[1], c->v[1], c->strong, c->g[1], c->h, c->q, adam, hebb, sw,
                                                                  c->scalars);
    return queue_results(c);
}

/** The cached graph of this iteration form, or a free (or the least recently used) slot for it. */
static StepGraph& step_graph_for(psrnn_context* c, const StepForm& f) {
    StepGraph* slot = &c->step_graphs[0];
    for (StepGraph& sg : c->step_graphs) {
        if (sg.exec && sg.form == f) {
            sg.used = ++c->graph_clock;
            return sg;
        }
        if (sg.used < slot->used) slot = &sg;
    }
    if (slot->exec) cudaGraphExecDestroy(slot->exec);
    *slot = StepGraph{f, nullptr, ++c->graph_clock};
    return *slot;
}

/**
 * Queues one iteration as one graph launch: captured through queue_step on the form's first
 * iteration, replayed after. Without step graphs, queue_step itself (the same work, launch by launch).
 */
static int run_step(psrnn_context* c, const Args& a, const StepForm& f) {
    if (!c->step_graphs_on) return queue_step(c, a, f);
    StepGraph& sg = step_graph_for(c, f);
    if (!sg.exec) {
        CHECK(cudaStreamBeginCapture(c->stream, cudaStreamCaptureModeThreadLocal));
        c->capturing = true;
        int rc = queue_step(c, a, f);
        c->capturing = false;
        cudaGraph_t graph = nullptr;
        cudaError_t e = cudaStreamEndCapture(c->stream, &graph);
        if (rc != PSRNN_OK || e != cudaSuccess) {
            if (graph) cudaGraphDestroy(graph);
            cudaGetLastError();
            return rc != PSRNN_OK ? rc : cuda_fail(e, "cudaStreamEndCapture (the iteration's graph)");
        }
        cudaGraphExec_t made = nullptr;
        e = cudaGraphInstantiate(&made, graph, 0);
        cudaGraphDestroy(graph);
        if (e != cudaSuccess) return cuda_fail(e, "cudaGraphInstantiate (the iteration's graph)");
        sg.exec = made;
    }
    CHECK(cudaGraphLaunch(sg.exec, c->stream));
    return PSRNN_OK;
}

extern "C" int psrnn_step(psrnn_context* c, const psrnn_batch* b, psrnn_stats* stats) {
    if (!c || !stats) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    CHECK(cudaSetDevice(c->device));
    int rc = stage_batch(c, b);
    if (rc != PSRNN_OK) return abandon(c, rc);
    const psrnn_config& k = c->cfg;
    size_t nn = (size_t)k.hidden * k.hidden;
    // H is read only where a synapse is WEAK at the start of the iteration, and only before hebb_until.
    bool hebbian_on = c->strong_count < (int64_t)nn && c->iteration < (long long)k.hebb_until;
    StepValues& v = *c->values_pin;
    v.hebb_step = !hebbian_on ? HEBB_STEP_OFF : k.hebb_term == HEBB_TERM_RANDOM ? HEBB_STEP_RANDOM : HEBB_STEP_ACTIVITY;
    long long step = c->iteration + 1;
    v.inv_correction1 = (float)(1.0 / (1.0 - pow(k.beta1, (double)step)));
    v.inv_correction2 = (float)(1.0 / (1.0 - pow(k.beta2, (double)step)));
    Args a = args_of(c, b->steps, b->size);
    StepForm f = {b->steps, b->size, c->kernel, v.hebb_step, v.explicit_noise};
    if ((rc = run_step(c, a, f)) != PSRNN_OK) return abandon(c, rc);
    if ((rc = finish(c)) != PSRNN_OK) return rc;
    const StepResults& r = *c->results_pin;
    c->iteration++;
    c->strong_count = (int64_t)r.counts[2];
    stats->loss = r.scalars[0];
    stats->grad_norm = sqrt(r.scalars[1]);
    stats->clip_scale = r.scalars[2];
    stats->switches_up = (int64_t)r.counts[0];
    stats->switches_down = (int64_t)r.counts[1];
    stats->strong_count = (int64_t)r.counts[2];
    return PSRNN_OK;
}

extern "C" int psrnn_forward(psrnn_context* c, const psrnn_batch* b, float* outputs, double* loss) {
    if (!c || !outputs || !loss) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    CHECK(cudaSetDevice(c->device));
    int rc = stage_batch(c, b);
    if (rc != PSRNN_OK) return abandon(c, rc);
    Args a = args_of(c, b->steps, b->size);
    if ((rc = queue_upload(c, a, c->values_pin->explicit_noise != 0)) != PSRNN_OK) return abandon(c, rc);
    rc = c->kernel == 3 ? run_fused(c, a, FUSED_FORWARD, HEBB_STEP_OFF, adam_rule(c->cfg), hebbian_rule(c->cfg), switch_rule(c->cfg))
                        : forward_backward(c, a, false);
    if (rc != PSRNN_OK) return abandon(c, rc);
    cudaError_t e = cudaMemcpyAsync(outputs, c->y, (size_t)a.samples * a.n_out * sizeof(float), cudaMemcpyDeviceToHost, c->stream);
    if (e == cudaSuccess) e = cudaMemcpyAsync(c->results_pin->scalars, c->scalars, sizeof(double), cudaMemcpyDeviceToHost, c->stream);
    if (e != cudaSuccess) return abandon(c, cuda_fail(e, "reading the outputs"));
    if ((rc = finish(c)) != PSRNN_OK) return rc;
    *loss = c->results_pin->scalars[0];
    return PSRNN_OK;
}

extern "C" int psrnn_gradients(psrnn_context* c, const psrnn_batch* b, float* g_in, float* g_rec, float* g_out, float* g_brec,
                               float* g_bout, float* hebb, double* loss, double* norm) {
    if (!c || !g_in || !g_rec || !g_out || !g_brec || !g_bout || !hebb || !loss || !norm) return fail(PSRNN_ERROR_ARGUMENT, "null argument");
    CHECK(cudaSetDevice(c->device));
    int rc = stage_batch(c, b);
    if (rc != PSRNN_OK) return abandon(c, rc);
    Args a = args_of(c, b->steps, b->size);
    if ((rc = queue_upload(c, a, c->values_pin->explicit_noise != 0)) != PSRNN_OK) return abandon(c, rc);
    if (c->kernel == 3) {
        rc = run_fused(c, a, FUSED_GRADIENTS, HEBB_STEP_OFF, adam_rule(c->cfg), hebbian_rule(c->cfg), switch_rule(c->cfg));
        if (rc != PSRNN_OK) return abandon(c, rc);
    } else {
        if ((rc = forward_backward(c, a, true)) != PSRNN_OK) return abandon(c, rc);
        if ((rc = gradients(c, a, true)) != PSRNN_OK) return abandon(c, rc);
    }
    float* dst[5] = {g_in, g_rec, g_out, g_brec, g_bout};
    double* scalars = c->results_pin->scalars;
    cudaError_t e = cudaSuccess;
    for (int t = 0; t < 5 && e == cudaSuccess; t++) {
        e = cudaMemcpyAsync(dst[t], c->g[t], tensor_size(c->cfg, t) * sizeof(float), cudaMemcpyDeviceToHost, c->stream);
    }
    if (e == cudaSuccess) e = cudaMemcpyAsync(hebb, c->h, (size_t)c->cfg.hidden * c->cfg.hidden * sizeof(float), cudaMemcpyDeviceToHost, c->stream);
    if (e == cudaSuccess) e = cudaMemcpyAsync(scalars, c->scalars, 2 * sizeof(double), cudaMemcpyDeviceToHost, c->stream);
    if (e != cudaSuccess) return abandon(c, cuda_fail(e, "reading the gradients"));
    if ((rc = finish(c)) != PSRNN_OK) return rc;
    *loss = scalars[0];
    *norm = sqrt(scalars[1]);
    return PSRNN_OK;
}
