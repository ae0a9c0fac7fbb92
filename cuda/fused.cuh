/*
 * Part of psrnn_cuda.cu's one translation unit: the fused form (recurrent_kernel 3), the whole of
 * MODEL.md steps 1-7 in one cooperative launch. Included by psrnn_cuda.cu only.
 *
 * Block b owns the units [b U, b U + U) and keeps on chip, for the whole iteration, its U rows of W
 * (for the forward products), its U columns of W (for BPTT's W^T products) and one accumulator per
 * entry of its U rows: G where the synapse is STRONG, H where it is WEAK, since each entry's update
 * reads only that one (3 U N floats of shared memory, after 10 KiB of fixed buffers; no static
 * shared memory, so the dynamic size is all of it). In order, with a grid barrier where a block
 * reads what others wrote:
 *
 *   forward   T steps: the block's drives W r_{t-1} (rows from shared memory, r_{t-1} staged through
 *             shared memory 32 units at a time), then the leaky update, noise and activation of its
 *             units; a barrier per step;
 *   outputs   one warp per sample over the grid: y, the loss term and dL/dy; the means of the
 *             block's units (the covariance rule centres with them); a barrier;
 *   BPTT      T steps down: W^T (alpha dx_{t+1}) from the columns, the epilogue, then G or H of
 *             each entry of the block's rows accumulated from alpha dx_t and r_t of its own units
 *             and r_{t-1} of all (so no pass over the stored activations follows); a barrier per step;
 *   gradients the small gradients of the block's units, H scaled by 1/S, per unit of the block the
 *             norm's part (G where S = 1 and the small gradients of that unit) and the random
 *             control's two sums; a barrier;
 *   update    every block sums the per-unit parts in the same fixed order, so every block holds the
 *             same norm and clipping scale; then steps 4-6 on its rows of W from shared memory and
 *             Adam on its entries of the small tensors. W, S and the moments are read once and
 *             written once.
 *
 * No sum depends on which block computes it or on how many blocks there are: a drive or an entry of
 * G or H is one thread's sum in a fixed order (units ascending, samples in time order), a per-unit
 * sum is one warp's (lanes over samples, then a fixed butterfly), and the grid-wide sums run over
 * per-unit or per-sample parts in a fixed tree. So the numbers are the same on every GPU, whatever
 * its SM count. They are not the other forms' numbers bit for bit (those sum in other orders): a
 * run records its form.
 */
#pragma once

/** What the fused kernel does: MODEL.md steps 1-2 (psrnn_forward), 1-3 with dense G and H (psrnn_gradients), or 1-7. */
enum FusedMode { FUSED_FORWARD = 0, FUSED_GRADIENTS = 1, FUSED_STEP = 2 };

constexpr int FUSED_THREADS = 256;   // a block: 4 groups of 64 trials in the products
constexpr int FUSED_CHUNK = 32;      // units of r (or alpha dx) staged in shared memory at a time
constexpr int FUSED_ROWS = 32;       // rows of W per pass of a product (8 accumulators a thread)
constexpr int FUSED_GH_ROWS = 8;     // rows of G and H per pass of the accumulation (registers a thread)
/**
 * Bytes of the kernel's fixed shared buffers, at the start of its dynamic shared memory: the
 * reductions' FUSED_THREADS doubles, then the FUSED_CHUNK x 65 floats of staged r. The kernel has
 * no static shared memory, so the dynamic size psrnn_create asks for is all of it.
 */
constexpr int FUSED_FIXED_SHARED = FUSED_THREADS * (int)sizeof(double) + FUSED_CHUNK * 65 * (int)sizeof(float);

/** The fused kernel's arguments besides Args: its buffers and the settings of steps 3-6. */
struct FusedArgs {
    int units;                 // U, the rows of W a block owns
    int mode;                  // FusedMode
    int hebb_step;             // HebbianStep, FUSED_STEP only
    double clip;
    float h_scale;             // 1 / (T B)
    AdamRule adam;             // the hyper-parameters; the bias corrections are this call's, from a.step
    HebbianRule hebb;
    SwitchRule sw;
    float *g_in, *g_rec, *g_out, *g_brec, *g_bout;  // gradients (g_rec, with h, written in FUSED_GRADIENTS only)
    float *m[5], *v[5];        // the moments of W_in, W, W_out, b_rec, b_out
    float *h, *q, *post_mean, *pre_mean;
    uint8_t* strong;
    double* unit_parts;        // 3 N: the norm's part, sum_WEAK H^2 and sum_WEAK z^2 of each unit
};

/** The sum of x over the 32 lanes of a warp, by a fixed butterfly; every lane gets it. */
template <typename T>
__device__ __forceinline__ T warp_sum(T x) {
    for (int off = 16; off > 0; off >>= 1) x += __shfl_xor_sync(0xffffffffu, x, off);
    return x;
}

/**
 * sum of in[0 .. count) by the whole block in a fixed order (threads strided, then a tree) in the
 * block's FUSED_THREADS doubles `part`; every thread gets it.
 */
__device__ double block_sum(const double* in, int count, double* part) {
    double acc = 0.0;
    for (int e = threadIdx.x; e < count; e += FUSED_THREADS) acc += in[e];
    __syncthreads();  // part[] may still be read by a previous call
    part[threadIdx.x] = acc;
    __syncthreads();
    for (int w = FUSED_THREADS / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    return part[0];
}

/**
 * out(b, u) = sum_k rows[u][k] vec[b][k] for the block's `units` rows (stride `stride` in shared
 * memory) and every trial b, handed to epilogue(b, u, out). Trials go 64 at a time (lane = trial,
 * so each staged value is read without bank conflicts), rows 32 at a time in four groups of a warp
 * pair (each row value is one broadcast read); each sum runs over k ascending. With `skip`, every
 * sum is 0 (BPTT's last step). `staged` is the block's FUSED_CHUNK x 65 staging buffer.
 */
template <typename Epilogue>
__device__ void block_products(const float* rows, int stride, int units, const float* vec, int n, int batch, bool skip,
                               float (*staged)[64 + 1], Epilogue epilogue) {
    int tid = threadIdx.x, lane_b = tid % 64, group = tid / 64;
    for (int b0 = 0; b0 < batch; b0 += 64) {
        for (int u0 = 0; u0 < units; u0 += FUSED_ROWS) {
            float acc[FUSED_ROWS / 4] = {};
            for (int k0 = 0; k0 < (skip ? 0 : n); k0 += FUSED_CHUNK) {
                __syncthreads();  // the previous chunk is consumed
                for (int e = tid; e < 64 * FUSED_CHUNK; e += FUSED_THREADS) {
                    int bb = e / FUSED_CHUNK, kk = e % FUSED_CHUNK;  // consecutive threads read consecutive k of one trial
                    staged[kk][bb] = b0 + bb < batch && k0 + kk < n ? vec[(size_t)(b0 + bb) * n + k0 + kk] : 0.0f;
                }
                __syncthreads();
                int kn = min(FUSED_CHUNK, n - k0);
                for (int kk = 0; kk < kn; kk++) {
                    float x = staged[kk][lane_b];
#pragma unroll
                    for (int q = 0; q < FUSED_ROWS / 4; q++) {
                        int u = u0 + group + 4 * q;
                        if (u < units) acc[q] += rows[u * stride + k0 + kk] * x;
                    }
                }
            }
#pragma unroll
            for (int q = 0; q < FUSED_ROWS / 4; q++) {
                int u = u0 + group + 4 * q;
                if (u < units && b0 + lane_b < batch) epilogue(b0 + lane_b, u, acc[q]);
            }
        }
    }
}

/**
 * The block's rows of G and H for step t: G[i][j] += sum_b alpha dx_t[b][i] r_{t-1}[b][j] and
 * H[i][j] += sum_b (r_t[b][i] - post mean_i) (r_{t-1}[b][j] - pre mean_j), the means 0 but for the
 * covariance rule. In FUSED_STEP each entry keeps one sum in `acc`: G where the synapse is STRONG
 * (the norm and Adam read G only there), H where it is WEAK (step 5 reads H only there; unread
 * where H is off), chosen per entry by a select, not a branch. In FUSED_GRADIENTS (the checking
 * mode psrnn_gradients runs) `acc` holds G and the dense H goes to f.h's rows in device memory.
 * Thread j owns column j of the block's rows, so each entry is one thread's sum, over trials in order.
 */
__device__ void accumulate_gh(const Args& a, const FusedArgs& f, int t, int i0, int units, float* acc, bool covariance) {
    const float* pre = a.r + (size_t)t * a.batch * a.n;
    const float* post = pre + (size_t)a.batch * a.n;
    const float* d = a.dxs + (size_t)t * a.batch * a.n;
    bool dense = f.mode == FUSED_GRADIENTS;
    float* h_rows = f.h + (size_t)i0 * a.n;
    for (int j = threadIdx.x; j < a.n; j += FUSED_THREADS) {
        float pre_mean = covariance ? f.pre_mean[j] : 0.0f;
        for (int u0 = 0; u0 < units; u0 += FUSED_GH_ROWS) {
            float s1[FUSED_GH_ROWS], s2[FUSED_GH_ROWS], post_mean[FUSED_GH_ROWS];
            bool strong[FUSED_GH_ROWS];
#pragma unroll
            for (int q = 0; q < FUSED_GH_ROWS; q++) {
                bool in = u0 + q < units;
                size_t e = (size_t)(u0 + q) * a.n + j;
                s1[q] = in ? acc[e] : 0.0f;
                s2[q] = in && dense ? h_rows[e] : 0.0f;
                strong[q] = in && f.strong[(size_t)i0 * a.n + e] != 0;
                post_mean[q] = in && covariance ? f.post_mean[i0 + u0 + q] : 0.0f;
            }
            if (dense) {
                for (int b = 0; b < a.batch; b++) {
                    float p = pre[(size_t)b * a.n + j], pc = p - pre_mean;
#pragma unroll
                    for (int q = 0; q < FUSED_GH_ROWS; q++) {
                        if (u0 + q >= units) break;
                        size_t o = (size_t)b * a.n + i0 + u0 + q;
                        s1[q] += d[o] * p;
                        s2[q] += (post[o] - post_mean[q]) * pc;
                    }
                }
            } else {
                for (int b = 0; b < a.batch; b++) {
                    float p = pre[(size_t)b * a.n + j], pc = p - pre_mean;
#pragma unroll
                    for (int q = 0; q < FUSED_GH_ROWS; q++) {
                        if (u0 + q >= units) break;
                        size_t o = (size_t)b * a.n + i0 + u0 + q;
                        s1[q] += (strong[q] ? d[o] : post[o] - post_mean[q]) * (strong[q] ? p : pc);
                    }
                }
            }
#pragma unroll
            for (int q = 0; q < FUSED_GH_ROWS; q++) {
                if (u0 + q >= units) break;
                size_t e = (size_t)(u0 + q) * a.n + j;
                acc[e] = s1[q];
                if (dense) h_rows[e] = s2[q];
            }
        }
    }
}

/**
 * For each of the block's units (one warp each, lanes over samples): the means of r_t and r_{t-1}
 * over the samples (the covariance rule's centres) and Oja's Q (the mean of r_t^2).
 */
__device__ void unit_means(const Args& a, const FusedArgs& f, int i0, int units) {
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    for (int u = warp; u < units; u += FUSED_THREADS / 32) {
        int i = i0 + u;
        float post = 0.0f, pre = 0.0f, sq = 0.0f;
        for (int s = lane; s < a.samples; s += 32) {
            float rp = a.r[((size_t)s + a.batch) * a.n + i];
            post += rp;
            sq += rp * rp;
            pre += a.r[(size_t)s * a.n + i];
        }
        post = warp_sum(post);
        pre = warp_sum(pre);
        sq = warp_sum(sq);
        if (lane == 0) {
            f.post_mean[i] = post / a.samples;
            f.pre_mean[i] = pre / a.samples;
            f.q[i] = sq / a.samples;
        }
    }
}

/**
 * For each of the block's units i (one warp each): db_rec[i], dW_in[i][:] and dW_out[:][i] (lanes
 * over samples, then the butterfly); H scaled by 1/S (in `acc` where WEAK, or f.h's dense rows);
 * and the unit's parts of the grid-wide sums in double: the norm's (G[i][j]^2 where S = 1, then
 * the unit's small gradients squared) and, for the random control, sum_WEAK H^2 and sum_WEAK z^2.
 */
__device__ void unit_gradients(const Args& a, const FusedArgs& f, int i0, int units, float* acc) {
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    bool dense = f.mode == FUSED_GRADIENTS;
    for (int e = threadIdx.x; e < units * a.n; e += FUSED_THREADS) {
        size_t x = (size_t)i0 * a.n + e;
        if (dense) f.h[x] *= f.h_scale;
        else if (!f.strong[x]) acc[e] *= f.h_scale;
    }
    __syncthreads();
    uint32_t k = *a.iteration;
    for (int u = warp; u < units; u += FUSED_THREADS / 32) {
        int i = i0 + u;
        float db = 0.0f, gin[8] = {}, gout[16] = {};
        for (int s = lane; s < a.samples; s += 32) {
            float d = a.dxs[(size_t)s * a.n + i], rp = a.r[((size_t)s + a.batch) * a.n + i];
            db += d;
            for (int c = 0; c < a.n_in; c++) gin[c] += d * a.u[(size_t)s * a.n_in + c];
            for (int o = 0; o < a.n_out; o++) gout[o] += a.dy[(size_t)s * a.n_out + o] * rp;
        }
        db = warp_sum(db);
        double part = 0.0, weak_h = 0.0, weak_z = 0.0;
        for (int j = lane; j < a.n; j += 32) {
            size_t e = (size_t)i * a.n + j;
            float x = acc[u * a.n + j];  // G where STRONG, H where WEAK (FUSED_STEP) or G (FUSED_GRADIENTS)
            if (f.strong[e]) part += (double)x * x;
            else if (f.hebb_step == HEBB_STEP_RANDOM) {
                double h = x, z = psrnn::random_hebbian(a.seed, k, (uint32_t)i, (uint32_t)j);
                weak_h += h * h;
                weak_z += z * z;
            }
        }
        part = warp_sum(part);
        weak_h = warp_sum(weak_h);
        weak_z = warp_sum(weak_z);
        part += (double)db * db;
        for (int c = 0; c < a.n_in; c++) {
            float v = warp_sum(gin[c]);
            part += (double)v * v;
            if (lane == 0) f.g_in[(size_t)i * a.n_in + c] = v;
        }
        for (int o = 0; o < a.n_out; o++) {
            float v = warp_sum(gout[o]);
            part += (double)v * v;
            if (lane == 0) f.g_out[(size_t)o * a.n + i] = v;
        }
        if (lane == 0) {
            f.g_brec[i] = db;
            f.unit_parts[i] = part;
            f.unit_parts[a.n + i] = weak_h;
            f.unit_parts[2 * a.n + i] = weak_z;
        }
    }
}

/** db_out[o] = sum_s dy[s][o], by block 0 (as output_bias_gradient with 256 threads), in the block's doubles `part`. */
__device__ void output_bias(const Args& a, float* g_bout, double* part) {
    for (int o = 0; o < a.n_out; o++) {
        double acc = 0.0;
        for (int s = threadIdx.x; s < a.samples; s += FUSED_THREADS) acc += a.dy[(size_t)s * a.n_out + o];
        part[threadIdx.x] = acc;
        __syncthreads();
        for (int w = FUSED_THREADS / 2; w > 0; w >>= 1) {
            if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
            __syncthreads();
        }
        if (threadIdx.x == 0) g_bout[o] = (float)part[0];
        __syncthreads();
    }
}

/** The whole iteration (see the top of this file); launched cooperatively, FUSED_THREADS threads a block. */
__global__ void fused_iteration(Args a, FusedArgs f) {
    DYNAMIC_SHARED(double, part);  // FUSED_THREADS doubles for the reductions, then the floats below
    cg::grid_group grid = cg::this_grid();
    float(*staged)[64 + 1] = reinterpret_cast<float(*)[64 + 1]>(part + FUSED_THREADS);  // FUSED_CHUNK x 65
    float* smem = &staged[FUSED_CHUNK][0];
    int i0 = blockIdx.x * f.units, units = min(a.n, i0 + f.units) - i0, stride = a.n + 1;
    float* rows = smem;                     // U x (N + 1): row i0 + u of W
    float* cols = rows + f.units * stride;  // U x (N + 1): column i0 + u of W
    float* acc = cols + f.units * stride;   // U x N: rows of G and H (accumulate_gh says which where)
    for (int e = threadIdx.x; e < units * a.n; e += FUSED_THREADS) {
        rows[(e / a.n) * stride + e % a.n] = a.w[(size_t)i0 * a.n + e];
        int u = e % units, p = e / units;  // consecutive threads read consecutive columns of one row of W
        cols[u * stride + p] = a.w[(size_t)p * a.n + i0 + u];
        acc[e] = 0.0f;
        if (f.mode == FUSED_GRADIENTS) f.h[(size_t)i0 * a.n + e] = 0.0f;
    }
    for (int e = threadIdx.x; e < a.batch * units; e += FUSED_THREADS) {
        a.r[(size_t)(e / units) * a.n + i0 + e % units] = activate(a.activation, 0.0f);  // r_{-1}
    }
    grid.sync();

    // Step 1: the forward pass.
    for (int t = 0; t < a.steps; t++) {
        block_products(rows, stride, units, a.r + (size_t)t * a.batch * a.n, a.n, a.batch, false, staged,
                       [&](int b, int u, float drive) { integrate(a, t, b, i0 + u, drive); });
        grid.sync();
    }

    // Step 2: outputs and loss, one warp per sample over the grid; the means of the block's units.
    int warps = gridDim.x * (FUSED_THREADS / 32), lane = threadIdx.x % 32;
    for (int s = blockIdx.x * (FUSED_THREADS / 32) + threadIdx.x / 32; s < a.samples; s += warps) {
        output_of_sample(a, s, lane, f.mode != FUSED_FORWARD);
    }
    if (f.mode != FUSED_FORWARD) unit_means(a, f, i0, units);
    grid.sync();
    if (f.mode == FUSED_FORWARD) {
        double loss = blockIdx.x == 0 ? block_sum(a.sample_loss, a.samples, part) : 0.0;
        if (blockIdx.x == 0 && threadIdx.x == 0) a.scalars[0] = loss;
        return;
    }

    // BPTT, with G and H of the block's rows accumulated step by step.
    bool covariance = f.hebb.rule == HEBB_COVARIANCE;
    for (int t = a.steps - 1; t >= 0; t--) {
        block_products(cols, stride, units, a.dxs + (size_t)(t + 1) * a.batch * a.n, a.n, a.batch, t == a.steps - 1, staged,
                       [&](int b, int u, float recurrent) { backprop(a, t, b, i0 + u, recurrent); });
        __syncthreads();  // alpha dx_t of the block's units, written above, is read below
        accumulate_gh(a, f, t, i0, units, acc, covariance);
        grid.sync();
    }

    // The small gradients and the per-unit parts of the norm and of the random control's sums.
    unit_gradients(a, f, i0, units, acc);
    if (blockIdx.x == 0) output_bias(a, f.g_bout, part);
    grid.sync();

    // Step 3 in every block alike: the loss, the norm and the clipping scale.
    double loss = block_sum(a.sample_loss, a.samples, part);
    double norm2 = block_sum(f.unit_parts, a.n, part);
    for (int o = 0; o < a.n_out; o++) norm2 += (double)f.g_bout[o] * f.g_bout[o];
    double norm = sqrt(norm2), scale = f.clip > 0 && norm > f.clip ? f.clip / norm : 1.0;
    double weak_h = 0.0, weak_z = 0.0;
    if (f.hebb_step == HEBB_STEP_RANDOM) {
        weak_h = block_sum(f.unit_parts + a.n, a.n, part);
        weak_z = block_sum(f.unit_parts + 2 * a.n, a.n, part);
    }
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        a.scalars[0] = loss;
        a.scalars[1] = norm2;
        a.scalars[2] = scale;
        a.scalars[3] = weak_h;
        a.scalars[4] = weak_z;
    }
    if (f.mode == FUSED_GRADIENTS) {  // dense G (and H, already in f.h) for psrnn_gradients; nothing moves
        for (int e = threadIdx.x; e < units * a.n; e += FUSED_THREADS) f.g_rec[(size_t)i0 * a.n + e] = acc[e];
        return;
    }

    // Steps 4-6 on the block's rows of W, from shared memory; Adam on its entries of the small tensors.
    double scalars[5] = {loss, norm2, scale, weak_h, weak_z};
    double c_random = random_control_scale(f.hebb_step, scalars);
    AdamRule adam = with_corrections(f.adam, a.step);
    int count = units * a.n, rounded = (count + 31) / 32 * 32;  // whole warps, for the ballots
    for (int e = threadIdx.x; e < rounded; e += FUSED_THREADS) {
        bool valid = e < count;
        Switched r = {false, false, false};
        if (valid) {
            int u = e / a.n, j = e % a.n, i = i0 + u;
            r = update_synapse(a, (size_t)i * a.n + j, i, j, rows[u * stride + j], acc[e], acc[e], f.q[i], f.m[1], f.v[1], f.strong, adam,
                               f.hebb, f.hebb_step, c_random, (float)scale, f.sw);
        }
        count_switches(a, valid, r);
    }
    float fscale = (float)scale;
    for (int e = threadIdx.x; e < units * a.n_in; e += FUSED_THREADS) {
        size_t x = (size_t)i0 * a.n_in + e;
        a.w_in[x] = adam_update(adam, a.w_in[x], fscale * f.g_in[x], &f.m[0][x], &f.v[0][x]);
    }
    for (int e = threadIdx.x; e < units * a.n_out; e += FUSED_THREADS) {
        size_t x = (size_t)(e / units) * a.n + i0 + e % units;
        a.w_out[x] = adam_update(adam, a.w_out[x], fscale * f.g_out[x], &f.m[2][x], &f.v[2][x]);
    }
    for (int u = threadIdx.x; u < units; u += FUSED_THREADS) {
        int i = i0 + u;
        a.b_rec[i] = adam_update(adam, a.b_rec[i], fscale * f.g_brec[i], &f.m[3][i], &f.v[3][i]);
    }
    if (blockIdx.x == 0) {
        for (int o = threadIdx.x; o < a.n_out; o += FUSED_THREADS) {
            a.b_out[o] = adam_update(adam, a.b_out[o], fscale * f.g_bout[o], &f.m[4][o], &f.v[4][o]);
        }
    }
}
