/*
 * The emulated device's mma.h (psrnn_emu.hpp says what the emulation is): the part of nvcuda::wmma
 * that cuda/tensor.cuh uses, the tf32 tiles of shape m16n16k8, with matrix-level semantics.
 *
 *   - A fragment holds its whole tile in every lane (x[] is the tile, row by row, whatever the
 *     layout it was loaded with), where a GPU spreads it over the warp's registers in an
 *     unspecified way. Element-wise code on x[] (num_elements of them) means the same on both;
 *     code that reads x[e] as a particular entry of the tile would not, so nothing here invites it.
 *   - load_matrix_sync, store_matrix_sync, fill_fragment and mma_sync act on the whole tile and
 *     must be called by all 32 lanes of the warp together: each waits for the whole warp, as
 *     __syncwarp does, so a call in a divergent branch stops the program like any other warp op.
 *   - __float_to_tf32 rounds to nearest with ties away from zero to a 10-bit mantissa (what
 *     cvt.rna.tf32.f32 does); the low 13 bits of the result are zero.
 *   - mma_sync reads only the tf32 part of each A and B operand (the low 13 bits of the mantissa
 *     are dropped, as the tensor core ignores them), multiplies exactly (two 11-bit significands)
 *     and, for each entry d[i][j], adds the products to c[i][j] in k order 0 .. 7 in fp32, rounding
 *     to nearest after every addition. The real tensor core's internal order and rounding of that
 *     sum are not specified by NVIDIA; they are fixed on a given GPU, but they are not this order,
 *     so the emulation's tensor-core numbers match a GPU's only to the tolerance of the sum.
 */
#pragma once
#include "psrnn_emu.hpp"

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
namespace precision {
struct tf32 {};
}  // namespace precision
enum layout_t { mem_row_major, mem_col_major };

namespace detail {
template <class Use, int M, int N, int K>
struct shape;
template <int M, int N, int K>
struct shape<matrix_a, M, N, K> {
    static constexpr int rows = M, cols = K;
};
template <int M, int N, int K>
struct shape<matrix_b, M, N, K> {
    static constexpr int rows = K, cols = N;
};
template <int M, int N, int K>
struct shape<accumulator, M, N, K> {
    static constexpr int rows = M, cols = N;
};
template <class Layout>
constexpr bool is_row_major() { return std::is_same<Layout, row_major>::value; }

/** The warp-wide step every wmma operation starts with: the whole warp, or the program stops. */
inline void whole_warp() { __syncwarp(0xffffffffu); }

inline uint32_t bits_of(float x) {
    uint32_t u;
    memcpy(&u, &x, 4);
    return u;
}
inline float float_of(uint32_t u) {
    float x;
    memcpy(&x, &u, 4);
    return x;
}
/** The tf32 part of x, as the tensor core reads an operand: the low 13 mantissa bits dropped. */
inline float tf32_part(float x) { return std::isfinite(x) ? float_of(bits_of(x) & ~0x1FFFu) : x; }
}  // namespace detail

/** Only the tf32 shape: fp32 storage, one tile of rows x cols in every lane. */
template <class Use, int M, int N, int K, class T, class Layout = void>
class fragment {
    static_assert(M == 16 && N == 16 && K == 8, "the emulated wmma has only the m16n16k8 shape");
    static_assert(std::is_same<T, precision::tf32>::value || std::is_same<T, float>::value, "the emulated wmma has only tf32 and float");

   public:
    static constexpr int rows = detail::shape<Use, M, N, K>::rows, cols = detail::shape<Use, M, N, K>::cols;
    static constexpr int num_elements = rows * cols;
    float x[num_elements];
};

/** Rounds to nearest, ties away from zero, to tf32 (cvt.rna.tf32.f32); NaN and infinity pass through. */
inline float __float_to_tf32(float in) {
    if (!std::isfinite(in)) return in;
    // Adding half an ulp of the 10-bit mantissa to the magnitude and truncating rounds ties away from zero.
    return detail::float_of((detail::bits_of(in) + 0x1000u) & ~0x1FFFu);
}

template <class Use, int M, int N, int K, class T, class Layout>
inline void fill_fragment(fragment<Use, M, N, K, T, Layout>& f, float v) {
    detail::whole_warp();
    for (float& e : f.x) e = v;
}

/** A or B from memory in the fragment's layout, leading dimension ldm. */
template <class Use, int M, int N, int K, class Layout>
inline void load_matrix_sync(fragment<Use, M, N, K, precision::tf32, Layout>& f, const float* p, unsigned ldm) {
    using F = fragment<Use, M, N, K, precision::tf32, Layout>;
    detail::whole_warp();
    for (int r = 0; r < F::rows; r++) {
        for (int c = 0; c < F::cols; c++) f.x[r * F::cols + c] = detail::is_row_major<Layout>() ? p[(size_t)r * ldm + c] : p[(size_t)c * ldm + r];
    }
}

template <int M, int N, int K>
inline void load_matrix_sync(fragment<accumulator, M, N, K, float>& f, const float* p, unsigned ldm, layout_t layout) {
    detail::whole_warp();
    for (int r = 0; r < M; r++) {
        for (int c = 0; c < N; c++) f.x[r * N + c] = layout == mem_row_major ? p[(size_t)r * ldm + c] : p[(size_t)c * ldm + r];
    }
}

/** Every lane writes the whole tile (the same values): a GPU's lanes write their parts. */
template <int M, int N, int K>
inline void store_matrix_sync(float* p, const fragment<accumulator, M, N, K, float>& f, unsigned ldm, layout_t layout) {
    detail::whole_warp();
    for (int r = 0; r < M; r++) {
        for (int c = 0; c < N; c++) (layout == mem_row_major ? p[(size_t)r * ldm + c] : p[(size_t)c * ldm + r]) = f.x[r * N + c];
    }
}

/** d = a b + c: for each (i, j), c[i][j] plus the 8 exact products in k order, fp32 rounding after each addition. */
template <int M, int N, int K, class LA, class LB>
inline void mma_sync(fragment<accumulator, M, N, K, float>& d, const fragment<matrix_a, M, N, K, precision::tf32, LA>& a,
                     const fragment<matrix_b, M, N, K, precision::tf32, LB>& b, const fragment<accumulator, M, N, K, float>& c) {
    detail::whole_warp();
    float out[M * N];
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            float acc = c.x[i * N + j];
            for (int k = 0; k < K; k++) acc += detail::tf32_part(a.x[i * K + k]) * detail::tf32_part(b.x[k * N + j]);
            out[i * N + j] = acc;
        }
    }
    memcpy(d.x, out, sizeof out);  // d may be c
}

}  // namespace wmma
}  // namespace nvcuda
