/*
 * Part of psrnn_cuda.cu's one translation unit: MODEL.md steps 1 and 2's recurrent products in the
 * blocked form (recurrent_kernel 4): one launch per time step, as the tiled form (and replayed from
 * the same CUDA graph), with register blocking. Included by psrnn_cuda.cu after steps.cuh, whose
 * epilogues (integrate, backprop) they share.
 *
 * A block of 128 threads computes a 64-trial x 64-unit tile of C[b][i] = sum_k A[b][k] M(k, i)
 * (forward M(k, i) = W[i][k], BPTT M(k, i) = W[k][i]); each thread 8 trials x 4 units. Per k, two
 * float4 of A and one of M from shared memory feed 32 multiply-adds: each value of M serves 8
 * trials, each value of A 4 units (the tiled form: 6 loads for 8). k runs in tiles of 16,
 * double-buffered: while the block multiplies tile k from one shared buffer, each thread holds its
 * share of tile k + 1 in registers (plain global loads, float4 where N is a multiple of 4), then
 * stores it into the other buffer; one barrier per tile. Each output's sum is one thread's, over
 * k = 0, 1, ..., N - 1 in order, so the result does not depend on the grid. The finished tile goes
 * through shared memory to the epilogue, where consecutive threads take consecutive units (the
 * epilogue's reads and writes of x, r, dx and dxs coalesce).
 *
 * Shared tiles are 16 rows (k) of 64 floats (trials, or units), column c of row k stored at
 * k * 64 + (c ^ s(k)), s(k) = 8 * ((k / 4) mod 4): a swizzle, not padding, so that every access is
 * free of bank conflicts (a row is 64 floats, so bank = column mod 32 before the swizzle):
 *   - multiplying, a warp reads per k the 8 trials of its 2 thread rows (the 8 lanes of each
 *     128-bit phase read the same address: a broadcast) and the 4 units of its 16 thread columns
 *     (each phase's 8 lanes read 32 consecutive floats, permuted by the XOR within an aligned 32:
 *     32 banks);
 *   - storing a row-major slab (A, and W in the forward pass), lane l of warp w writes k = 4 (l % 4)
 *     + j, column 8 w + l / 4: the column's bits 0-2 are l / 4 and its bits 3-4, after the XOR
 *     with 8 (l % 4), are (w ^ l % 4) mod 4, so the 32 lanes hit 32 banks;
 *   - storing W's rows for BPTT, each phase's 8 lanes write 32 consecutive floats of one k (as
 *     reading);
 *   - the C tile is 64 x 64 unswizzled: each phase of the float4 stores covers 32 consecutive
 *     floats of one trial, and the epilogue reads consecutive floats.
 */
#pragma once

constexpr int BLK_TRIALS = 64, BLK_UNITS = 64, BLK_K = 16, BLK_THREADS = 128;  // tile, k step, block size
constexpr int BLK_SLAB = BLK_K * 64;                                          // floats of one shared tile

/** Where column c of row k of a shared tile is (the swizzle above). */
__device__ __forceinline__ int blk_at(int k, int c) { return k * 64 + (c ^ ((k >> 2 & 3) << 3)); }

/**
 * This thread's share of the 64-row x 16-column slab at rows r0, columns k0 of a row-major matrix
 * of `rows` rows of n: slot e = threadIdx.x + 128 s is row r0 + e / 4, columns k0 + 4 (e % 4) .. + 3.
 * Entries past the matrix are 0. float4 loads where n is a multiple of 4 (then rows start 16-byte
 * aligned and k0 + 4 (e % 4) < n puts all four in the row), scalar ones otherwise.
 */
__device__ __forceinline__ void blk_load_rows(const float* src, int rows, int n, int r0, int k0, float4 v[2]) {
#pragma unroll
    for (int s = 0; s < 2; s++) {
        int e = threadIdx.x + BLK_THREADS * s, r = r0 + e / 4, k = k0 + 4 * (e % 4);
        if (n % 4 == 0) {
            v[s] = r < rows && k < n ? *reinterpret_cast<const float4*>(src + (size_t)r * n + k) : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        } else {
            bool in = r < rows;
            v[s] = make_float4(in && k < n ? src[(size_t)r * n + k] : 0.0f, in && k + 1 < n ? src[(size_t)r * n + k + 1] : 0.0f,
                               in && k + 2 < n ? src[(size_t)r * n + k + 2] : 0.0f, in && k + 3 < n ? src[(size_t)r * n + k + 3] : 0.0f);
        }
    }
}

/** Stores what blk_load_rows loaded into a shared tile, transposed: row = k, column = the slab's row. */
__device__ __forceinline__ void blk_store_rows(float* tile, const float4 v[2]) {
#pragma unroll
    for (int s = 0; s < 2; s++) {
        int e = threadIdx.x + BLK_THREADS * s, c = e / 4, k = 4 * (e % 4);
        tile[blk_at(k, c)] = v[s].x;
        tile[blk_at(k + 1, c)] = v[s].y;
        tile[blk_at(k + 2, c)] = v[s].z;
        tile[blk_at(k + 3, c)] = v[s].w;
    }
}

/**
 * This thread's share of the 16-row x 64-column slab of W at rows k0, columns i0 (BPTT's M(k, i) =
 * W[k][i]): slot e is row k0 + e / 16, columns i0 + 4 (e % 16) .. + 3; entries past W are 0.
 */
__device__ __forceinline__ void blk_load_cols(const float* w, int n, int k0, int i0, float4 v[2]) {
#pragma unroll
    for (int s = 0; s < 2; s++) {
        int e = threadIdx.x + BLK_THREADS * s, k = k0 + e / 16, i = i0 + 4 * (e % 16);
        if (n % 4 == 0) {
            v[s] = k < n && i < n ? *reinterpret_cast<const float4*>(w + (size_t)k * n + i) : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        } else {
            bool in = k < n;
            v[s] = make_float4(in && i < n ? w[(size_t)k * n + i] : 0.0f, in && i + 1 < n ? w[(size_t)k * n + i + 1] : 0.0f,
                               in && i + 2 < n ? w[(size_t)k * n + i + 2] : 0.0f, in && i + 3 < n ? w[(size_t)k * n + i + 3] : 0.0f);
        }
    }
}

/** Stores what blk_load_cols loaded into a shared tile as it lies (row = k), one float4 each. */
__device__ __forceinline__ void blk_store_cols(float* tile, const float4 v[2]) {
#pragma unroll
    for (int s = 0; s < 2; s++) {
        int e = threadIdx.x + BLK_THREADS * s;
        *reinterpret_cast<float4*>(tile + blk_at(e / 16, 4 * (e % 16))) = v[s];
    }
}

/** Tile k0 of A (rows b0 ..) and of M (units i0 ..) into this thread's registers. */
template <bool TRANSPOSED>
__device__ __forceinline__ void blk_fetch(const float* A, const float* w, int n, int batch, int b0, int i0, int k0, float4 a[2], float4 m[2]) {
    blk_load_rows(A, batch, n, b0, k0, a);
    if (TRANSPOSED) blk_load_cols(w, n, k0, i0, m);
    else blk_load_rows(w, n, n, i0, k0, m);
}

/** The registers of blk_fetch into shared buffer `buf` of A and of M. */
template <bool TRANSPOSED>
__device__ __forceinline__ void blk_stage(float* smem, int buf, const float4 a[2], const float4 m[2]) {
    blk_store_rows(smem + buf * BLK_SLAB, a);
    if (TRANSPOSED) blk_store_cols(smem + (2 + buf) * BLK_SLAB, m);
    else blk_store_rows(smem + (2 + buf) * BLK_SLAB, m);
}

/**
 * The 64 x 64 tile at trials b0, units i0 of C[b][i] = sum_k A[b][k] M(k, i), left in smem (4 x 1024
 * floats: A's two buffers, M's two, then the C tile at smem[b * 64 + i], b and i counted from the
 * tile's corner) for every thread of the block; entries past B or N are 0.
 */
template <bool TRANSPOSED>
__device__ __forceinline__ void blocked_product(const float* A, const float* w, int n, int batch, int b0, int i0, float* smem) {
    int ty = threadIdx.x / 16, tx = threadIdx.x % 16;  // this thread's trials 8 ty .. + 7, units 4 tx .. + 3
    float acc[8][4];
#pragma unroll
    for (int p = 0; p < 8; p++) {
#pragma unroll
        for (int q = 0; q < 4; q++) acc[p][q] = 0.0f;
    }
    float4 a_next[2], m_next[2];
    blk_fetch<TRANSPOSED>(A, w, n, batch, b0, i0, 0, a_next, m_next);
    blk_stage<TRANSPOSED>(smem, 0, a_next, m_next);
    __syncthreads();
    int buf = 0;
    for (int k0 = 0; k0 < n; k0 += BLK_K) {
        bool more = k0 + BLK_K < n;
        if (more) blk_fetch<TRANSPOSED>(A, w, n, batch, b0, i0, k0 + BLK_K, a_next, m_next);  // in flight during the products
        const float* as = smem + buf * BLK_SLAB;
        const float* ms = smem + (2 + buf) * BLK_SLAB;
#pragma unroll
        for (int kk = 0; kk < BLK_K; kk++) {
            float4 a0 = *reinterpret_cast<const float4*>(as + blk_at(kk, 8 * ty));
            float4 a1 = *reinterpret_cast<const float4*>(as + blk_at(kk, 8 * ty) + 4);
            float4 mv = *reinterpret_cast<const float4*>(ms + blk_at(kk, 4 * tx));
            float av[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w}, mq[4] = {mv.x, mv.y, mv.z, mv.w};
#pragma unroll
            for (int p = 0; p < 8; p++) {
#pragma unroll
                for (int q = 0; q < 4; q++) acc[p][q] += av[p] * mq[q];
            }
        }
        // Buffer buf ^ 1 was last read before the previous barrier: safe to fill while others still read buf.
        if (more) blk_stage<TRANSPOSED>(smem, buf ^ 1, a_next, m_next);
        __syncthreads();
        buf ^= 1;
    }
    // Every thread is past its last read of the buffers (the loop ends with a barrier): the C tile takes their place.
#pragma unroll
    for (int p = 0; p < 8; p++) {
        *reinterpret_cast<float4*>(smem + (8 * ty + p) * BLK_UNITS + 4 * tx) = make_float4(acc[p][0], acc[p][1], acc[p][2], acc[p][3]);
    }
    __syncthreads();
}

/** Step t of the forward pass, blocked: the drive W r_{t-1} of a 64 x 64 tile of (b, i), then the epilogue. */
__global__ void __launch_bounds__(BLK_THREADS) forward_blocked(Args a, int t) {
    __shared__ __align__(16) float smem[4 * BLK_SLAB];
    int b0 = blockIdx.y * BLK_TRIALS, i0 = blockIdx.x * BLK_UNITS;
    blocked_product<false>(a.r + (size_t)t * a.batch * a.n, a.w, a.n, a.batch, b0, i0, smem);
    for (int e = threadIdx.x; e < BLK_TRIALS * BLK_UNITS; e += BLK_THREADS) {
        int b = b0 + e / BLK_UNITS, i = i0 + e % BLK_UNITS;
        if (b < a.batch && i < a.n) integrate(a, t, b, i, smem[e]);
    }
}

/** Step t of BPTT, blocked: W^T (alpha dx_{t+1}) for a 64 x 64 tile of (b, i), then the epilogue. */
__global__ void __launch_bounds__(BLK_THREADS) backward_blocked(Args a, int t) {
    __shared__ __align__(16) float smem[4 * BLK_SLAB];
    int b0 = blockIdx.y * BLK_TRIALS, i0 = blockIdx.x * BLK_UNITS;
    bool product = t < a.steps - 1;  // the same for every block: the barriers inside are reached by all or none
    if (product) blocked_product<true>(a.dxs + (size_t)(t + 1) * a.batch * a.n, a.w, a.n, a.batch, b0, i0, smem);
    for (int e = threadIdx.x; e < BLK_TRIALS * BLK_UNITS; e += BLK_THREADS) {
        int b = b0 + e / BLK_UNITS, i = i0 + e % BLK_UNITS;
        if (b < a.batch && i < a.n) backprop(a, t, b, i, product ? smem[e] : 0.0f);
    }
}
