/*
 * The emulated device's own test (cuda/emu): what psrnn_cuda.cu relies on, against host results,
 * and the misuses it must stop with a message, each planted in a child process.
 *
 *   emu_selftest          every check; exit status 0 when all pass
 *
 * Run by the JUnit test CudaEmulationTest and, under ASan and UBSan in every fiber order and
 * several multiprocessor counts, by cuda/emu/check.sh.
 */
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <math.h>
#include <mma.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace cg = cooperative_groups;

#define LAUNCH(kernel, grid, block, shared_bytes, stream) ::emu::launcher(kernel, #kernel, grid, block, shared_bytes, stream)

static int failures = 0, passes = 0;
static void expect(bool ok, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("%s: ", ok ? "PASS" : "FAIL");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    (ok ? passes : failures)++;
}

#define CHECK(x)                                                                       \
    do {                                                                               \
        cudaError_t e_ = (x);                                                          \
        if (e_ != cudaSuccess) {                                                       \
            printf("FAIL: %s:%d %s -> %s\n", __FILE__, __LINE__, #x, cudaGetErrorName(e_)); \
            exit(2);                                                                   \
        }                                                                              \
    } while (0)

__device__ float warp_sum(float v) {
    for (int off = 16; off > 0; off >>= 1) v += __shfl_xor_sync(0xffffffffu, v, off);
    return v;
}

/* x[t+1][r] = tanh(sum_j W[r][j] x[t][j]) for T steps; each block keeps its rows of W in dynamic shared memory. */
__global__ void persistent(const float* W, float* x, int n, int T, int rows_per_block) {
    float* ws = emu::dynamic_shared<float>();
    cg::grid_group grid = cg::this_grid();
    int r0 = blockIdx.x * rows_per_block;
    for (int k = threadIdx.x; k < rows_per_block * n; k += blockDim.x) {
        int r = r0 + k / n;
        ws[k] = r < n ? W[(size_t)r * n + k % n] : 0.f;
    }
    __syncthreads();
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32, nw = blockDim.x / 32;
    for (int t = 0; t < T; t++) {
        const float* xt = x + (size_t)t * n;
        float* xn = x + (size_t)(t + 1) * n;
        for (int u = warp; u < rows_per_block && r0 + u < n; u += nw) {
            float acc = 0.f;
            for (int j = lane; j < n; j += 32) acc += ws[u * n + j] * xt[j];
            acc = warp_sum(acc);
            if (lane == 0) xn[r0 + u] = tanhf(acc);
        }
        grid.sync();
    }
}

__global__ void count_positive(const float* x, int count, unsigned long long* out) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned m = __ballot_sync(0xffffffffu, i < count && x[i] > 0.f);
    if ((threadIdx.x & 31) == 0 && m) atomicAdd(out, (unsigned long long)__popc(m));
}

/* One block: the sum of `count` floats; warp partials in static shared memory, shfl_down then shfl (broadcast). */
__global__ void block_sum(const float* x, int count, float* out) {
    __shared__ float part[32];
    float acc = 0.f;
    for (int i = threadIdx.x; i < count; i += blockDim.x) acc += x[i];
    for (int off = 16; off > 0; off >>= 1) acc += __shfl_down_sync(0xffffffffu, acc, off);
    acc = __shfl_sync(0xffffffffu, acc, 0);
    if ((threadIdx.x & 31) == 0) part[threadIdx.x / 32] = acc;
    __syncthreads();
    if (threadIdx.x < 32) {
        float v = threadIdx.x < blockDim.x / 32 ? part[threadIdx.x] : 0.f;
        v = warp_sum(v);
        if (threadIdx.x == 0) *out = v;
    }
}

__global__ void scale(float* x, int count, float s) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) x[i] *= s;
}

/* Shuffles at width 8 and the ends of the warp: out[lane] = {up 1, down 3, xor 5, idx 2} of lane + 100. */
/** Doubles x, then (after a grid-wide barrier) block 0 sums it into out[0]: a cooperative kernel for capture. */
__global__ void double_then_sum(float* x, int count, float* out) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < count; i += gridDim.x * blockDim.x) x[i] *= 2.0f;
    cg::this_grid().sync();
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        float acc = 0.0f;
        for (int i = 0; i < count; i++) acc += x[i];
        out[0] = acc;
    }
}

__global__ void shuffles(int* out) {
    int lane = threadIdx.x % 32, v = lane + 100;
    out[lane * 4 + 0] = __shfl_up_sync(0xffffffffu, v, 1, 8);
    out[lane * 4 + 1] = __shfl_down_sync(0xffffffffu, v, 3, 8);
    out[lane * 4 + 2] = __shfl_xor_sync(0xffffffffu, v, 5);
    out[lane * 4 + 3] = __shfl_sync(0xffffffffu, v, 2, 8);
}

/* A shuffle among the 16 lanes of a divergent branch, with the mask that names exactly them: allowed. */
__global__ void half_warp(int* out) {
    int lane = threadIdx.x;
    int v = lane;
    if (lane < 16) v = __shfl_xor_sync(0x0000ffffu, v, 1);
    out[lane] = v;
}

/* Reads dynamic shared memory never written, and device memory never written. */
__global__ void read_fresh(const float* never_written, float* out) {
    float* s = emu::dynamic_shared<float>();
    out[0] = s[threadIdx.x];
    out[1] = never_written[0];
}

/* Block barriers in every order: each thread writes its slot, then reads its neighbour's after the barrier. */
__global__ void neighbours(int* out, int rounds) {
    __shared__ int s[256];
    int t = threadIdx.x, n = blockDim.x, acc = 0;
    for (int r = 0; r < rounds; r++) {
        s[t] = t * 7 + r;
        __syncthreads();
        acc += s[(t + 1) % n];
        __syncthreads();
    }
    out[blockIdx.x * n + t] = acc;
}

/* One warp: d = a b + c on one m16n16k8 tf32 tile; a row-major (ldm 12), b column-major (ldm 12), c column-major, d row-major (ldm 20). */
__global__ void wmma_tile(const float* a, const float* b, const float* c, float* d) {
    namespace wmma = nvcuda::wmma;
    wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::col_major> fb;
    wmma::fragment<wmma::accumulator, 16, 16, 8, float> fc;
    wmma::load_matrix_sync(fa, a, 12);
    wmma::load_matrix_sync(fb, b, 12);
    wmma::load_matrix_sync(fc, c, 16, wmma::mem_col_major);
    wmma::mma_sync(fc, fa, fb, fc);
    wmma::store_matrix_sync(d, fc, 20, wmma::mem_row_major);
}

/* __float_to_tf32 of each of `count` values, one lane each. */
__global__ void tf32_round(const float* in, float* out, int count) {
    if ((int)threadIdx.x < count) out[threadIdx.x] = nvcuda::wmma::__float_to_tf32(in[threadIdx.x]);
}

// ------------------------------------------------------------------ misuses, each in a child process

__global__ void divergent_wmma(float* out) {  // a wmma operation in a divergent branch
    nvcuda::wmma::fragment<nvcuda::wmma::accumulator, 16, 16, 8, float> f;
    if (threadIdx.x < 16) {
        nvcuda::wmma::fill_fragment(f, 1.0f);
        nvcuda::wmma::store_matrix_sync(out, f, 16, nvcuda::wmma::mem_row_major);
    }
}

__global__ void divergent_shuffle(float* out) {  // a full mask inside a divergent branch
    float v = threadIdx.x;
    if (threadIdx.x < 16) v = __shfl_xor_sync(0xffffffffu, v, 1);
    out[threadIdx.x] = v;
}
__global__ void grid_sync_in_normal_launch(float* out) {
    cg::this_grid().sync();
    out[0] = 1;
}
__global__ void barrier_deadlock(float* out) {  // lane 0 waits for lane 1 in a warp op, lane 1 at __syncthreads
    if (threadIdx.x == 0) __syncwarp(0x3u);
    else __syncthreads();
    out[threadIdx.x] = 1;
}
__global__ void mask_without_own_lane(float* out) {
    out[threadIdx.x] = __shfl_sync(0xfffffffeu, 1.0f, 1);
}
__global__ void early_exit_before_grid_sync(float* out) {
    if (blockIdx.x == 1) return;
    cg::this_grid().sync();
    out[0] = 1;
}

/** Runs misuse `which` in a child; the child must abort with a message containing `want`. */
static void expect_caught(int which, const char* what, const char* want) {
    int fds[2];
    if (pipe(fds) != 0) {
        expect(false, "%s: pipe failed", what);
        return;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        float* d = nullptr;
        cudaMalloc(&d, 256 * sizeof(float));
        switch (which) {
            case 0: LAUNCH(divergent_shuffle, 1, 32, 0, nullptr)(d); break;
            case 1: LAUNCH(grid_sync_in_normal_launch, 2, 32, 0, nullptr)(d); break;
            case 2: LAUNCH(barrier_deadlock, 1, 2, 0, nullptr)(d); break;
            case 3: LAUNCH(mask_without_own_lane, 1, 32, 0, nullptr)(d); break;
            case 4: {
                void* args[] = {&d};
                cudaLaunchCooperativeKernel(early_exit_before_grid_sync, 2, 32, args, 0, nullptr);
                break;
            }
            case 5: {
                float h[4];
                cudaMemcpy(d, h, sizeof h, cudaMemcpyDeviceToHost);  // the kinds swapped
                break;
            }
            case 6: {
                cudaMemcpy(d + 250, d, 64 * sizeof(float), cudaMemcpyDeviceToDevice);  // past the end
                break;
            }
            case 7: cudaFree(d); cudaFree(d); break;
            case 8: {
                float* h = nullptr;
                cudaMallocHost(&h, 64);
                cudaFree(h);  // pinned host memory freed as device memory
                break;
            }
            case 9: cudaFreeHost(d); break;  // device memory freed as pinned host memory
            case 10: LAUNCH(divergent_wmma, 1, 32, 0, nullptr)(d); break;
        }
        _exit(0);
    }
    close(fds[1]);
    std::string err;
    char buf[512];
    ssize_t r;
    while ((r = read(fds[0], buf, sizeof buf)) > 0) err.append(buf, (size_t)r);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    bool aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    bool said = err.find("psrnn emulated device: ") != std::string::npos && err.find(want) != std::string::npos;
    while (!err.empty() && err.back() == '\n') err.pop_back();
    expect(aborted && said, "caught %s: %s", what, err.empty() ? "(nothing said)" : err.substr(0, err.find('\n')).c_str());
}

int main() {
    setvbuf(stdout, nullptr, _IOLBF, 0);  // every line out before an abort of the emulation
    const int n = 300, T = 12;
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    printf("device: %s, %d SMs, fiber order %d\n", prop.name, prop.multiProcessorCount, emu::device().order);
    expect(strstr(prop.name, "emulated") != nullptr && prop.major == 9 && prop.minor == 0 && prop.cooperativeLaunch == 1,
           "the device says it is emulated, with sm_90's compute capability");

    // ---------------------------------------------------------------- occupancy, as sm_90 computes it
    int per_sm = -1;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, persistent, 256, 0));
    expect(per_sm == 8, "256 threads, no shared memory: %d blocks per SM (2048 threads / 256)", per_sm);
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, persistent, 32, 0));
    expect(per_sm == 32, "32 threads: %d blocks per SM (at most 32 blocks)", per_sm);
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, persistent, 256, 100000));
    expect(per_sm == 0, "100000 bytes of shared memory before cudaFuncSetAttribute: %d blocks (48 KiB without opting in)", per_sm);
    CHECK(cudaFuncSetAttribute(persistent, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)prop.sharedMemPerBlockOptin));
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, persistent, 256, 100000));
    expect(per_sm == 2, "100000 bytes after opting in: %d blocks per SM (228 KiB, 1 KiB reserved a block)", per_sm);
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, persistent, 256, 232448));
    expect(per_sm == 1, "227 KiB: %d block per SM", per_sm);
    expect(cudaFuncSetAttribute(persistent, cudaFuncAttributeMaxDynamicSharedMemorySize, 232449) == cudaErrorInvalidValue,
           "more than 227 KiB of dynamic shared memory is refused");
    cudaGetLastError();

    // ---------------------------------------------------------------- memory
    size_t free0 = 0, total = 0;
    CHECK(cudaMemGetInfo(&free0, &total));
    expect(total == prop.totalGlobalMem && free0 <= total, "cudaMemGetInfo: %zu of %zu bytes free", free0, total);
    void* huge = nullptr;
    expect(cudaMalloc(&huge, total + 1) == cudaErrorMemoryAllocation && huge == nullptr, "cudaMalloc beyond the device's memory fails");
    expect(cudaGetLastError() == cudaErrorMemoryAllocation && cudaGetLastError() == cudaSuccess, "cudaGetLastError reports it once");

    std::vector<float> W((size_t)n * n), x0(n);
    srand(7);
    for (auto& w : W) w = (float)rand() / RAND_MAX * 0.2f - 0.1f;
    for (auto& v : x0) v = (float)rand() / RAND_MAX * 2.f - 1.f;
    std::vector<float> ref((size_t)(T + 1) * n);
    for (int j = 0; j < n; j++) ref[j] = x0[j];
    for (int t = 0; t < T; t++) {
        for (int r = 0; r < n; r++) {
            double acc = 0;
            for (int j = 0; j < n; j++) acc += (double)W[(size_t)r * n + j] * ref[(size_t)t * n + j];
            ref[(size_t)(t + 1) * n + r] = (float)tanh(acc);
        }
    }
    float *dW, *dx, *dsum, *dfresh;
    unsigned long long* dcount;
    int* dint;
    CHECK(cudaMalloc(&dW, W.size() * sizeof(float)));
    CHECK(cudaMalloc(&dx, ref.size() * sizeof(float)));
    CHECK(cudaMalloc(&dsum, sizeof(float)));
    CHECK(cudaMalloc(&dfresh, 2 * sizeof(float)));
    CHECK(cudaMalloc(&dcount, sizeof(unsigned long long)));
    CHECK(cudaMalloc(&dint, 4 * 256 * sizeof(int)));
    size_t free1 = 0;
    CHECK(cudaMemGetInfo(&free1, &total));
    size_t used = W.size() * 4 + ref.size() * 4 + 4 + 8 + 8 + 4096;
    expect(free0 - free1 == used, "allocations are counted to the byte (%zu of %zu)", free0 - free1, used);

    // ---------------------------------------------------------------- fresh memory reads as NaN
    float* dnever;
    CHECK(cudaMalloc(&dnever, sizeof(float)));
    LAUNCH(read_fresh, 1, 32, 32 * sizeof(float), nullptr)(dnever, dfresh);
    CHECK(cudaGetLastError());
    float fresh[2];
    CHECK(cudaMemcpy(fresh, dfresh, sizeof fresh, cudaMemcpyDeviceToHost));
    expect(isnan(fresh[0]) && isnan(fresh[1]), "dynamic shared memory and cudaMalloc memory never written read as NaN (%g, %g)",
           fresh[0], fresh[1]);
    CHECK(cudaFree(dnever));

    // ---------------------------------------------------------------- a persistent cooperative kernel
    CHECK(cudaMemcpy(dW, W.data(), W.size() * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dx, x0.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    int blocks = prop.multiProcessorCount, rows = (n + blocks - 1) / blocks;
    size_t smem = (size_t)rows * n * sizeof(float);
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, persistent, 256, smem));
    int nn = n, TT = T;
    void* args[] = {&dW, &dx, &nn, &TT, &rows};
    if (per_sm >= 1) {
        CHECK(cudaLaunchCooperativeKernel(persistent, blocks, 256, args, smem, nullptr));
        std::vector<float> got(ref.size());
        CHECK(cudaMemcpy(got.data(), dx, got.size() * sizeof(float), cudaMemcpyDeviceToHost));
        double maxerr = 0;
        for (size_t i = 0; i < got.size(); i++) maxerr = fmax(maxerr, fabs((double)got[i] - ref[i]));
        expect(maxerr < 1e-4, "a cooperative kernel with grid.sync() on %d blocks matches the host (max error %.3g)", blocks, maxerr);
    } else {
        expect(true, "%d SMs: the persistent check's rows do not fit on chip; skipped", blocks);
        CHECK(cudaMemcpy(dx, ref.data(), ref.size() * sizeof(float), cudaMemcpyHostToDevice));
    }
    int fit = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&fit, persistent, 256, 0));
    int few = 1, forty = 40;
    void* args_few[] = {&dW, &dx, &nn, &few, &forty};
    expect(cudaLaunchCooperativeKernel(persistent, fit * blocks + 1, 256, args_few, 0, nullptr) == cudaErrorCooperativeLaunchTooLarge,
           "a cooperative launch of %d blocks, one more than fit on %d SMs, is refused", fit * blocks + 1, blocks);
    cudaGetLastError();
    expect(cudaLaunchCooperativeKernel(persistent, 1, 256, args_few, 60000, nullptr) == cudaSuccess,
           "60000 bytes of dynamic shared memory after opting in");
    LAUNCH(read_fresh, 1, 32, 60000, nullptr)(dfresh, dfresh);
    expect(cudaGetLastError() == cudaErrorInvalidValue, "60000 bytes for a kernel that did not opt in are refused");
    LAUNCH(scale, dim3(1, 65536), 32, 0, nullptr)(dx, 1, 1.0f);
    expect(cudaGetLastError() == cudaErrorInvalidConfiguration, "gridDim.y = 65536 is refused");
    LAUNCH(scale, 1, 1025, 0, nullptr)(dx, 1, 1.0f);
    expect(cudaGetLastError() == cudaErrorInvalidConfiguration, "1025 threads a block are refused");

    // ---------------------------------------------------------------- warps
    LAUNCH(shuffles, 1, 32, 0, nullptr)(dint);
    int sh[128];
    CHECK(cudaMemcpy(sh, dint, sizeof sh, cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int l = 0; l < 32; l++) {
        int up = (l % 8) >= 1 ? l - 1 : l, down = (l % 8) + 3 < 8 ? l + 3 : l, x = l ^ 5, idx = (l & ~7) + 2;
        ok &= sh[l * 4] == up + 100 && sh[l * 4 + 1] == down + 100 && sh[l * 4 + 2] == x + 100 && sh[l * 4 + 3] == idx + 100;
    }
    expect(ok, "shfl_up, shfl_down, shfl_xor and shfl at width 8 and 32, at the segments' ends");
    LAUNCH(half_warp, 1, 32, 0, nullptr)(dint);
    CHECK(cudaMemcpy(sh, dint, 32 * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int l = 0; l < 32; l++) ok &= sh[l] == (l < 16 ? (l ^ 1) : l);
    expect(ok, "a shuffle in a divergent branch with the mask of exactly its lanes");
    LAUNCH(neighbours, 3, 256, 0, nullptr)(dint, 5);
    std::vector<int> nb(3 * 256);
    CHECK(cudaMemcpy(nb.data(), dint, nb.size() * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int b = 0; b < 3; b++)
        for (int t = 0; t < 256; t++) ok &= nb[b * 256 + t] == 5 * ((t + 1) % 256) * 7 + 10;
    expect(ok, "__syncthreads orders every write before every read, in this fiber order");

    // ---------------------------------------------------------------- a captured graph, replayed twice
    cudaStream_t s;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    float* last = dx + (size_t)T * n;
    float before, after;
    CHECK(cudaMemcpy(&before, last, sizeof before, cudaMemcpyDeviceToHost));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    CHECK(cudaMemsetAsync(dcount, 0, sizeof(unsigned long long), s));
    LAUNCH(count_positive, (n + 127) / 128, 128, 0, s)(last, n, dcount);
    LAUNCH(block_sum, 1, 1024, 0, s)(last, n, dsum);
    LAUNCH(scale, (n + 255) / 256, 256, 0, s)(last, n, 2.0f);
    expect(cudaStreamSynchronize(s) == cudaErrorStreamCaptureUnsupported, "a synchronisation during capture is refused");
    cudaGetLastError();
    cudaGraph_t g;
    CHECK(cudaStreamEndCapture(s, &g));
    CHECK(cudaMemcpy(&after, last, sizeof after, cudaMemcpyDeviceToHost));
    expect(before == after, "capture runs nothing");
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    CHECK(cudaGraphDestroy(g));
    for (int rep = 0; rep < 2; rep++) {
        CHECK(cudaGraphLaunch(ge, s));
        CHECK(cudaStreamSynchronize(s));
        unsigned long long cnt;
        float sum;
        CHECK(cudaMemcpyAsync(&cnt, dcount, sizeof cnt, cudaMemcpyDeviceToHost, s));
        CHECK(cudaMemcpyAsync(&sum, dsum, sizeof sum, cudaMemcpyDeviceToHost, s));
        CHECK(cudaStreamSynchronize(s));
        double want_sum = 0;
        unsigned long long want_cnt = 0;
        for (int j = 0; j < n; j++) {
            double v = ref[(size_t)T * n + j] * (rep ? 2.0 : 1.0);
            want_sum += v;
            want_cnt += v > 0;
        }
        expect(cnt == want_cnt && fabs(sum - want_sum) < 1e-3, "graph replay %d: ballot count %llu (%llu), block sum %.6f (%.6f)", rep, cnt,
               want_cnt, sum, want_sum);
    }
    CHECK(cudaGraphExecDestroy(ge));

    // ---------------------------------------------------------------- pinned copies and a cooperative kernel in a graph
    // The copy nodes read and write the pinned buffers when the graph runs: each replay sees what the host put there last.
    float *pin_in = nullptr, *pin_out = nullptr;
    CHECK(cudaMallocHost(&pin_in, 64 * sizeof(float)));
    CHECK(cudaHostAlloc((void**)&pin_out, sizeof(float), cudaHostAllocDefault));
    *pin_out = -1.0f;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    CHECK(cudaMemcpyAsync(dx, pin_in, 64 * sizeof(float), cudaMemcpyHostToDevice, s));
    int sixty_four = 64;
    void* coop_args[] = {&dx, &sixty_four, &dsum};
    CHECK(cudaLaunchCooperativeKernel(double_then_sum, 2, 32, coop_args, 0, s));
    CHECK(cudaMemcpyAsync(pin_out, dsum, sizeof(float), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamEndCapture(s, &g));
    expect(*pin_out == -1.0f, "capture of pinned copies and a cooperative launch runs nothing");
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    CHECK(cudaGraphDestroy(g));
    for (int rep = 0; rep < 3; rep++) {
        float want = 0.0f;
        for (int i = 0; i < 64; i++) {
            pin_in[i] = (float)(i % 7 + rep);
            want += 2.0f * pin_in[i];
        }
        CHECK(cudaGraphLaunch(ge, s));
        CHECK(cudaStreamSynchronize(s));
        expect(*pin_out == want, "replay %d of a captured cooperative kernel reads this replay's pinned input: %.1f (%.1f)", rep, *pin_out, want);
    }
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaFreeHost(pin_in));
    CHECK(cudaFreeHost(pin_out));
    CHECK(cudaStreamDestroy(s));
    for (void* p : {(void*)dW, (void*)dx, (void*)dsum, (void*)dfresh, (void*)dcount, (void*)dint}) CHECK(cudaFree(p));
    size_t free2 = 0;
    CHECK(cudaMemGetInfo(&free2, &total));
    expect(free2 == free0, "every byte is free again");

    // ---------------------------------------------------------------- wmma (mma.h): tf32 rounding, one tile against a plain loop
    {
        auto f = [](uint32_t u) {
            float x;
            memcpy(&x, &u, 4);
            return x;
        };
        // in, and what cvt.rna.tf32.f32 gives: to nearest, ties away from zero, 10 mantissa bits
        const float cases[][2] = {
            {1.0f, 1.0f},
            {f(0x3F801000u), f(0x3F802000u)},    // 1 + 2^-11, a tie: away from zero (to nearest even would give 1)
            {f(0xBF801000u), f(0xBF802000u)},    // its negative
            {f(0x3F800FFFu), 1.0f},              // just below the tie
            {f(0x3F801001u), f(0x3F802000u)},    // just above it
            {f(0x3F803000u), f(0x3F804000u)},    // 1 + 3 2^-11: a tie, away from zero
            {f(0x3FFFFFFFu), 2.0f},              // carries into the exponent
            {0.1f, f(0x3DCCC000u)},              // 0x3DCCCCCD: the low 13 bits 0x0CCD, below the tie
            {INFINITY, INFINITY},
            {-INFINITY, -INFINITY},
        };
        const int nc = sizeof cases / sizeof cases[0];
        float in[nc + 1], got[nc + 1];
        for (int i = 0; i < nc; i++) in[i] = cases[i][0];
        in[nc] = NAN;
        float *din, *dout;
        CHECK(cudaMalloc(&din, sizeof in));
        CHECK(cudaMalloc(&dout, sizeof got));
        CHECK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
        LAUNCH(tf32_round, 1, 32, 0, nullptr)(din, dout, nc + 1);
        CHECK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
        bool tf_ok = isnan(got[nc]);
        for (int i = 0; i < nc; i++) {
            if (memcmp(&got[i], &cases[i][1], 4) != 0) {
                tf_ok = false;
                printf("  __float_to_tf32(%a) = %a, want %a\n", in[i], got[i], cases[i][1]);
            }
        }
        expect(tf_ok, "__float_to_tf32 rounds to nearest, ties away from zero, to 10 mantissa bits (%d values, NaN stays NaN)", nc);
        CHECK(cudaFree(din));
        CHECK(cudaFree(dout));

        // Multiples of 1/16 in [-2, 2]: every product and sum is exact, so any order gives the loop's result.
        std::vector<float> a(16 * 12, NAN), b(16 * 12, NAN), c(16 * 16), d(16 * 20, NAN);
        srand(11);
        auto draw = [] { return (float)(rand() % 65 - 32) / 16.0f; };
        for (int i = 0; i < 16; i++)
            for (int k = 0; k < 8; k++) a[i * 12 + k] = draw();
        for (int k = 0; k < 8; k++)
            for (int j = 0; j < 16; j++) b[j * 12 + k] = draw();
        for (auto& v : c) v = draw();
        a[0] = f(0x3F800001u);  // 1 + 2^-23: the tensor core reads its tf32 part, 1
        std::vector<double> want(16 * 16);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                double acc = c[j * 16 + i];
                for (int k = 0; k < 8; k++) acc += (double)(i == 0 && k == 0 ? 1.0f : a[i * 12 + k]) * b[j * 12 + k];
                want[i * 16 + j] = acc;
            }
        }
        float *da, *db, *dc, *dd;
        CHECK(cudaMalloc(&da, a.size() * 4));
        CHECK(cudaMalloc(&db, b.size() * 4));
        CHECK(cudaMalloc(&dc, c.size() * 4));
        CHECK(cudaMalloc(&dd, d.size() * 4));
        CHECK(cudaMemcpy(da, a.data(), a.size() * 4, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(db, b.data(), b.size() * 4, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dc, c.data(), c.size() * 4, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dd, d.data(), d.size() * 4, cudaMemcpyHostToDevice));
        LAUNCH(wmma_tile, 1, 32, 0, nullptr)(da, db, dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d.data(), dd, d.size() * 4, cudaMemcpyDeviceToHost));
        int wrong = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 20; j++) {
                bool ok_ij = j < 16 ? d[i * 20 + j] == want[i * 16 + j] : (bool)isnan(d[i * 20 + j]);  // the padding stays unwritten
                wrong += !ok_ij;
            }
        }
        expect(wrong == 0, "wmma m16n16k8 tf32: a tile product with padded, mixed layouts matches a plain loop (%d entries differ)", wrong);
        for (float* p : {da, db, dc, dd}) CHECK(cudaFree(p));
    }

    // ---------------------------------------------------------------- misuses
    expect_caught(0, "a full-mask shuffle in a divergent branch", "lane");
    expect_caught(1, "grid.sync() in a normal launch", "not launched with cudaLaunchCooperativeKernel");
    expect_caught(2, "a warp op waiting for a lane that waits at __syncthreads", "deadlock");
    expect_caught(3, "a mask that leaves out the calling lane", "leaves out its own lane");
    expect_caught(4, "a block exiting while the others wait in grid.sync()", "grid.sync()");
    expect_caught(5, "a copy whose kind names the wrong side", "is not inside one cudaMalloc allocation");
    expect_caught(6, "a device copy past the end of an allocation", "is not inside one cudaMalloc allocation");
    expect_caught(7, "cudaFree twice", "freed twice");
    expect_caught(8, "cudaFree of pinned host memory", "cudaFreeHost frees");
    expect_caught(9, "cudaFreeHost of device memory", "cudaFree frees");
    expect_caught(10, "a wmma operation in a divergent branch", "lane");

    printf("%d passed, %d failed\n", passes, failures);
    return failures ? 1 : 0;
}
