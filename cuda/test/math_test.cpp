/*
 * Host-side runner for the math the CUDA kernels share with the host (cuda/psrnn_math.h).
 *
 * Reads one case a line on stdin and writes one answer a line on stdout; the JUnit test
 * CudaMathHostTest writes the cases, runs this program and checks every answer against the Java
 * reference. All numbers travel as hexadecimal bit patterns, so nothing is lost to printing.
 *
 *   philox c0 c1 c2 c3 k0 k1             -> o0 o1 o2 o3
 *   normal o0 o1                         -> double bits
 *   noise seed k t b i                   -> double bits
 *   switch mode theta hyst kappa temp strong w seed k i j  (theta..temp double bits, w float bits) -> 0 | 1
 *   adam lr b1 b2 eps inv1 inv2 p g m v  (float bits) -> p' m' v'
 *   hebb rule eta lambda wmax w h q      (float bits after rule) -> w'
 *   act kind x                           (x float bits) -> float bits
 *   dact kind r                          (r float bits) -> float bits
 *   splits n samples                     -> the G/H pass's number of sample ranges (hex)
 */
#include "../psrnn_math.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sstream>
#include <string>

using namespace psrnn;

static uint64_t hex(std::istringstream& in) {
    std::string s;
    if (!(in >> s)) {
        fprintf(stderr, "math_test: missing field\n");
        exit(2);
    }
    return strtoull(s.c_str(), nullptr, 16);
}

static float f32(std::istringstream& in) {
    uint32_t b = (uint32_t)hex(in);
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static double f64(std::istringstream& in) {
    uint64_t b = hex(in);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static void put(float f) {
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    printf(" %08x", b);
}

static void put(double d) {
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    printf(" %016llx", (unsigned long long)b);
}

int main() {
    char buf[4096];
    long cases = 0;
    while (fgets(buf, sizeof buf, stdin)) {
        std::istringstream in(buf);
        std::string op;
        if (!(in >> op)) continue;
        if (op == "philox") {
            uint32_t c[4], k[2];
            for (auto& x : c) x = (uint32_t)hex(in);
            for (auto& x : k) x = (uint32_t)hex(in);
            Words o = philox(c[0], c[1], c[2], c[3], k[0], k[1]);
            printf("%08x %08x %08x %08x", o.w[0], o.w[1], o.w[2], o.w[3]);
        } else if (op == "normal") {
            uint32_t o0 = (uint32_t)hex(in), o1 = (uint32_t)hex(in);
            put(normal_from_words(o0, o1));
        } else if (op == "noise") {
            uint64_t seed = hex(in);
            uint32_t k = (uint32_t)hex(in), t = (uint32_t)hex(in), b = (uint32_t)hex(in), i = (uint32_t)hex(in);
            put(noise(seed, k, t, b, i));
        } else if (op == "random_hebbian") {
            uint64_t seed = hex(in);
            uint32_t k = (uint32_t)hex(in), i = (uint32_t)hex(in), j = (uint32_t)hex(in);
            put(random_hebbian(seed, k, i, j));
        } else if (op == "switch") {
            SwitchRule s;
            s.mode = (int)hex(in);
            s.theta = f64(in);
            s.hysteresis = f64(in);
            s.kappa = f64(in);
            s.temp = f64(in);
            bool strong = hex(in) != 0;
            float w = f32(in);
            uint64_t seed = hex(in);
            uint32_t k = (uint32_t)hex(in), i = (uint32_t)hex(in), j = (uint32_t)hex(in);
            printf("%d", next_strong(s, strong, w, seed, k, i, j) ? 1 : 0);
        } else if (op == "adam") {
            AdamRule a;
            a.lr = f32(in);
            a.beta1 = f32(in);
            a.beta2 = f32(in);
            a.eps = f32(in);
            a.inv_correction1 = f32(in);
            a.inv_correction2 = f32(in);
            float p = f32(in), g = f32(in), m = f32(in), v = f32(in);
            float next = adam_update(a, p, g, &m, &v);
            put(next);
            put(m);
            put(v);
        } else if (op == "hebb") {
            HebbianRule h;
            h.rule = (int)hex(in);
            h.eta = f32(in);
            h.lambda = f32(in);
            h.w_max = f32(in);
            float w = f32(in), hv = f32(in), q = f32(in);
            put(hebbian_update(h, w, hv, q));
        } else if (op == "act") {
            int kind = (int)hex(in);
            put(activate(kind, f32(in)));
        } else if (op == "dact") {
            int kind = (int)hex(in);
            put(derivative_from_rate(kind, f32(in)));
        } else if (op == "splits") {
            int n = (int)hex(in);
            int64_t samples = (int64_t)hex(in);
            printf("%x", gh_splits(n, samples));
        } else {
            fprintf(stderr, "math_test: unknown case '%s'\n", op.c_str());
            return 2;
        }
        putchar('\n');
        cases++;
    }
    fprintf(stderr, "math_test: %ld cases\n", cases);
    return 0;
}
