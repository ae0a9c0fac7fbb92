/*
 * Part of psrnn_cuda.cu's one translation unit: the G/H pass, the small gradients, the norm and
 * MODEL.md steps 3-6 (clipping, Adam, the Hebbian rule, switching). Included by psrnn_cuda.cu only.
 */
#pragma once

/* ------------------------------------------------------------------ G and H */

constexpr int GM = 64, GN = 64, GK = 16;  // G/H tiles: 64 x 64 entries, 16 samples at a time
static_assert(GM == GH_TILE && GN == GH_TILE, "gh_splits (psrnn_math.h) counts tiles of this size");

/**
 * G[i][j] = sum_s A1[s][i] B[s][j] and (WITH_H) H[i][j] = sum_s A2[s][i] B[s][j] for one 64 x 64
 * tile over the samples of split blockIdx.z; each tile of B is loaded once for both products.
 * 256 threads of 4 x 4 entries of each. With one split the results go straight to g and h
 * (H times h_scale); with several, to the split's slice of the partial buffers, summed in a fixed
 * order by reduce_gh (so results repeat bit for bit). The number of splits is gh_splits(N, T*B),
 * the same on every device.
 */
template <bool WITH_H>
__global__ void gh_tiled(const float* a1, const float* a2, const float* bm, int samples, int per_split, int n, float* g, float* h,
                         float h_scale) {
    __shared__ float A1s[GK][GM], A2s[WITH_H ? GK : 1][GM], Bs[GK][GN];
    int i0 = blockIdx.y * GM, j0 = blockIdx.x * GN;
    int s_begin = blockIdx.z * per_split, s_end = min(samples, s_begin + per_split);
    int tid = threadIdx.x, ty = tid / 16, tx = tid % 16;
    float cg_[4][4] = {}, ch[4][4] = {};
    for (int s0 = s_begin; s0 < s_end; s0 += GK) {
        for (int e = tid; e < GK * GM; e += 256) {
            int ss = e / GM, c = e % GM, s = s0 + ss;
            bool ok = s < s_end;
            A1s[ss][c] = ok && i0 + c < n ? a1[(size_t)s * n + i0 + c] : 0.0f;
            if (WITH_H) A2s[ss][c] = ok && i0 + c < n ? a2[(size_t)s * n + i0 + c] : 0.0f;
            Bs[ss][c] = ok && j0 + c < n ? bm[(size_t)s * n + j0 + c] : 0.0f;
        }
        __syncthreads();
#pragma unroll 4
        for (int ss = 0; ss < GK; ss++) {
            float bj[4], x1[4], x2[4];
            for (int q = 0; q < 4; q++) {
                bj[q] = Bs[ss][tx * 4 + q];
                x1[q] = A1s[ss][ty * 4 + q];
                if (WITH_H) x2[q] = A2s[ss][ty * 4 + q];
            }
            for (int p = 0; p < 4; p++) {
                for (int q = 0; q < 4; q++) {
                    cg_[p][q] += x1[p] * bj[q];
                    if (WITH_H) ch[p][q] += x2[p] * bj[q];
                }
            }
        }
        __syncthreads();
    }
    bool split = gridDim.z > 1;
    size_t slice = split ? (size_t)blockIdx.z * n * n : 0;
    for (int p = 0; p < 4; p++) {
        for (int q = 0; q < 4; q++) {
            int i = i0 + ty * 4 + p, j = j0 + tx * 4 + q;
            if (i < n && j < n) {
                g[slice + (size_t)i * n + j] = cg_[p][q];
                if (WITH_H) h[slice + (size_t)i * n + j] = split ? ch[p][q] : ch[p][q] * h_scale;
            }
        }
    }
}

/** G (and H times h_scale) from the splits' partial sums, added in split order. */
__global__ void reduce_gh(const float* g_parts, const float* h_parts, int splits, size_t nn, float* g, float* h, float h_scale) {
    size_t e = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (e >= nn) return;
    float sg = 0.0f, sh = 0.0f;
    for (int z = 0; z < splits; z++) {
        sg += g_parts[z * nn + e];
        if (h_parts) sh += h_parts[z * nn + e];
    }
    g[e] = sg;
    if (h_parts) h[e] = sh * h_scale;
}

/* ------------------------------------------------------------------ small gradients, norm, update */

/** The fields of the small gradients' partial sums per unit: db_rec, Q, post sum, pre sum, dW_in (n_in), dW_out (n_out). */
__host__ __device__ inline int small_fields(int n_in, int n_out) { return 4 + n_in + n_out; }

/** Per unit i (x) over one chunk of samples (y): partial sums of the small gradients into parts[y][i][field]. */
__global__ void small_gradients(Args a, float* parts, int chunk) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= a.n) return;
    int s0 = blockIdx.y * chunk, s1 = min(a.samples, s0 + chunk);
    float db = 0.0f, q = 0.0f, post = 0.0f, pre = 0.0f, gin[8] = {}, gout[16] = {};
    for (int s = s0; s < s1; s++) {
        float d = a.dxs[(size_t)s * a.n + i];
        float rp = a.r[((size_t)s + a.batch) * a.n + i];
        db += d;
        q += rp * rp;
        post += rp;
        pre += a.r[(size_t)s * a.n + i];
        for (int c = 0; c < a.n_in; c++) gin[c] += d * a.u[(size_t)s * a.n_in + c];
        for (int o = 0; o < a.n_out; o++) gout[o] += a.dy[(size_t)s * a.n_out + o] * rp;
    }
    int fields = small_fields(a.n_in, a.n_out);
    float* out = parts + ((size_t)blockIdx.y * a.n + i) * fields;
    out[0] = db;
    out[1] = q;
    out[2] = post;
    out[3] = pre;
    for (int c = 0; c < a.n_in; c++) out[4 + c] = gin[c];
    for (int o = 0; o < a.n_out; o++) out[4 + a.n_in + o] = gout[o];
}

/** Sums the chunks' partials in order and writes db_rec, Q and the means (divided by S), dW_in and dW_out. */
__global__ void reduce_small(Args a, const float* parts, int chunks, float* g_in, float* g_brec, float* g_out, float* q,
                             float* post_mean, float* pre_mean) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= a.n) return;
    int fields = small_fields(a.n_in, a.n_out);
    for (int f = 0; f < fields; f++) {
        float acc = 0.0f;
        for (int y = 0; y < chunks; y++) acc += parts[((size_t)y * a.n + i) * fields + f];
        if (f == 0) g_brec[i] = acc;
        else if (f == 1) q[i] = acc / a.samples;
        else if (f == 2) post_mean[i] = acc / a.samples;
        else if (f == 3) pre_mean[i] = acc / a.samples;
        else if (f < 4 + a.n_in) g_in[(size_t)i * a.n_in + (f - 4)] = acc;
        else g_out[(size_t)(f - 4 - a.n_in) * a.n + i] = acc;
    }
}

/** db_out[o] = sum_s dy[s][o]: one block, a thread per output and a tree over samples. */
__global__ void output_bias_gradient(Args a, float* g_bout) {
    __shared__ double part[256];
    for (int o = 0; o < a.n_out; o++) {
        double acc = 0.0;
        for (int s = threadIdx.x; s < a.samples; s += blockDim.x) acc += a.dy[(size_t)s * a.n_out + o];
        part[threadIdx.x] = acc;
        __syncthreads();
        for (int w = blockDim.x / 2; w > 0; w >>= 1) {
            if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
            __syncthreads();
        }
        if (threadIdx.x == 0) g_bout[o] = (float)part[0];
        __syncthreads();
    }
}

/** Rates minus their means over samples, for the covariance rule: post into out, pre into out + S N. */
__global__ void centre(Args a, const float* post_mean, const float* pre_mean, float* out) {
    size_t e = (size_t)blockIdx.x * blockDim.x + threadIdx.x, total = (size_t)a.samples * a.n;
    if (e >= total) return;
    int i = (int)(e % a.n);
    out[e] = a.r[e + (size_t)a.batch * a.n] - post_mean[i];
    out[total + e] = a.r[e] - pre_mean[i];
}

/** G += db_rec preMean^T: G from centred presynaptic rates back to the raw ones (covariance rule). */
__global__ void uncentre_g(float* g, const float* g_brec, const float* pre_mean, int n) {
    size_t e = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (e < (size_t)n * n) g[e] += g_brec[e / n] * pre_mean[e % n];
}

/** Per block, the sum of squares of x (masked by S when strong != null), into out[blockIdx.x]. */
__global__ void sum_squares(const float* x, size_t count, const uint8_t* strong, double* out) {
    __shared__ double part[256];
    double acc = 0.0;
    for (size_t e = (size_t)blockIdx.x * blockDim.x + threadIdx.x; e < count; e += (size_t)gridDim.x * blockDim.x) {
        if (strong == nullptr || strong[e]) acc += (double)x[e] * x[e];
    }
    part[threadIdx.x] = acc;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) out[blockIdx.x] = part[0];
}

/** MODEL.md step 3 on the device: scalars[2] = clip / norm when 0 < clip < norm, else 1 (norm^2 in scalars[1]). */
__global__ void clip_scale(double* scalars, double clip) {
    double norm = sqrt(scalars[1]);
    scalars[2] = clip > 0 && norm > clip ? clip / norm : 1.0;
}

/** `rule` with this iteration's bias corrections, read from the device (so a replayed graph uses this call's). */
__device__ inline AdamRule with_corrections(AdamRule rule, const StepValues* step) {
    rule.inv_correction1 = step->inv_correction1;
    rule.inv_correction2 = step->inv_correction2;
    return rule;
}

/** Adam on every entry of a dense tensor; the clipping scale (scalars[2]) and the bias corrections are read from the device. */
__global__ void adam_dense(float* p, const float* g, float* m, float* v, int count, AdamRule hyper, const double* scalars,
                           const StepValues* step) {
    int e = blockIdx.x * blockDim.x + threadIdx.x;
    AdamRule rule = with_corrections(hyper, step);
    float scale = (float)scalars[2];
    if (e < count) p[e] = adam_update(rule, p[e], scale * g[e], &m[e], &v[e]);
}

/**
 * The random Hebbian control's two sums over the WEAK synapses (MODEL.md step 5): per block, sum H^2
 * into out[blockIdx.x] and sum z^2 into out[gridDim.x + blockIdx.x], z the normal of (j, i, k, 8).
 */
__global__ void weak_square_sums(Args a, const float* h, const uint8_t* strong, double* out) {
    __shared__ double part_h[256], part_z[256];
    double acc_h = 0.0, acc_z = 0.0;
    size_t nn = (size_t)a.n * a.n;
    uint32_t k = *a.iteration;
    for (size_t e = (size_t)blockIdx.x * blockDim.x + threadIdx.x; e < nn; e += (size_t)gridDim.x * blockDim.x) {
        if (strong[e]) continue;
        double z = psrnn::random_hebbian(a.seed, k, (uint32_t)(e / a.n), (uint32_t)(e % a.n));
        acc_h += (double)h[e] * h[e];
        acc_z += z * z;
    }
    part_h[threadIdx.x] = acc_h;
    part_z[threadIdx.x] = acc_z;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) {
            part_h[threadIdx.x] += part_h[threadIdx.x + w];
            part_z[threadIdx.x] += part_z[threadIdx.x + w];
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        out[blockIdx.x] = part_h[0];
        out[gridDim.x + blockIdx.x] = part_z[0];
    }
}

/** What step 5 adds this iteration: nothing (from hebb_until on), H, or the random control. */
enum HebbianStep { HEBB_STEP_OFF = 0, HEBB_STEP_ACTIVITY = 1, HEBB_STEP_RANDOM = 2 };

/** The random control's scale c = sqrt(sum_WEAK H^2 / sum_WEAK z^2) from scalars[3] and [4]; 0 when either is 0 or the control is off. */
__device__ __forceinline__ double random_control_scale(int hebb_step, const double* scalars) {
    return hebb_step == HEBB_STEP_RANDOM && scalars[3] > 0 && scalars[4] > 0 ? sqrt(scalars[3] / scalars[4]) : 0.0;
}

/** What MODEL.md steps 4-6 did to one synapse: whether it is STRONG now and whether it switched. */
struct Switched {
    bool up, down, now;
};

/**
 * MODEL.md steps 4-6 on synapse (i, j), entry e of W, whose weight is w and gradient and Hebbian
 * term g and h: Adam where S = 1 (g times the clipping scale), the Hebbian rule where S = 0 (as
 * `hebb_step` says), switching and the moment reset; writes W, S and the moments.
 */
__device__ __forceinline__ Switched update_synapse(const Args& a, size_t e, int i, int j, float w, float g, float h, float qi, float* m,
                                                   float* v, uint8_t* strong, const AdamRule& adam, const HebbianRule& hebb, int hebb_step,
                                                   double c_random, float scale, const SwitchRule& sw) {
    bool was = strong[e] != 0;
    if (was) w = adam_update(adam, w, scale * g, &m[e], &v[e]);
    else if (hebb_step != HEBB_STEP_OFF) {
        float term = hebb_step == HEBB_STEP_RANDOM ? (float)(c_random * psrnn::random_hebbian(a.seed, *a.iteration, i, j)) : h;
        w = hebbian_update(hebb, w, term, hebb.rule == HEBB_OJA ? qi : 0.0f);
    }
    Switched r = {false, false, next_strong(sw, was, w, a.seed, *a.iteration, i, j)};
    if (r.now && !was) {
        r.up = true;
        m[e] = 0.0f;
        v[e] = 0.0f;
    } else if (was && !r.now) {
        r.down = true;
    }
    strong[e] = r.now ? 1 : 0;
    a.w[e] = w;
    return r;
}

/** Adds a warp's switches to the counts (called by all 32 lanes; integer sums, so their order does not matter). */
__device__ __forceinline__ void count_switches(const Args& a, bool valid, Switched r) {
    unsigned mask_up = __ballot_sync(0xffffffffu, valid && r.up), mask_down = __ballot_sync(0xffffffffu, valid && r.down),
             mask_now = __ballot_sync(0xffffffffu, valid && r.now);
    if (threadIdx.x % 32 == 0) {
        if (mask_up) atomicAdd(&a.counts[0], (unsigned long long)__popc(mask_up));
        if (mask_down) atomicAdd(&a.counts[1], (unsigned long long)__popc(mask_down));
        if (mask_now) atomicAdd(&a.counts[2], (unsigned long long)__popc(mask_now));
    }
}

/**
 * MODEL.md steps 4-6 on W in one pass: Adam where S = 1, the Hebbian rule where S = 0 (as
 * a.step->hebb_step says), switching, moment reset, counts.
 */
__global__ void update_recurrent(Args a, float* m, float* v, uint8_t* strong, const float* g, const float* h, const float* q,
                                 AdamRule hyper, HebbianRule hebb, SwitchRule sw, const double* scalars) {
    size_t e = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    AdamRule adam = with_corrections(hyper, a.step);
    int hebb_step = a.step->hebb_step;
    float scale = (float)scalars[2];
    double c_random = random_control_scale(hebb_step, scalars);
    bool valid = e < (size_t)a.n * a.n;
    Switched r = {false, false, false};
    if (valid) {
        int i = (int)(e / a.n), j = (int)(e % a.n);
        r = update_synapse(a, e, i, j, a.w[e], g[e], h[e], q[i], m, v, strong, adam, hebb, hebb_step, c_random, scale, sw);
    }
    count_switches(a, valid, r);
}

