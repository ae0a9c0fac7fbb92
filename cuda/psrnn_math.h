/*
 * The arithmetic of MODEL.md that the CUDA engine shares with its host-side tests: Philox4x32-10
 * and the derived streams, the normal transform, the switching decision, the per-entry Adam and
 * Hebbian updates, the activations, the split of the G/H sums. __host__ __device__ under nvcc,
 * plain C++ under g++, so the host test program (cuda/test/math_test.cpp) checks exactly what the
 * kernels run against values written by the Java reference.
 */
#ifndef PSRNN_MATH_H
#define PSRNN_MATH_H

#include <math.h>
#include <stdint.h>

#ifdef __CUDACC__
#define PSRNN_HD __host__ __device__ __forceinline__
#else
#define PSRNN_HD inline
#endif

namespace psrnn {

/* ------------------------------------------------------------------ Philox4x32-10 */

struct Words {
    uint32_t w[4];
};

PSRNN_HD void mulhilo(uint32_t a, uint32_t b, uint32_t* hi, uint32_t* lo) {
    uint64_t p = (uint64_t)a * (uint64_t)b;
    *hi = (uint32_t)(p >> 32);
    *lo = (uint32_t)p;
}

/** Philox4x32 with `rounds` rounds (10 is the standard generator) on counter c and key (k0, k1). */
PSRNN_HD Words philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1, int rounds = 10) {
    for (int r = 0; r < rounds; r++) {
        if (r > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        uint32_t hi0, lo0, hi1, lo1;
        mulhilo(0xD2511F53u, c0, &hi0, &lo0);
        mulhilo(0xCD9E8D57u, c2, &hi1, &lo1);
        uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c1 = lo1;
        c3 = lo0;
        c0 = n0;
        c2 = n2;
    }
    Words o;
    o.w[0] = c0;
    o.w[1] = c1;
    o.w[2] = c2;
    o.w[3] = c3;
    return o;
}

PSRNN_HD uint32_t key0(uint64_t seed) { return (uint32_t)seed; }
PSRNN_HD uint32_t key1(uint64_t seed) { return (uint32_t)(seed >> 32); }

/** MODEL.md's normal from two words: u1 = (o0 + 1) 2^-32, u2 = o1 2^-32, sqrt(-2 ln u1) cos(2 pi u2); in double. */
PSRNN_HD double normal_from_words(uint32_t o0, uint32_t o1) {
    double u1 = ((double)o0 + 1.0) * 2.3283064365386963e-10;
    double u2 = (double)o1 * 2.3283064365386963e-10;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/** Stream tags (low 8 bits of c3). */
enum Stream { INIT_W = 1, INIT_W_IN = 2, INIT_W_OUT = 3, NOISE = 4, SWITCHING = 5, TRIALS = 6, FIXED_MASK = 7, RANDOM_HEBBIAN = 8 };

/** Recurrent noise xi_t[b][i] of iteration k: counter (i, b, k, 4 | t << 8). */
PSRNN_HD double noise(uint64_t seed, uint32_t k, uint32_t t, uint32_t b, uint32_t i) {
    Words o = philox(i, b, k, NOISE | (t << 8), key0(seed), key1(seed));
    return normal_from_words(o.w[0], o.w[1]);
}

/** The random Hebbian control's normal z[i][j] at iteration k: counter (j, i, k, 8). */
PSRNN_HD double random_hebbian(uint64_t seed, uint32_t k, uint32_t i, uint32_t j) {
    Words o = philox(j, i, k, RANDOM_HEBBIAN, key0(seed), key1(seed));
    return normal_from_words(o.w[0], o.w[1]);
}

/** The switching draw of synapse (i, j) at iteration k: first word of (j, i, k, 5). */
PSRNN_HD uint32_t switching_word(uint64_t seed, uint32_t k, uint32_t i, uint32_t j) {
    return philox(j, i, k, SWITCHING, key0(seed), key1(seed)).w[0];
}

/** Whether an event of probability p happens for a draw: word < floor(p 2^32). */
PSRNN_HD bool happens(uint32_t word, double p) {
    return (double)word < floor(p * 4294967296.0);
}

/* ------------------------------------------------------------------ rules */

enum SwitchMode { SWITCH_THRESHOLD = 0, SWITCH_STOCHASTIC = 1, SWITCH_NONE = 2 };
enum HebbRule { HEBB_PLAIN = 0, HEBB_OJA = 1, HEBB_COVARIANCE = 2 };
enum HebbTerm { HEBB_TERM_ACTIVITY = 0, HEBB_TERM_RANDOM = 1 };
enum Activation { ACT_RELU = 0, ACT_TANH = 1, ACT_SOFTPLUS = 2, ACT_RETANH = 3 };

struct SwitchRule {
    int mode;
    double theta, hysteresis, kappa, temp; /* temp already resolved (0.1 theta when not given) */
};

/** MODEL.md step 6 for one synapse: its state after this iteration, from its state at the start and its updated weight. */
PSRNN_HD bool next_strong(const SwitchRule& s, bool strong, float w, uint64_t seed, uint32_t k, uint32_t i, uint32_t j) {
    double a = fabs((double)w);
    if (s.mode == SWITCH_NONE) return strong;
    if (s.mode == SWITCH_THRESHOLD) return strong ? a >= (1.0 - s.hysteresis) * s.theta : a >= s.theta;
    double x = strong ? (s.theta - a) / s.temp : (a - s.theta) / s.temp;
    double p = s.kappa / (1.0 + exp(-x));
    bool flip = happens(switching_word(seed, k, i, j), p);
    return strong != flip;
}

/*
 * Single-precision operations rounded once each, in the order written. On the device nvcc would
 * otherwise fuse a * b + c into one FMA (one rounding), which the host and the Java engines do
 * not; with these the per-entry updates below give the same bits on the GPU, in the host test and
 * in the cpu engine (org.psrnn.rules.Float32Updates).
 */
PSRNN_HD float mul_rn(float a, float b) {
#ifdef __CUDA_ARCH__
    return __fmul_rn(a, b);
#else
    return a * b;
#endif
}

PSRNN_HD float add_rn(float a, float b) {
#ifdef __CUDA_ARCH__
    return __fadd_rn(a, b);
#else
    return a + b;
#endif
}

PSRNN_HD float sub_rn(float a, float b) {
#ifdef __CUDA_ARCH__
    return __fsub_rn(a, b);
#else
    return a - b;
#endif
}

PSRNN_HD float div_rn(float a, float b) {
#ifdef __CUDA_ARCH__
    return __fdiv_rn(a, b);
#else
    return a / b;
#endif
}

PSRNN_HD float sqrt_rn(float a) {
#ifdef __CUDA_ARCH__
    return __fsqrt_rn(a);
#else
    return sqrtf(a);
#endif
}

struct AdamRule {
    float lr, beta1, beta2, eps;
    float inv_correction1, inv_correction2; /* 1 / (1 - beta^k) for this iteration's k, rounded to float */
};

/**
 * MODEL.md step 4 for one entry with gradient g (already scaled by the clipping factor): updates
 * m and v and returns the new parameter,
 *   m' = b1 m + (1 - b1) g,  v' = b2 v + (1 - b2) g g,  p' = p - lr (m' c1) / (sqrt(v' c2) + eps).
 */
PSRNN_HD float adam_update(const AdamRule& a, float param, float g, float* m, float* v) {
    float mi = add_rn(mul_rn(a.beta1, *m), mul_rn(sub_rn(1.0f, a.beta1), g));
    float vi = add_rn(mul_rn(a.beta2, *v), mul_rn(mul_rn(sub_rn(1.0f, a.beta2), g), g));
    *m = mi;
    *v = vi;
    float step = div_rn(mul_rn(a.lr, mul_rn(mi, a.inv_correction1)), add_rn(sqrt_rn(mul_rn(vi, a.inv_correction2)), a.eps));
    return sub_rn(param, step);
}

struct HebbianRule {
    int rule;
    float eta, lambda, w_max; /* w_max: +inf when there is no clamp */
};

/**
 * MODEL.md step 5 for one WEAK synapse: w + eta (h - q w) - lambda w, clamped to |w| <= w_max,
 * with q = Q[i] for Oja's rule and 0 otherwise. NaN stays NaN (so divergence is seen).
 */
PSRNN_HD float hebbian_update(const HebbianRule& h, float w, float hebb, float q) {
    float next = sub_rn(add_rn(w, mul_rn(h.eta, sub_rn(hebb, mul_rn(q, w)))), mul_rn(h.lambda, w));
    return next < -h.w_max ? -h.w_max : (next > h.w_max ? h.w_max : next);
}

/* ------------------------------------------------------------------ activations */

PSRNN_HD float activate(int act, float x) {
    switch (act) {
        case ACT_RELU: return x > 0.0f ? x : 0.0f;
        case ACT_TANH: return tanhf(x);
        case ACT_SOFTPLUS: return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
        default: return x > 0.0f ? tanhf(x) : 0.0f;
    }
}

/** phi'(x) from the rate r = phi(x): relu r > 0, tanh 1 - r^2, softplus 1 - e^-r, retanh both. */
PSRNN_HD float derivative_from_rate(int act, float r) {
    switch (act) {
        case ACT_RELU: return r > 0.0f ? 1.0f : 0.0f;
        case ACT_TANH: return 1.0f - r * r;
        case ACT_SOFTPLUS: return -expm1f(-r);
        default: return r > 0.0f ? 1.0f - r * r : 0.0f;
    }
}

/* ------------------------------------------------------------------ reduction shapes */

/*
 * The G/H pass (G = dL/dW of MODEL.md step 2, H of step 5) sums over the T*B samples in ranges
 * whose partial sums are added in range order, so the number of ranges fixes how G and H round.
 * It follows N and the sample count alone, never the device: a run sums in the same order on
 * every GPU. The target is two 64 x 64 tiles' blocks on each of 132 SMs (an H100's or H200's), so
 * those GPUs keep the occupancy and the numbers they had when the count followed their own SMs.
 */
constexpr int GH_TILE = 64;            /* G/H tiles are GH_TILE x GH_TILE entries */
constexpr int GH_TARGET_BLOCKS = 264;  /* tiles x ranges aimed at: 2 blocks x 132 SMs */
constexpr int GH_MIN_RANGE = 256;      /* no range shorter than this many samples */
constexpr int GH_MAX_SPLITS = 32;

/** Into how many sample ranges the G/H pass splits: ceil(264 / tiles), at most samples / 256 and 32, at least 1. */
PSRNN_HD int gh_splits(int n, int64_t samples) {
    int64_t side = (n + GH_TILE - 1) / GH_TILE, tiles = side * side;
    int64_t want = (GH_TARGET_BLOCKS + tiles - 1) / tiles, most = samples / GH_MIN_RANGE;
    int64_t z = want < most ? want : most;
    if (z > GH_MAX_SPLITS) z = GH_MAX_SPLITS;
    return z < 1 ? 1 : (int)z;
}

}  // namespace psrnn

#endif
