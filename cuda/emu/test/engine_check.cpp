/*
 * psrnn's C API (cuda/psrnn_cuda.h) on the emulated device, linked against libpsrnn_cuda_emu.so:
 * the tiled, persistent, blocked and fused forms agree, a call repeats bit for bit, and the shapes
 * that reach the other kernel paths run (two batch tiles, the G/H pass split over samples, N past
 * what the persistent form holds on chip); a context that replays its iteration's CUDA graph over
 * changing batches, masks, iterations and forms matches a fresh context for each call bit for bit
 * (a value the graph kept from its capture would show). It prints a digest of the fused form's
 * results, which cuda/emu/check.sh holds equal across multiprocessor counts (the fused form's sums
 * must not depend on how many blocks it runs).
 *
 *   emu_engine_check      exit status 0 when every check passes
 *
 * Run by the JUnit test CudaEmulationTest and, under ASan and UBSan in every fiber order and
 * several multiprocessor counts, by cuda/emu/check.sh. The Java parity tests compare the same
 * library with the float64 reference engine.
 */
#include "psrnn_cuda.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <string>
#include <vector>

static int failures = 0, passes = 0;
static void expect(bool ok, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
static void expect(bool ok, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("%s: ", ok ? "PASS" : "FAIL");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    (ok ? passes : failures)++;
}

static psrnn_config config(int n, int activation, int loss, int hebb, int switch_mode) {
    psrnn_config k;
    memset(&k, 0, sizeof k);
    k.n_in = 3;
    k.hidden = n;
    k.n_out = 2;
    k.max_steps = 1;
    k.max_batch = 1;
    k.activation = activation;
    k.loss = loss;
    k.hebb_rule = hebb;
    k.switch_mode = switch_mode;
    k.hebb_term = 0;
    k.hebb_until = INT32_MAX;  /* step 5 at every iteration */
    k.alpha = 0.2;
    k.sigma_rec = 0.1;
    k.lr = 1e-3;
    k.beta1 = 0.9;
    k.beta2 = 0.999;
    k.eps = 1e-8;
    k.clip = 1.0;
    k.eta_h = 1e-3;
    k.lambda = 0.01;
    k.w_max = INFINITY;
    k.theta = 0.1;
    k.hysteresis = 0.1;
    k.kappa = 1;
    k.temp = 0.01;
    k.seed = 1;
    return k;
}

/** k with the random control of the Hebbian term (MODEL.md step 5, hebb_term = random). */
static psrnn_config random_hebbian(psrnn_config k) {
    k.hebb_term = 1;
    return k;
}

struct Case {
    const char* name;
    psrnn_config k;
    int steps, batch;
};

struct Result {
    double loss = 0, norm = 0;
    std::vector<float> g[6];
    std::vector<float> w_after;
    std::vector<uint8_t> s_after;
    psrnn_stats stats;
};

static int64_t tensor_size(const psrnn_config& k, int t) {
    int64_t n = k.hidden;
    int64_t sizes[5] = {n * k.n_in, n * n, k.n_out * n, n, k.n_out};
    return sizes[t];
}

/** Gradients, then one step, on a context of the given form and tensor_math; false (and a FAIL line) when a call fails. */
static bool run(const Case& c, int form, Result& r, int32_t* kind, int math = 0) {
    psrnn_config k = c.k;
    k.recurrent_kernel = form;
    k.tensor_math = math;
    psrnn_context* ctx = nullptr;
    int rc = psrnn_create(&k, 0, &ctx);
    if (rc) {
        expect(false, "%s: psrnn_create (form %d): status %d: %s", c.name, form, rc, psrnn_last_error());
        return false;
    }
    psrnn_recurrent_kernel(ctx, kind);
    const int n = k.hidden, T = c.steps, B = c.batch;
    srand(3);
    for (int t = 0; t < 5; t++) {
        std::vector<float> w((size_t)tensor_size(k, t));
        for (auto& x : w) x = ((float)rand() / RAND_MAX * 2 - 1) * (t == 1 ? 1.5f / sqrtf((float)n) : 0.5f);
        psrnn_upload(ctx, t, w.data(), (int64_t)w.size());
    }
    std::vector<uint8_t> s((size_t)n * n);
    for (auto& x : s) x = rand() % 4 == 0;
    psrnn_upload_strong(ctx, s.data(), (int64_t)s.size());
    std::vector<float> in((size_t)T * B * k.n_in), tg((size_t)T * B * k.n_out), mask((size_t)T * B);
    std::vector<int32_t> labels((size_t)T * B);
    for (auto& v : in) v = (float)rand() / RAND_MAX * 2 - 1;
    for (auto& v : tg) v = (float)rand() / RAND_MAX * 2 - 1;
    for (auto& v : mask) v = rand() % 5 ? 1.0f : 0.0f;
    for (auto& v : labels) v = rand() % k.n_out;
    psrnn_batch b = {T, B, in.data(), tg.data(), labels.data(), mask.data(), nullptr};
    for (int t = 0; t < 5; t++) r.g[t].resize((size_t)tensor_size(k, t));
    r.g[5].resize((size_t)n * n);
    rc = psrnn_gradients(ctx, &b, r.g[0].data(), r.g[1].data(), r.g[2].data(), r.g[3].data(), r.g[4].data(), r.g[5].data(), &r.loss,
                         &r.norm);
    if (rc == 0) rc = psrnn_step(ctx, &b, &r.stats);
    if (rc) {
        expect(false, "%s: form %d: status %d: %s", c.name, form, rc, psrnn_last_error());
        psrnn_destroy(ctx);
        return false;
    }
    r.w_after.resize((size_t)n * n);
    r.s_after.resize((size_t)n * n);
    psrnn_download(ctx, 1, r.w_after.data(), (int64_t)n * n);
    psrnn_download_strong(ctx, r.s_after.data(), (int64_t)n * n);
    psrnn_destroy(ctx);
    return true;
}

static const char* NAMES[6] = {"grad W_in", "grad W_rec", "grad W_out", "grad b_rec", "grad b_out", "H"};

/** Every array finite and within tol of the largest entry. */
static void compare(const char* what, const Result& a, const Result& b, double tol) {
    bool ok = isfinite(a.loss) && fabs(a.loss - b.loss) <= tol * fmax(fabs(a.loss), 1e-6) && fabs(a.norm - b.norm) <= tol * fmax(a.norm, 1e-6);
    double worst = 0;
    for (int t = 0; t < 6; t++) {
        double md = 0, mx = 1e-12;
        for (size_t j = 0; j < a.g[t].size(); j++) {
            if (!isfinite(a.g[t][j]) || !isfinite(b.g[t][j])) md = INFINITY;
            md = fmax(md, fabs((double)a.g[t][j] - b.g[t][j]));
            mx = fmax(mx, fabs((double)a.g[t][j]));
        }
        worst = fmax(worst, md / mx);
        if (md > tol * mx) {
            ok = false;
            printf("  %s: %s differs by %.3g (max |value| %.3g)\n", what, NAMES[t], md, mx);
        }
    }
    double wd = 0;
    for (size_t j = 0; j < a.w_after.size(); j++) wd = fmax(wd, fabs((double)a.w_after[j] - b.w_after[j]));
    ok &= wd <= tol;
    expect(ok, "%s: loss %.9g / %.9g, norm %.6g / %.6g, gradients and H within %.2g, W after a step within %.2g", what, a.loss, b.loss, a.norm,
           b.norm, worst, wd);
}

static bool identical(const Result& a, const Result& b) {
    if (a.loss != b.loss || a.norm != b.norm || a.w_after != b.w_after || a.s_after != b.s_after) return false;
    for (int t = 0; t < 6; t++)
        if (a.g[t] != b.g[t]) return false;
    return a.stats.switches_up == b.stats.switches_up && a.stats.switches_down == b.stats.switches_down;
}

/** FNV-1a of the bytes of a result's loss, norm, gradients, W and S after the step, and switch counts. */
static uint64_t fnv(uint64_t h, const Result& r) {
    auto add = [&h](const void* p, size_t n) {
        for (size_t i = 0; i < n; i++) h = (h ^ ((const unsigned char*)p)[i]) * 1099511628211ull;
    };
    add(&r.loss, sizeof r.loss);
    add(&r.norm, sizeof r.norm);
    for (int t = 0; t < 6; t++) add(r.g[t].data(), r.g[t].size() * sizeof(float));
    add(r.w_after.data(), r.w_after.size() * sizeof(float));
    add(r.s_after.data(), r.s_after.size());
    add(&r.stats.switches_up, sizeof r.stats.switches_up);
    add(&r.stats.switches_down, sizeof r.stats.switches_down);
    return h;
}

/* ------------------------------------------------------------------ a context's calls against fresh contexts */

/** Everything psrnn_step reads and changes: the 15 tensors, S and k. */
struct State {
    std::vector<float> t[PSRNN_TENSOR_COUNT];
    std::vector<uint8_t> s;
    int64_t iteration = 0;
    bool operator==(const State& o) const {
        for (int i = 0; i < PSRNN_TENSOR_COUNT; i++)
            if (t[i].size() != o.t[i].size() || memcmp(t[i].data(), o.t[i].data(), t[i].size() * sizeof(float)) != 0) return false;
        return s == o.s && iteration == o.iteration;
    }
};

static State download(psrnn_context* ctx, const psrnn_config& k) {
    State st;
    for (int i = 0; i < PSRNN_TENSOR_COUNT; i++) {
        st.t[i].resize((size_t)tensor_size(k, i % 5));
        psrnn_download(ctx, i, st.t[i].data(), (int64_t)st.t[i].size());
    }
    st.s.resize((size_t)k.hidden * k.hidden);
    psrnn_download_strong(ctx, st.s.data(), (int64_t)st.s.size());
    psrnn_get_iteration(ctx, &st.iteration);
    return st;
}

static void upload(psrnn_context* ctx, const State& st) {
    for (int i = 0; i < PSRNN_TENSOR_COUNT; i++) psrnn_upload(ctx, i, st.t[i].data(), (int64_t)st.t[i].size());
    psrnn_upload_strong(ctx, st.s.data(), (int64_t)st.s.size());
    psrnn_set_iteration(ctx, st.iteration);
}

/** One call of a sequence: the batch's shape, where k jumps to first (-1: no jump), whether it brings noise, its data's seed. */
struct Call {
    int steps, batch;
    int64_t jump;
    bool noise;
    unsigned seed;
};

/** A batch's arrays, drawn from `seed` (a mask of density 1/2 to 4/5 that changes with it). */
struct BatchData {
    std::vector<float> in, tg, mask, noise;
    std::vector<int32_t> labels;
    psrnn_batch b;
    BatchData(const psrnn_config& k, const Call& c) {
        size_t s = (size_t)c.steps * c.batch;
        srand(c.seed);
        in.resize(s * k.n_in);
        tg.resize(s * k.n_out);
        mask.resize(s);
        labels.resize(s);
        for (auto& v : in) v = (float)rand() / RAND_MAX * 2 - 1;
        for (auto& v : tg) v = (float)rand() / RAND_MAX * 2 - 1;
        int keep = 2 + (int)(c.seed % 4);
        for (auto& v : mask) v = rand() % (keep + 1) ? 1.0f : 0.0f;
        for (auto& v : labels) v = rand() % k.n_out;
        if (c.noise) {
            noise.resize(s * k.hidden);
            for (auto& v : noise) v = ((float)rand() / RAND_MAX * 2 - 1) * 0.05f;
        }
        b = {c.steps, c.batch, in.data(), tg.data(), labels.data(), mask.data(), c.noise ? noise.data() : nullptr};
    }
};

static bool same_stats(const psrnn_stats& a, const psrnn_stats& b) {
    return memcmp(&a.loss, &b.loss, sizeof a.loss) == 0 && memcmp(&a.grad_norm, &b.grad_norm, sizeof a.grad_norm) == 0 &&
           memcmp(&a.clip_scale, &b.clip_scale, sizeof a.clip_scale) == 0 && a.switches_up == b.switches_up &&
           a.switches_down == b.switches_down && a.strong_count == b.strong_count;
}

static psrnn_context* create(psrnn_config k, int form, bool step_graphs) {
    k.recurrent_kernel = form;
    if (!step_graphs) setenv("PSRNN_CUDA_STEP_GRAPH", "0", 1);
    psrnn_context* ctx = nullptr;
    int rc = psrnn_create(&k, 0, &ctx);
    unsetenv("PSRNN_CUDA_STEP_GRAPH");
    if (rc) expect(false, "psrnn_create (form %d): status %d: %s", form, rc, psrnn_last_error());
    return rc ? nullptr : ctx;
}

/**
 * The calls on one context (whose iteration graphs are captured once per form and replayed) against
 * each call on a fresh context given the state before it, and against a context that queues every
 * call launch by launch (PSRNN_CUDA_STEP_GRAPH=0): stats and state after each call bit for bit.
 */
static void replay_check(const char* name, psrnn_config k, int form, const std::vector<Call>& calls, bool with_plain) {
    psrnn_context* kept = create(k, form, true);
    psrnn_context* plain = with_plain ? create(k, form, false) : nullptr;
    if (!kept || (with_plain && !plain)) {
        psrnn_destroy(kept);
        psrnn_destroy(plain);
        return;
    }
    srand(7);
    State init;
    for (int i = 0; i < PSRNN_TENSOR_COUNT; i++) {
        init.t[i].resize((size_t)tensor_size(k, i % 5));
        for (auto& x : init.t[i]) {
            x = i < 5 ? ((float)rand() / RAND_MAX * 2 - 1) * (i == 1 ? 1.5f / sqrtf((float)k.hidden) : 0.5f)
                      : (i < 10 ? 1e-3f : 1e-5f) * (float)rand() / RAND_MAX;
        }
    }
    init.s.resize((size_t)k.hidden * k.hidden);
    for (auto& x : init.s) x = rand() % 3 == 0;
    upload(kept, init);
    if (plain) upload(plain, init);
    int matched = 0, i = 0;
    for (const Call& c : calls) {
        if (c.jump >= 0) {
            psrnn_set_iteration(kept, c.jump);
            if (plain) psrnn_set_iteration(plain, c.jump);
        }
        State before = download(kept, k);
        BatchData d(k, c);
        psrnn_stats s_kept, s_fresh, s_plain;
        psrnn_context* fresh = create(k, form, true);
        if (!fresh) break;
        upload(fresh, before);
        int rc1 = psrnn_step(kept, &d.b, &s_kept), rc2 = psrnn_step(fresh, &d.b, &s_fresh), rc3 = 0;
        State after_kept = download(kept, k), after_fresh = download(fresh, k), after_plain = after_kept;
        s_plain = s_kept;
        if (plain) {
            rc3 = psrnn_step(plain, &d.b, &s_plain);
            after_plain = download(plain, k);
        }
        psrnn_destroy(fresh);
        bool ok = rc1 == 0 && rc2 == 0 && rc3 == 0 && same_stats(s_kept, s_fresh) && same_stats(s_kept, s_plain) && after_kept == after_fresh &&
                  after_kept == after_plain && !(after_kept == before);
        if (!ok) {
            printf("  %s: call %d (T %d, B %d, k %lld%s): status %d %d %d, loss %.17g / %.17g / %.17g, norm %.17g / %.17g, state %s, %s\n", name,
                   i, c.steps, c.batch, (long long)before.iteration, c.noise ? ", noise" : "", rc1, rc2, rc3, s_kept.loss, s_fresh.loss,
                   s_plain.loss, s_kept.grad_norm, s_fresh.grad_norm, after_kept == after_fresh ? "as fresh" : "differs from fresh",
                   after_kept == after_plain ? "as plain" : "differs from plain");
        } else {
            matched++;
        }
        i++;
    }
    expect(matched == (int)calls.size(), "%s: %d of %zu calls on one context (graphs replayed) equal fresh contexts%s bit for bit", name, matched,
           calls.size(), with_plain ? " and plain launches" : "");
    psrnn_destroy(kept);
    psrnn_destroy(plain);
}

int main() {
    setvbuf(stdout, nullptr, _IOLBF, 0);  // every line out before an abort of the emulation
    int32_t emulated = 0, driver = -1, runtime = -1, count = 0;
    psrnn_emulated(&emulated);
    psrnn_versions(&driver, &runtime);
    expect(emulated == 1 && driver == 0 && runtime == 0, "the library says it is emulated (driver %d, runtime %d)", driver, runtime);
    expect(psrnn_device_count(&count) == 0 && count == 1, "one device");
    char name[256];
    uint64_t total = 0, free_b = 0;
    int32_t major = 0, minor = 0, sms = 0, has_code = 0;
    psrnn_device_info(0, name, sizeof name, &total, &free_b, &major, &minor, &sms, &has_code);
    printf("device: %s\n", name);

    Case cases[] = {
        {"tanh mse plain threshold, N 40, T 8, B 4", config(40, 1, 0, 0, 0), 8, 4},
        {"relu xent oja stochastic, N 33, T 5, B 3", config(33, 0, 1, 1, 1), 5, 3},
        // fewer units than lanes: warps with idle lanes
        {"softplus mse plain none, N 7, T 4, B 2", config(7, 2, 0, 0, 2), 4, 2},
        // two batch tiles (B > 32) and the G/H pass split over samples (T B >= 512)
        {"retanh xent covariance threshold, N 70, T 13, B 40", config(70, 3, 1, 2, 0), 13, 40},
        {"tanh mse plain threshold random-H, N 40, T 8, B 4", random_hebbian(config(40, 1, 0, 0, 0)), 8, 4},
        // the blocked form's partial tiles: two batch tiles of 64 (B > 64), N neither a multiple of 4 nor of 64
        {"tanh xent plain threshold, N 67, T 3, B 70", config(67, 1, 1, 0, 0), 3, 70},
    };
    uint64_t digest = 1469598103934665603ull;  // FNV-1a over the fused form's results, the same on every SM count
    for (const Case& c : cases) {
        Result tiled, persistent, again, blocked, blocked_again, fused, fused_again;
        int32_t k1 = 0, k2 = 0, k3 = 0, k4 = 0, k5 = 0, k6 = 0;
        if (!run(c, 1, tiled, &k1) || !run(c, 2, persistent, &k2) || !run(c, 2, again, &k3) || !run(c, 4, blocked, &k4) ||
            !run(c, 4, blocked_again, &k5) || !run(c, 3, fused, &k6) || !run(c, 3, fused_again, &k3)) {
            continue;
        }
        expect(k1 == 1 && k2 == 2 && k4 == 4 && k6 == 3, "%s: the forms asked for (tiled %d, persistent %d, blocked %d, fused %d)", c.name, k1,
               k2, k4, k6);
        compare(c.name, tiled, persistent, 1e-5);
        compare((std::string(c.name) + ", blocked").c_str(), tiled, blocked, 1e-5);
        compare((std::string(c.name) + ", fused").c_str(), tiled, fused, 1e-5);
        expect(identical(persistent, again), "%s: a second context repeats the first bit for bit (persistent)", c.name);
        expect(identical(blocked, blocked_again), "%s: a second context repeats the first bit for bit (blocked)", c.name);
        expect(identical(fused, fused_again), "%s: a second context repeats the first bit for bit (fused)", c.name);
        digest = fnv(digest, fused);
        // Tensor-core products (cuda/tensor.cuh): tf32x3 at float32 level, tf32 coarser (docs/CUDA-MODEL.md), both repeatable.
        Result x3, x3_again, tf32;
        int32_t m1 = 0, m2 = 0, m3 = 0;
        if (!run(c, 1, x3, &m1, 1) || !run(c, 0, x3_again, &m2, 1) || !run(c, 1, tf32, &m3, 2)) continue;
        expect(m1 == 1 && m2 == 1 && m3 == 1, "%s: tensor_math runs the tiled form, auto included (%d %d %d)", c.name, m1, m2, m3);
        std::string what = std::string(c.name) + ", tf32x3 against fp32";
        compare(what.c_str(), tiled, x3, 1e-4);
        what = std::string(c.name) + ", tf32 against fp32";
        compare(what.c_str(), tiled, tf32, 5e-3);
        expect(identical(x3, x3_again), "%s: tf32x3: a second context repeats the first bit for bit", c.name);
    }
    printf("fused digest: %016llx\n", (unsigned long long)digest);

    // N past what the persistent form holds on chip on this many SMs: auto takes the tiled form, persistent is refused.
    int big = 16;
    while ((size_t)((big + sms - 1) / sms) * (big + 1) * sizeof(float) <= 232448) big += 16;
    psrnn_config k = config(big, 1, 0, 0, 2);
    psrnn_context* ctx = nullptr;
    int rc = psrnn_create(&k, 0, &ctx);
    int32_t kind = 0;
    if (rc == 0) psrnn_recurrent_kernel(ctx, &kind);
    psrnn_destroy(ctx);
    expect(rc == 0 && kind == 1, "N = %d on %d SMs: auto takes the tiled form (%d)", big, sms, kind);
    k.recurrent_kernel = 2;
    rc = psrnn_create(&k, 0, &ctx);
    expect(rc == PSRNN_ERROR_UNSUPPORTED && strstr(psrnn_last_error(), "do not fit"), "N = %d, persistent asked for: %d, %s", big, rc,
           psrnn_last_error());
    k = config(big - 16, 1, 0, 0, 2);
    rc = psrnn_create(&k, 0, &ctx);
    kind = 0;
    if (rc == 0) psrnn_recurrent_kernel(ctx, &kind);
    psrnn_destroy(ctx);
    expect(rc == 0 && kind == 2, "N = %d on %d SMs: auto takes the persistent form (%d)", big - 16, sms, kind);
    // Tensor-core math is the tiled form's: auto takes the tiled form for it, the persistent form refuses it.
    k.tensor_math = 1;
    rc = psrnn_create(&k, 0, &ctx);
    kind = 0;
    if (rc == 0) psrnn_recurrent_kernel(ctx, &kind);
    psrnn_destroy(ctx);
    expect(rc == 0 && kind == 1, "N = %d, tensor_math = 1: auto takes the tiled form (%d)", big - 16, kind);
    k.recurrent_kernel = 2;
    rc = psrnn_create(&k, 0, &ctx);
    expect(rc == PSRNN_ERROR_UNSUPPORTED && strstr(psrnn_last_error(), "tiled kernels only"), "tensor_math = 1 with the persistent form: %d, %s", rc,
           psrnn_last_error());

    // One context's iterations with what changes between them: the batch and its mask, k (by one, and by set_iteration
    // jumps back and forth), hebb_until crossed both ways, a batch shape and back, explicit noise on and off, buffers grown.
    // The k of each call: 0, 1 (the first graph replayed), 3 = hebb_until (a jump; step 5 off: another graph), 1000 (a jump
    // and a smaller shape), 1001 (the step-5-off graph replayed, larger shape again), 1 (back before hebb_until, with noise),
    // 2 (the first graph replayed again, no noise), 3 (buffers grown: every graph made again).
    std::vector<Call> calls = {
        {8, 4, -1, false, 11}, {8, 4, -1, false, 12}, {8, 4, 3, false, 13}, {5, 3, 1000, false, 14},
        {8, 4, -1, false, 15}, {8, 4, 1, true, 16},   {8, 4, -1, false, 17}, {10, 6, -1, false, 18},
    };
    psrnn_config seq = config(20, 1, 0, 0, 0);
    seq.max_steps = 8;
    seq.max_batch = 4;
    seq.hebb_until = 3;
    replay_check("tanh mse plain threshold, tiled", seq, 1, calls, true);
    // The other forms with fewer calls (the emulation is slow): the first graph replayed, hebb_until crossed, a shape and back.
    replay_check("tanh mse plain threshold, persistent", seq, 2, std::vector<Call>(calls.begin(), calls.begin() + 5), false);
    psrnn_config seq2 = random_hebbian(config(17, 0, 1, 1, 1));
    seq2.max_steps = 8;
    seq2.max_batch = 4;
    seq2.hebb_until = 3;
    replay_check("relu xent oja stochastic random-H, persistent", seq2, 2, std::vector<Call>(calls.begin(), calls.begin() + 3), false);
    replay_check("tanh mse plain threshold, fused", seq, 3, std::vector<Call>(calls.begin(), calls.begin() + 6), true);
    replay_check("relu xent oja stochastic random-H, fused", seq2, 3, std::vector<Call>(calls.begin(), calls.begin() + 3), false);
    replay_check("tanh mse plain threshold, blocked", seq, 4, std::vector<Call>(calls.begin(), calls.begin() + 5), false);

    printf("%d passed, %d failed\n", passes, failures);
    return failures ? 1 : 0;
}
