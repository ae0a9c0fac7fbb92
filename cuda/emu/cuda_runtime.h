/*
 * The emulated device's cuda_runtime.h (psrnn_emu.hpp says what the emulation is): the part of the
 * CUDA runtime API that psrnn_cuda.cu uses, on one emulated device with sm_90's limits.
 */
#pragma once
#include "psrnn_emu.hpp"

enum cudaMemcpyKind {
    cudaMemcpyHostToHost = 0,
    cudaMemcpyHostToDevice = 1,
    cudaMemcpyDeviceToHost = 2,
    cudaMemcpyDeviceToDevice = 3,
    cudaMemcpyDefault = 4
};
enum cudaStreamCaptureMode { cudaStreamCaptureModeGlobal = 0, cudaStreamCaptureModeThreadLocal = 1, cudaStreamCaptureModeRelaxed = 2 };
enum cudaFuncAttribute { cudaFuncAttributeMaxDynamicSharedMemorySize = 8, cudaFuncAttributePreferredSharedMemoryCarveout = 9 };
#define cudaStreamDefault 0x0
#define cudaStreamNonBlocking 0x1

struct cudaDeviceProp {
    char name[256];
    size_t totalGlobalMem, sharedMemPerBlock, sharedMemPerBlockOptin, sharedMemPerMultiprocessor;
    int regsPerBlock, warpSize, maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3];
    int major, minor, multiProcessorCount, maxThreadsPerMultiProcessor, maxBlocksPerMultiProcessor, cooperativeLaunch;
};
struct cudaFuncAttributes {
    size_t sharedSizeBytes, constSizeBytes, localSizeBytes;
    int maxThreadsPerBlock, numRegs, ptxVersion, binaryVersion, maxDynamicSharedSizeBytes;
};

namespace emu {
/** The live cudaMalloc allocations (start -> bytes), to count memory and to check the direction of copies. */
inline std::mutex& mem_mutex() {
    static std::mutex m;
    return m;
}
inline std::map<uintptr_t, size_t>& allocations() {
    static std::map<uintptr_t, size_t> a;
    return a;
}
inline size_t& allocated() {
    static size_t n = 0;
    return n;
}
/** The live cudaMallocHost / cudaHostAlloc allocations (start -> bytes): host memory, freed only by cudaFreeHost. */
inline std::map<uintptr_t, size_t>& pinned() {
    static std::map<uintptr_t, size_t> a;
    return a;
}
/** Whether [p, p + n) lies inside one allocation. */
inline bool on_device(const void* p, size_t n) {
    std::lock_guard<std::mutex> lk(mem_mutex());
    uintptr_t a = (uintptr_t)p;
    auto it = allocations().upper_bound(a);
    if (it == allocations().begin()) return false;
    --it;
    return a >= it->first && a + n <= it->first + it->second;
}
inline void check_copy(void* dst, const void* src, size_t n, cudaMemcpyKind kind, const char* call) {
    if (n == 0) return;
    bool d = kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
    bool s = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
    if (kind != cudaMemcpyDefault && kind != cudaMemcpyHostToHost) {
        if (d && !on_device(dst, n)) fatal("%s of %zu bytes: the destination %p is not inside one cudaMalloc allocation", call, n, dst);
        if (s && !on_device(src, n)) fatal("%s of %zu bytes: the source %p is not inside one cudaMalloc allocation", call, n, src);
        if (!d && on_device(dst, 1)) fatal("%s: the destination %p is device memory but the copy's kind says host", call, dst);
        if (!s && on_device(src, 1)) fatal("%s: the source %p is device memory but the copy's kind says host", call, src);
    }
}
}  // namespace emu

inline const char* cudaGetErrorName(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "cudaSuccess";
        case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
        case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
        case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
        case cudaErrorInsufficientDriver: return "cudaErrorInsufficientDriver";
        case cudaErrorInvalidDeviceFunction: return "cudaErrorInvalidDeviceFunction";
        case cudaErrorNoDevice: return "cudaErrorNoDevice";
        case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
        case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
        case cudaErrorIllegalState: return "cudaErrorIllegalState";
        case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
        case cudaErrorCooperativeLaunchTooLarge: return "cudaErrorCooperativeLaunchTooLarge";
        case cudaErrorNotSupported: return "cudaErrorNotSupported";
        case cudaErrorStreamCaptureUnsupported: return "cudaErrorStreamCaptureUnsupported";
        case cudaErrorStreamCaptureInvalidated: return "cudaErrorStreamCaptureInvalidated";
    }
    return "cudaErrorUnknown";
}
inline const char* cudaGetErrorString(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "no error";
        case cudaErrorInvalidValue: return "invalid argument";
        case cudaErrorMemoryAllocation: return "out of memory";
        case cudaErrorInvalidConfiguration: return "invalid configuration argument";
        case cudaErrorCooperativeLaunchTooLarge: return "too many blocks in cooperative launch";
        case cudaErrorInvalidDevice: return "invalid device ordinal";
        default: return cudaGetErrorName(e);
    }
}
inline cudaError_t cudaGetLastError() {
    cudaError_t e = emu::last_error;
    emu::last_error = cudaSuccess;
    return e;
}
inline cudaError_t cudaPeekAtLastError() { return emu::last_error; }

inline cudaError_t cudaGetDeviceCount(int* n) {
    *n = 1;
    return cudaSuccess;
}
inline cudaError_t cudaSetDevice(int d) { return d == 0 ? cudaSuccess : emu::note(cudaErrorInvalidDevice); }
inline cudaError_t cudaGetDevice(int* d) {
    *d = 0;
    return cudaSuccess;
}
/** No driver and no CUDA runtime take part: both versions are 0. */
inline cudaError_t cudaDriverGetVersion(int* v) {
    *v = 0;
    return cudaSuccess;
}
inline cudaError_t cudaRuntimeGetVersion(int* v) {
    *v = 0;
    return cudaSuccess;
}
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int d) {
    if (d != 0) return emu::note(cudaErrorInvalidDevice);
    const emu::DeviceModel& m = emu::device();
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "psrnn emulated device (CPU, sm_90 limits, %d SMs)", m.sms);
    p->totalGlobalMem = m.memory;
    p->sharedMemPerBlock = m.smem_per_block;
    p->sharedMemPerBlockOptin = m.smem_per_block_optin;
    p->sharedMemPerMultiprocessor = m.smem_per_sm;
    p->regsPerBlock = 65536;
    p->warpSize = 32;
    p->maxThreadsPerBlock = 1024;
    p->maxThreadsDim[0] = p->maxThreadsDim[1] = 1024;
    p->maxThreadsDim[2] = 64;
    p->maxGridSize[0] = 0x7fffffff;
    p->maxGridSize[1] = p->maxGridSize[2] = 65535;
    p->major = 9;
    p->minor = 0;
    p->multiProcessorCount = m.sms;
    p->maxThreadsPerMultiProcessor = m.max_threads_per_sm;
    p->maxBlocksPerMultiProcessor = m.max_blocks_per_sm;
    p->cooperativeLaunch = 1;
    return cudaSuccess;
}
inline cudaError_t cudaMemGetInfo(size_t* free_b, size_t* total) {
    std::lock_guard<std::mutex> lk(emu::mem_mutex());
    *total = emu::device().memory;
    *free_b = *total - emu::allocated();
    return cudaSuccess;
}

inline cudaError_t cudaMalloc(void** p, size_t n) {
    *p = nullptr;
    {
        std::lock_guard<std::mutex> lk(emu::mem_mutex());
        if (n > emu::device().memory - emu::allocated()) return emu::note(cudaErrorMemoryAllocation);
    }
    // the exact size (no rounding up), so AddressSanitizer sees accesses past the end
    void* q = nullptr;
    if (posix_memalign(&q, 256, n ? n : 1) != 0) return emu::note(cudaErrorMemoryAllocation);
    memset(q, 0xFF, n);  // cudaMalloc does not clear: reads of memory never written show as NaN
    std::lock_guard<std::mutex> lk(emu::mem_mutex());
    emu::allocations()[(uintptr_t)q] = n;
    emu::allocated() += n;
    *p = q;
    return cudaSuccess;
}
template <class T>
inline cudaError_t cudaMalloc(T** p, size_t n) {
    return cudaMalloc(reinterpret_cast<void**>(p), n);
}
inline cudaError_t cudaFree(void* p) {
    if (!p) return cudaSuccess;
    {
        std::lock_guard<std::mutex> lk(emu::mem_mutex());
        auto it = emu::allocations().find((uintptr_t)p);
        if (emu::pinned().count((uintptr_t)p)) emu::fatal("cudaFree(%p): pinned host memory (cudaMallocHost), which cudaFreeHost frees", p);
        if (it == emu::allocations().end()) emu::fatal("cudaFree(%p): not a pointer cudaMalloc returned, or freed twice", p);
        emu::allocated() -= it->second;
        emu::allocations().erase(it);
    }
    free(p);
    return cudaSuccess;
}
/** Pinned (page-locked) host memory: on the emulated device plain host memory, tracked so that a mix-up of the two frees stops the program. */
#define cudaHostAllocDefault 0x00
#define cudaHostAllocPortable 0x01
#define cudaHostAllocMapped 0x02
#define cudaHostAllocWriteCombined 0x04
inline cudaError_t cudaHostAlloc(void** p, size_t n, unsigned int flags) {
    *p = nullptr;
    if (flags & ~0x07u) return emu::note(cudaErrorInvalidValue);
    void* q = nullptr;
    if (posix_memalign(&q, 4096, n ? n : 1) != 0) return emu::note(cudaErrorMemoryAllocation);
    memset(q, 0xFF, n);  // as cudaMalloc: contents never written show as NaN
    std::lock_guard<std::mutex> lk(emu::mem_mutex());
    emu::pinned()[(uintptr_t)q] = n;
    *p = q;
    return cudaSuccess;
}
inline cudaError_t cudaMallocHost(void** p, size_t n) { return cudaHostAlloc(p, n, cudaHostAllocDefault); }
template <class T>
inline cudaError_t cudaMallocHost(T** p, size_t n) {
    return cudaMallocHost(reinterpret_cast<void**>(p), n);
}
inline cudaError_t cudaFreeHost(void* p) {
    if (!p) return cudaSuccess;
    {
        std::lock_guard<std::mutex> lk(emu::mem_mutex());
        if (emu::allocations().count((uintptr_t)p)) emu::fatal("cudaFreeHost(%p): device memory (cudaMalloc), which cudaFree frees", p);
        auto it = emu::pinned().find((uintptr_t)p);
        if (it == emu::pinned().end()) emu::fatal("cudaFreeHost(%p): not a pointer cudaMallocHost returned, or freed twice", p);
        emu::pinned().erase(it);
    }
    free(p);
    return cudaSuccess;
}
inline cudaError_t cudaMemcpy(void* d, const void* s, size_t n, cudaMemcpyKind k) {
    emu::check_copy(d, s, n, k, "cudaMemcpy");
    memmove(d, s, n);
    return cudaSuccess;
}
inline cudaError_t cudaMemcpyAsync(void* d, const void* s, size_t n, cudaMemcpyKind k, cudaStream_t st = nullptr) {
    emu::check_copy(d, s, n, k, "cudaMemcpyAsync");
    return emu::submit(st, [=] { memmove(d, s, n); });
}
inline cudaError_t cudaMemset(void* d, int v, size_t n) {
    if (n && !emu::on_device(d, n)) emu::fatal("cudaMemset of %zu bytes at %p: not inside one cudaMalloc allocation", n, d);
    memset(d, v, n);
    return cudaSuccess;
}
inline cudaError_t cudaMemsetAsync(void* d, int v, size_t n, cudaStream_t st = nullptr) {
    if (n && !emu::on_device(d, n)) emu::fatal("cudaMemsetAsync of %zu bytes at %p: not inside one cudaMalloc allocation", n, d);
    return emu::submit(st, [=] { memset(d, v, n); });
}

inline cudaError_t cudaStreamCreate(cudaStream_t* s) {
    *s = new CUstream_st;
    return cudaSuccess;
}
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned) {
    *s = new CUstream_st;
    return cudaSuccess;
}
inline cudaError_t cudaStreamDestroy(cudaStream_t s) {
    delete s;
    return cudaSuccess;
}
inline cudaError_t cudaStreamSynchronize(cudaStream_t s) {
    // The work already ran when it was queued; a synchronisation during capture is an error, as in CUDA.
    if (s && s->capturing) return emu::note(cudaErrorStreamCaptureUnsupported);
    return cudaSuccess;
}
inline cudaError_t cudaStreamBeginCapture(cudaStream_t s, cudaStreamCaptureMode) {
    if (!s || s->capturing) return emu::note(cudaErrorIllegalState);
    s->capturing = true;
    s->captured.clear();
    return cudaSuccess;
}
inline cudaError_t cudaStreamEndCapture(cudaStream_t s, cudaGraph_t* g) {
    if (!s || !s->capturing) return emu::note(cudaErrorIllegalState);
    s->capturing = false;
    *g = new CUgraph_st{std::move(s->captured)};
    s->captured.clear();
    return cudaSuccess;
}
inline cudaError_t cudaGraphInstantiate(cudaGraphExec_t* e, cudaGraph_t g, unsigned long long = 0) {
    *e = new CUgraphExec_st{g->ops};
    return cudaSuccess;
}
inline cudaError_t cudaGraphLaunch(cudaGraphExec_t e, cudaStream_t s) {
    if (!e) return emu::note(cudaErrorInvalidResourceHandle);
    return emu::submit(s, [e] {
        for (auto& op : e->ops) op();
    });
}
inline cudaError_t cudaGraphDestroy(cudaGraph_t g) {
    delete g;
    return cudaSuccess;
}
inline cudaError_t cudaGraphExecDestroy(cudaGraphExec_t e) {
    delete e;
    return cudaSuccess;
}

template <class... P>
inline cudaError_t cudaFuncSetAttribute(void (*f)(P...), cudaFuncAttribute a, int v) {
    if (a == cudaFuncAttributeMaxDynamicSharedMemorySize) {
        if (v < 0 || (size_t)v > emu::device().smem_per_block_optin) return emu::note(cudaErrorInvalidValue);
        std::lock_guard<std::mutex> lk(emu::func_mutex());
        emu::func_smem()[reinterpret_cast<const void*>(f)] = (size_t)v;
    }
    return cudaSuccess;
}
template <class... P>
inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* a, void (*f)(P...)) {
    memset(a, 0, sizeof *a);
    a->maxThreadsPerBlock = 1024;
    a->numRegs = 32;
    a->ptxVersion = a->binaryVersion = 90;
    a->maxDynamicSharedSizeBytes = (int)emu::allowed_smem(reinterpret_cast<const void*>(f));
    return cudaSuccess;
}
template <class... P>
inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* n, void (*f)(P...), int block, size_t smem) {
    if (!n || block <= 0 || block > 1024) return emu::note(cudaErrorInvalidValue);
    *n = smem > emu::allowed_smem(reinterpret_cast<const void*>(f)) ? 0 : emu::blocks_per_sm(block, smem);
    return cudaSuccess;
}

/** cudaLaunchCooperativeKernel and cudaLaunchKernel take the kernel itself (CUDA's template forms), not a void*. */
template <class... P>
inline cudaError_t cudaLaunchCooperativeKernel(void (*f)(P...), dim3 g, dim3 b, void** args, size_t smem = 0, cudaStream_t s = nullptr) {
    return emu::launch_args(f, g, b, args, smem, s, true, std::index_sequence_for<P...>{});
}
template <class... P>
inline cudaError_t cudaLaunchKernel(void (*f)(P...), dim3 g, dim3 b, void** args, size_t smem = 0, cudaStream_t s = nullptr) {
    return emu::launch_args(f, g, b, args, smem, s, false, std::index_sequence_for<P...>{});
}
