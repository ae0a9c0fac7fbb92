/*
 * Part of psrnn_cuda.cu's one translation unit: the recurrent step products of the tiled form and
 * the G/H products on tensor cores (psrnn_config.tensor_math 1 tf32x3, 2 tf32), written with
 * nvcuda::wmma tf32 tiles of 16 x 16 x 8 (sm_80 and later). Included by psrnn_cuda.cu only, after
 * steps.cuh and gradients.cuh: the tiles, the loads and the epilogues (integrate, backprop, the
 * G/H split partials summed by reduce_gh) are theirs; only the products change.
 *
 * tf32 keeps 10 of fp32's 23 mantissa bits. tf32: each operand rounded to tf32 (to nearest, ties
 * away from zero), one product, fp32 accumulation. tf32x3 ("3xTF32"): x = big + small with
 * big = tf32(x) and small = tf32(x - big), and a b = big_a big_b + big_a small_b + small_a big_b
 * (small_a small_b, about 2^-22 of the product, is dropped): float32-level accuracy from three
 * tensor-core products. The accumulators take big_a small_b, then small_a big_b, then
 * big_a big_b, 8 values of k at a time in increasing k: an order fixed by N and T x B. Within one
 * 16 x 16 x 8 product the tensor core's order of addition is the hardware's (fixed, unspecified).
 */
#pragma once
#include <mma.h>

namespace wmma = nvcuda::wmma;

enum TensorMath { MATH_FP32 = 0, MATH_TF32X3 = 1, MATH_TF32 = 2 };

/* wmma's tf32 fragments exist from sm_80; an older target gets kernels that trap (the host refuses them first). */
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800
#define PSRNN_TF32_TILES 0
#else
#define PSRNN_TF32_TILES 1
#endif

constexpr int TC_PAD = 4;  // shared rows padded by 4 floats: wmma wants ldm a multiple of 4 floats and 32-byte aligned tiles

/** An fp32 fragment in place as its tf32 part (big) and, for tf32x3, the tf32 part of the rest (small). */
template <int MATH, class Frag>
__device__ __forceinline__ void split_tf32(Frag& big, Frag& small) {
    for (int e = 0; e < big.num_elements; e++) {
        float x = big.x[e];
        big.x[e] = wmma::__float_to_tf32(x);
        if (MATH == MATH_TF32X3) small.x[e] = wmma::__float_to_tf32(x - big.x[e]);
    }
}

/** acc += A B: tf32 one product; tf32x3 the two small terms, then big x big. */
template <int MATH, class FC, class FA, class FB>
__device__ __forceinline__ void product(FC& acc, const FA& a_big, const FA& a_small, const FB& b_big, const FB& b_small) {
    if (MATH == MATH_TF32X3) {
        wmma::mma_sync(acc, a_big, b_small, acc);
        wmma::mma_sync(acc, a_small, b_big, acc);
    }
    wmma::mma_sync(acc, a_big, b_big, acc);
}

template <bool ROW>
struct wmma_layout {
    using type = wmma::col_major;
};
template <>
struct wmma_layout<true> {
    using type = wmma::row_major;
};

/**
 * recurrent_tile (steps.cuh) on tensor cores: the same 32 x 64 tile of C[b][i] = sum_k A[b][k] M(k, i)
 * and the same outputs per thread in acc. Warp w computes the 16 x 16 piece at rows 16 (w / 4),
 * columns 16 (w % 4), k in steps of 8; the pieces meet in shared memory for the epilogue.
 * Forward keeps W's rows (i, k) as a column-major B, BPTT its rows (k, i) as a row-major B, so
 * both read W in consecutive addresses.
 */
template <bool TRANSPOSED, int MATH>
__device__ __forceinline__ void recurrent_tile_tc(const float* A, const float* w, int n, int batch, int b0, int i0, float acc[2][4]) {
#if PSRNN_TF32_TILES
    constexpr int WR = TRANSPOSED ? TK : TN, WC = (TRANSPOSED ? TN : TK) + TC_PAD;
    __shared__ __align__(32) float As[TM][TK + TC_PAD];
    __shared__ __align__(32) float Ws[WR][WC];
    __shared__ __align__(32) float Cs[TM][TN + TC_PAD];
    int tid = threadIdx.x, warp = tid / 32, wm = warp / 4 * 16, wn = warp % 4 * 16;
    wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> a_big, a_small;
    wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, typename wmma_layout<TRANSPOSED>::type> b_big, b_small;
    wmma::fragment<wmma::accumulator, 16, 16, 8, float> c;
    wmma::fill_fragment(c, 0.0f);
    for (int k0 = 0; k0 < n; k0 += TK) {
        for (int e = tid; e < TM * TK; e += 256) {
            int rb = e / TK, kk = e % TK, b = b0 + rb, k = k0 + kk;
            As[rb][kk] = (b < batch && k < n) ? A[(size_t)b * n + k] : 0.0f;
        }
        for (int e = tid; e < TN * TK; e += 256) {
            int ri = TRANSPOSED ? e % TN : e / TK, kk = TRANSPOSED ? e / TN : e % TK;
            int i = i0 + ri, k = k0 + kk;
            float v = (i < n && k < n) ? (TRANSPOSED ? w[(size_t)k * n + i] : w[(size_t)i * n + k]) : 0.0f;
            if constexpr (TRANSPOSED) Ws[kk][ri] = v;
            else Ws[ri][kk] = v;
        }
        __syncthreads();
        for (int kk = 0; kk < TK; kk += 8) {
            wmma::load_matrix_sync(a_big, &As[wm][kk], TK + TC_PAD);
            if constexpr (TRANSPOSED) wmma::load_matrix_sync(b_big, &Ws[kk][wn], WC);
            else wmma::load_matrix_sync(b_big, &Ws[wn][kk], WC);
            split_tf32<MATH>(a_big, a_small);
            split_tf32<MATH>(b_big, b_small);
            product<MATH>(c, a_big, a_small, b_big, b_small);
        }
        __syncthreads();
    }
    wmma::store_matrix_sync(&Cs[wm][wn], c, TN + TC_PAD, wmma::mem_row_major);
    __syncthreads();
    int ty = tid / 16, tx = tid % 16;
    for (int p = 0; p < 2; p++) {
        for (int q = 0; q < 4; q++) acc[p][q] = Cs[ty * 2 + p][tx * 4 + q];
    }
#else
    __trap();
#endif
}

/** forward_tiled with the drive W r_{t-1} on tensor cores. */
template <int MATH>
__global__ void forward_tiled_tc(Args a, int t) {
    int b0 = blockIdx.y * TM, i0 = blockIdx.x * TN, ty = threadIdx.x / 16, tx = threadIdx.x % 16;
    float acc[2][4] = {};
    recurrent_tile_tc<false, MATH>(a.r + (size_t)t * a.batch * a.n, a.w, a.n, a.batch, b0, i0, acc);
    for (int p = 0; p < 2; p++) {
        for (int q = 0; q < 4; q++) {
            int b = b0 + ty * 2 + p, i = i0 + tx * 4 + q;
            if (b < a.batch && i < a.n) integrate(a, t, b, i, acc[p][q]);
        }
    }
}

/** backward_tiled with W^T (alpha dx_{t+1}) on tensor cores. */
template <int MATH>
__global__ void backward_tiled_tc(Args a, int t) {
    int b0 = blockIdx.y * TM, i0 = blockIdx.x * TN, ty = threadIdx.x / 16, tx = threadIdx.x % 16;
    float acc[2][4] = {};
    if (t < a.steps - 1) recurrent_tile_tc<true, MATH>(a.dxs + (size_t)(t + 1) * a.batch * a.n, a.w, a.n, a.batch, b0, i0, acc);
    for (int p = 0; p < 2; p++) {
        for (int q = 0; q < 4; q++) {
            int b = b0 + ty * 2 + p, i = i0 + tx * 4 + q;
            if (b < a.batch && i < a.n) backprop(a, t, b, i, acc[p][q]);
        }
    }
}

/**
 * gh_tiled (gradients.cuh) on tensor cores: the same 64 x 64 tiles, splits and outputs. Warp w
 * computes rows 16 (w / 2) and the two 16-column pieces at 32 (w % 2) of G (and H), samples in
 * steps of 8; A1 and A2 are read as column-major A (entry (i, s) at row s of the tile), B as
 * row-major B. Each A piece is split once for both column pieces, each B piece once for G and H.
 */
template <bool WITH_H, int MATH>
__global__ void gh_tiled_tc(const float* a1, const float* a2, const float* bm, int samples, int per_split, int n, float* g, float* h,
                            float h_scale) {
#if PSRNN_TF32_TILES
    constexpr int LD = GM + TC_PAD;
    static_assert(GM == GN, "one leading dimension for the A and B tiles");
    __shared__ __align__(32) float A1s[GK][LD];
    __shared__ __align__(32) float A2s[WITH_H ? GK : 1][LD];
    __shared__ __align__(32) float Bs[GK][LD];
    __shared__ __align__(32) float Cs[GM][LD];
    int i0 = blockIdx.y * GM, j0 = blockIdx.x * GN;
    int s_begin = blockIdx.z * per_split, s_end = min(samples, s_begin + per_split);
    int tid = threadIdx.x, warp = tid / 32, wm = warp / 2 * 16, wn = warp % 2 * 32;
    wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::col_major> a1_big, a1_small, a2_big, a2_small;
    wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> b_big, b_small;
    wmma::fragment<wmma::accumulator, 16, 16, 8, float> cg_[2], ch[2];
    for (int q = 0; q < 2; q++) {
        wmma::fill_fragment(cg_[q], 0.0f);
        if (WITH_H) wmma::fill_fragment(ch[q], 0.0f);
    }
    for (int s0 = s_begin; s0 < s_end; s0 += GK) {
        for (int e = tid; e < GK * GM; e += 256) {
            int ss = e / GM, c = e % GM, s = s0 + ss;
            bool ok = s < s_end;
            A1s[ss][c] = ok && i0 + c < n ? a1[(size_t)s * n + i0 + c] : 0.0f;
            if (WITH_H) A2s[ss][c] = ok && i0 + c < n ? a2[(size_t)s * n + i0 + c] : 0.0f;
            Bs[ss][c] = ok && j0 + c < n ? bm[(size_t)s * n + j0 + c] : 0.0f;
        }
        __syncthreads();
        for (int ss = 0; ss < GK; ss += 8) {
            wmma::load_matrix_sync(a1_big, &A1s[ss][wm], LD);
            split_tf32<MATH>(a1_big, a1_small);
            if (WITH_H) {
                wmma::load_matrix_sync(a2_big, &A2s[ss][wm], LD);
                split_tf32<MATH>(a2_big, a2_small);
            }
            for (int q = 0; q < 2; q++) {
                wmma::load_matrix_sync(b_big, &Bs[ss][wn + 16 * q], LD);
                split_tf32<MATH>(b_big, b_small);
                product<MATH>(cg_[q], a1_big, a1_small, b_big, b_small);
                if (WITH_H) product<MATH>(ch[q], a2_big, a2_small, b_big, b_small);
            }
        }
        __syncthreads();
    }
    // The epilogue of gh_tiled, G then H through the shared tile: thread (ty, tx) writes its 4 x 4 entries.
    bool split = gridDim.z > 1;
    size_t slice = split ? (size_t)blockIdx.z * n * n : 0;
    int ty = tid / 16, tx = tid % 16;
#pragma unroll
    for (int which = 0; which < (WITH_H ? 2 : 1); which++) {
#pragma unroll
        for (int q = 0; q < 2; q++) wmma::store_matrix_sync(&Cs[wm][wn + 16 * q], which == 0 ? cg_[q] : ch[q], LD, wmma::mem_row_major);
        __syncthreads();
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 4; q++) {
                int i = i0 + ty * 4 + p, j = j0 + tx * 4 + q;
                float v = Cs[ty * 4 + p][tx * 4 + q];
                if (i < n && j < n) {
                    if (which == 0) g[slice + (size_t)i * n + j] = v;
                    else h[slice + (size_t)i * n + j] = split ? v : v * h_scale;
                }
            }
        }
        __syncthreads();
    }
#else
    __trap();
#endif
}

/* ------------------------------------------------------------------ the host's choice */

using StepKernel = void (*)(Args, int);
using GhKernel = void (*)(const float*, const float*, const float*, int, int, int, float*, float*, float);

/** The tiled form's forward or BPTT step kernel for psrnn_config.tensor_math. */
static StepKernel tiled_step(int math, bool backward) {
    switch (math) {
        case MATH_TF32X3: return backward ? backward_tiled_tc<MATH_TF32X3> : forward_tiled_tc<MATH_TF32X3>;
        case MATH_TF32: return backward ? backward_tiled_tc<MATH_TF32> : forward_tiled_tc<MATH_TF32>;
        default: return backward ? backward_tiled : forward_tiled;
    }
}

/** The G/H kernel (G alone, or G and H) for psrnn_config.tensor_math. */
static GhKernel gh_kernel(int math, bool with_h) {
    switch (math) {
        case MATH_TF32X3: return with_h ? gh_tiled_tc<true, MATH_TF32X3> : gh_tiled_tc<false, MATH_TF32X3>;
        case MATH_TF32: return with_h ? gh_tiled_tc<true, MATH_TF32> : gh_tiled_tc<false, MATH_TF32>;
        default: return with_h ? gh_tiled<true> : gh_tiled<false>;
    }
}
