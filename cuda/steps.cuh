/*
 * Part of psrnn_cuda.cu's one translation unit: MODEL.md steps 1 and 2 (the forward pass, the
 * outputs and loss, BPTT) in their tiled and persistent forms. Included by psrnn_cuda.cu only.
 */
#pragma once

/* ------------------------------------------------------------------ step 1: forward */

/** The leaky update of unit (b, i) at step t given its recurrent drive; writes x and r_t. */
__device__ __forceinline__ void integrate(const Args& a, int t, int b, int i, float recurrent) {
    int s = t * a.batch + b;
    float drive = recurrent + a.b_rec[i];
    for (int c = 0; c < a.n_in; c++) drive += a.w_in[i * a.n_in + c] * a.u[s * a.n_in + c];
    float xi = 0.0f;
    if (a.noise_scale != 0.0f) {
        xi = *a.explicit_noise ? a.noise[(size_t)s * a.n + i] : (float)noise(a.seed, *a.iteration, t, b, i);
    }
    size_t xo = (size_t)b * a.n + i;
    float x = (1.0f - a.alpha) * (t == 0 ? 0.0f : a.x[xo]) + a.alpha * drive + a.noise_scale * xi;
    a.x[xo] = x;
    a.r[((size_t)(t + 1) * a.batch + b) * a.n + i] = activate(a.activation, x);
}

constexpr int TM = 32, TN = 64, TK = 32;  // forward / BPTT tiles: 32 batch rows x 64 units, k in steps of 32

/**
 * One 32 x 64 tile of C[b][i] = sum_k A[b][k] M(k, i) for the recurrent products, 256 threads of
 * 2 x 4 outputs each: forward M(k, i) = W[i][k] (TRANSPOSED false), BPTT M(k, i) = W[k][i]. Each
 * thread's sums go to acc (zero where the whole product is skipped).
 */
template <bool TRANSPOSED>
__device__ __forceinline__ void recurrent_tile(const float* A, const float* w, int n, int batch, int b0, int i0, float acc[2][4]) {
    __shared__ float As[TK][TM + 1];
    __shared__ float Ws[TK][TN + 1];
    int tid = threadIdx.x, ty = tid / 16, tx = tid % 16;
    for (int k0 = 0; k0 < n; k0 += TK) {
        for (int e = tid; e < TM * TK; e += 256) {
            int rb = e / TK, kk = e % TK;
            int b = b0 + rb, k = k0 + kk;
            As[kk][rb] = (b < batch && k < n) ? A[(size_t)b * n + k] : 0.0f;
        }
        for (int e = tid; e < TN * TK; e += 256) {
            // consecutive threads read consecutive addresses of W in both orientations
            int ri = TRANSPOSED ? e % TN : e / TK, kk = TRANSPOSED ? e / TN : e % TK;
            int i = i0 + ri, k = k0 + kk;
            Ws[kk][ri] = (i < n && k < n) ? (TRANSPOSED ? w[(size_t)k * n + i] : w[(size_t)i * n + k]) : 0.0f;
        }
        __syncthreads();
#pragma unroll 8
        for (int kk = 0; kk < TK; kk++) {
            float x0 = As[kk][ty * 2], x1 = As[kk][ty * 2 + 1];
            for (int q = 0; q < 4; q++) {
                float wv = Ws[kk][tx * 4 + q];
                acc[0][q] += x0 * wv;
                acc[1][q] += x1 * wv;
            }
        }
        __syncthreads();
    }
}

/** Step t of the forward pass, tiled: the drive W r_{t-1} of a 32 x 64 tile of (b, i), then the epilogue. */
__global__ void forward_tiled(Args a, int t) {
    int b0 = blockIdx.y * TM, i0 = blockIdx.x * TN, ty = threadIdx.x / 16, tx = threadIdx.x % 16;
    float acc[2][4] = {};
    recurrent_tile<false>(a.r + (size_t)t * a.batch * a.n, a.w, a.n, a.batch, b0, i0, acc);
    for (int p = 0; p < 2; p++) {
        for (int q = 0; q < 4; q++) {
            int b = b0 + ty * 2 + p, i = i0 + tx * 4 + q;
            if (b < a.batch && i < a.n) integrate(a, t, b, i, acc[p][q]);
        }
    }
}

/**
 * For the persistent kernels: the dot products of `count` (b, u) pairs, pairs base, base + 1, ...
 * (b = pair / units, u = pair % units), of row b of `vec` with row u of the block's shared copy
 * `ws`; the lanes share each product and lane q returns the q-th.
 */
__device__ __forceinline__ float warp_dots(const float* vec, const float* ws, int n, int stride, int units, int base, int count,
                                           int lane) {
    float mine = 0.0f;
    for (int q = 0; q < count; q++) {
        int b = (base + q) / units, u = (base + q) % units;
        float acc = 0.0f;
        for (int j = lane; j < n; j += 32) acc += vec[(size_t)b * n + j] * ws[u * stride + j];
        for (int off = 16; off > 0; off >>= 1) acc += __shfl_xor_sync(0xffffffffu, acc, off);
        if (lane == q) mine = acc;
    }
    return mine;
}

/**
 * The whole forward pass in one cooperative launch: block `blockIdx.x` owns units [i0, i1) and
 * keeps their rows of W in shared memory (rows padded by one float, so lanes reading different
 * rows hit different banks) for all T steps; one grid barrier per step. A warp takes 32 (b, i)
 * pairs at a time: the lanes share each dot product, lane q keeps the q-th sum, then all 32 lanes
 * run the epilogue (inputs, Philox noise, activation) of their own pair at once. The block count
 * follows the device's SMs but the sums do not: each dot product is one warp's, in lane order
 * then a fixed butterfly, whichever block holds the row.
 */
__global__ void forward_persistent(Args a, int units_per_block) {
    DYNAMIC_SHARED(float, ws);  // units_per_block x (N + 1)
    cg::grid_group grid = cg::this_grid();
    int i0 = blockIdx.x * units_per_block, i1 = min(a.n, i0 + units_per_block), units = i1 - i0, stride = a.n + 1;
    for (int e = threadIdx.x; e < units * a.n; e += blockDim.x) ws[(e / a.n) * stride + e % a.n] = a.w[(size_t)i0 * a.n + e];
    __syncthreads();
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32, warps = blockDim.x / 32;
    int pairs = units * a.batch;
    for (int t = 0; t < a.steps; t++) {
        const float* prev = a.r + (size_t)t * a.batch * a.n;
        for (int base = warp * 32; base < pairs; base += warps * 32) {
            int count = min(32, pairs - base);
            float mine = warp_dots(prev, ws, a.n, stride, units, base, count, lane);
            if (lane < count) integrate(a, t, (base + lane) / units, i0 + (base + lane) % units, mine);
        }
        grid.sync();
    }
}

/** r_{-1} = phi(0) for every b and i. */
__global__ void initial_rates(Args a) {
    int e = blockIdx.x * blockDim.x + threadIdx.x;
    if (e < a.batch * a.n) a.r[e] = activate(a.activation, 0.0f);
}

/* ------------------------------------------------------------------ step 2: outputs, loss, BPTT */

/**
 * Sample s's outputs y = W_out r_t + b_out, then its masked loss term (sample_loss[s]) and dL/dy
 * (the mask's sum read from a.step); called by the 32 lanes of one warp together.
 */
__device__ __forceinline__ void output_of_sample(const Args& a, int s, int lane, int want_gradient) {
    const float* rt = a.r + ((size_t)s + a.batch) * a.n;
    float ys[16];
    for (int o = 0; o < a.n_out; o++) {
        float acc = 0.0f;
        for (int i = lane; i < a.n; i += 32) acc += a.w_out[(size_t)o * a.n + i] * rt[i];
        for (int off = 16; off > 0; off >>= 1) acc += __shfl_down_sync(0xffffffffu, acc, off);
        acc = __shfl_sync(0xffffffffu, acc, 0) + a.b_out[o];
        ys[o] = acc;
        if (lane == 0) a.y[(size_t)s * a.n_out + o] = acc;
    }
    if (lane != 0) return;
    double mask_sum = a.step->mask_sum, m = a.mask[s], loss = 0.0;
    if (mask_sum == 0.0) {
        for (int o = 0; o < a.n_out; o++) a.dy[(size_t)s * a.n_out + o] = 0.0f;
        a.sample_loss[s] = 0.0;
        return;
    }
    if (a.loss == 0) {  // mse
        double denom = a.n_out * mask_sum;
        for (int o = 0; o < a.n_out; o++) {
            double diff = (double)ys[o] - a.targets[(size_t)s * a.n_out + o];
            loss += m * diff * diff;
            if (want_gradient) a.dy[(size_t)s * a.n_out + o] = (float)(2.0 * m * diff / denom);
        }
        loss /= denom;
    } else {            // xent
        double mx = -INFINITY, sum = 0.0;
        for (int o = 0; o < a.n_out; o++) mx = fmax(mx, (double)ys[o]);
        for (int o = 0; o < a.n_out; o++) sum += exp(ys[o] - mx);
        double lse = mx + log(sum);
        int label = a.labels[s];
        if ((unsigned)label >= (unsigned)a.n_out) {  // the host checks labels; never read past ys
            a.sample_loss[s] = NAN;
            return;
        }
        loss = m * (lse - ys[label]) / mask_sum;
        if (want_gradient) {
            for (int o = 0; o < a.n_out; o++) {
                double sm = exp(ys[o] - lse);
                a.dy[(size_t)s * a.n_out + o] = (float)(m * (sm - (o == label ? 1.0 : 0.0)) / mask_sum);
            }
        }
    }
    a.sample_loss[s] = loss;
}

/** One warp per sample: y = W_out r_t + b_out, then the masked loss term and dL/dy. */
__global__ void outputs_and_loss(Args a, int want_gradient) {
    int s = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32, lane = threadIdx.x % 32;
    if (s < a.samples) output_of_sample(a, s, lane, want_gradient);
}

/** *out = sum of in[0 .. count) in a fixed order (one block of 1024 threads): no atomics, so sums repeat exactly. */
__global__ void sum_fixed_order(const double* in, int count, double* out) {
    __shared__ double part[1024];
    double acc = 0.0;
    for (int e = threadIdx.x; e < count; e += blockDim.x) acc += in[e];
    part[threadIdx.x] = acc;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) *out = part[0];
}

/** The BPTT epilogue of unit (b, i) at step t: dx = dr phi'(r_t) + (1 - alpha) dx_{t+1}; dxs = alpha dx. */
__device__ __forceinline__ void backprop(const Args& a, int t, int b, int i, float recurrent) {
    int s = t * a.batch + b;
    float dr = recurrent;
    for (int o = 0; o < a.n_out; o++) dr += a.w_out[(size_t)o * a.n + i] * a.dy[(size_t)s * a.n_out + o];
    size_t xo = (size_t)b * a.n + i;
    float rt = a.r[((size_t)s + a.batch) * a.n + i];
    float dx = dr * derivative_from_rate(a.activation, rt) + (1.0f - a.alpha) * (t == a.steps - 1 ? 0.0f : a.dx[xo]);
    a.dx[xo] = dx;
    a.dxs[(size_t)s * a.n + i] = a.alpha * dx;
}

/** Step t of BPTT, tiled: W^T (alpha dx_{t+1}) for a 32 x 64 tile of (b, i), then the epilogue. */
__global__ void backward_tiled(Args a, int t) {
    int b0 = blockIdx.y * TM, i0 = blockIdx.x * TN, ty = threadIdx.x / 16, tx = threadIdx.x % 16;
    float acc[2][4] = {};
    if (t < a.steps - 1) recurrent_tile<true>(a.dxs + (size_t)(t + 1) * a.batch * a.n, a.w, a.n, a.batch, b0, i0, acc);
    for (int p = 0; p < 2; p++) {
        for (int q = 0; q < 4; q++) {
            int b = b0 + ty * 2 + p, i = i0 + tx * 4 + q;
            if (b < a.batch && i < a.n) backprop(a, t, b, i, acc[p][q]);
        }
    }
}

/** The whole of BPTT in one cooperative launch; each block keeps its columns of W in shared memory (as forward_persistent). */
__global__ void backward_persistent(Args a, int units_per_block) {
    DYNAMIC_SHARED(float, ws);  // units_per_block x (N + 1), column i0+u of W as row u
    cg::grid_group grid = cg::this_grid();
    int i0 = blockIdx.x * units_per_block, i1 = min(a.n, i0 + units_per_block), units = i1 - i0, stride = a.n + 1;
    for (int e = threadIdx.x; e < units * a.n; e += blockDim.x) {
        int u = e % units, p = e / units;  // consecutive threads read consecutive columns of one row of W
        ws[u * stride + p] = a.w[(size_t)p * a.n + i0 + u];
    }
    __syncthreads();
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32, warps = blockDim.x / 32;
    int pairs = units * a.batch;
    for (int t = a.steps - 1; t >= 0; t--) {
        const float* next = a.dxs + (size_t)(t + 1) * a.batch * a.n;
        for (int base = warp * 32; base < pairs; base += warps * 32) {
            int count = min(32, pairs - base);
            float mine = t < a.steps - 1 ? warp_dots(next, ws, a.n, stride, units, base, count, lane) : 0.0f;
            if (lane < count) backprop(a, t, (base + lane) / units, i0 + (base + lane) % units, mine);
        }
        grid.sync();
    }
}

