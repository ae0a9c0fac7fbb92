/*
 * psrnn's emulated CUDA device: runs cuda/psrnn_cuda.cu, compiled by g++, on the CPU, as a slow
 * correctness instrument for the kernels where no GPU is at hand (native-build/build.sh makes
 * libpsrnn_cuda_emu.so from it; README, "On a GPU", says how the Java engine loads it).
 *
 * The model:
 *   - every CUDA thread is a fiber with its own stack (a small x86-64 context switch; with
 *     -DPSRNN_EMU_UCONTEXT glibc's swapcontext); the fibers of a block run on one OS thread, one at
 *     a time, each until it waits at a barrier or exits; PSRNN_EMU_ORDER = 0, 1 or 2 runs them in
 *     forward, reverse or (PSRNN_EMU_SEED) random order between barriers;
 *   - __syncthreads releases a block when every live thread of it has arrived; grid.sync() (only in
 *     a cooperative launch, whose blocks each get an OS thread) does the same across blocks;
 *   - warp shuffles, ballots and __syncwarp wait until every lane of their mask arrives and check
 *     that each arrives with the same mask, that the mask names its own lane, and that no lane
 *     named has exited: a shuffle in a divergent branch stops the program with the lanes involved;
 *   - dynamic shared memory and cudaMalloc memory start filled with 0xFF bytes (NaN as floats), so
 *     a read of memory never written shows; cudaMalloc allocates the exact size asked (so
 *     AddressSanitizer sees accesses past the end) and counts it against the device's memory;
 *   - cudaMallocHost / cudaHostAlloc (pinned) memory is plain host memory, tracked so that cudaFree
 *     of it, or cudaFreeHost of device memory, stops the program;
 *   - streams run each operation when it is queued; stream capture records launches (cooperative
 *     ones too, as CUDA 12 and 13 capture them into kernel nodes with the cooperative attribute)
 *     and copies, a graph replays them; a cooperative launch is refused with cudaErrorCooperativeLaunchTooLarge
 *     beyond what sm_90's limits (2048 threads, 32 blocks and 228 KiB of shared memory an SM, 1 KiB
 *     reserved a block) allow on PSRNN_EMU_SMS multiprocessors (default 4);
 *   - a misuse a GPU would hang or fault on (a barrier deadlock, grid.sync in a normal launch, a
 *     warp op whose lanes disagree) prints "psrnn emulated device: ..." and aborts.
 *
 * What it cannot see: the memory model (x86 keeps stores in order and every switch is a fence),
 * races between streams, registers and local memory (the resource gate of native-build checks
 * those with nvcc), the device's own math library and multiply-add contraction. Static
 * __shared__ arrays are thread_local: they start zeroed and keep their contents from one block to
 * the next that runs on the same OS thread.
 *
 * Environment: PSRNN_EMU_SMS (multiprocessors, default 4), PSRNN_EMU_ORDER (0, 1, 2),
 * PSRNN_EMU_SEED (random order, default 1), PSRNN_EMU_WORKERS (OS threads for the blocks of a
 * normal launch, default 2), PSRNN_EMU_MEMORY_MB (device memory, default 8192),
 * PSRNN_EMU_STACK_KB (fiber stacks, default 64).
 */
#pragma once
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define PSRNN_EMU_ASAN 1
#endif

/** Code compiled against this header runs on the emulated device (psrnn_emulated() says so). */
#define PSRNN_EMULATED_DEVICE 1

struct uint3 {
    unsigned x, y, z;
};
/* CUDA's float4: 16-byte aligned; may_alias, as kernels read float arrays through float4 pointers. */
struct __attribute__((aligned(16), may_alias)) float4 {
    float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }
struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
    constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
};

enum cudaError {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorInsufficientDriver = 35,
    cudaErrorInvalidDeviceFunction = 98,
    cudaErrorNoDevice = 100,
    cudaErrorInvalidDevice = 101,
    cudaErrorInvalidResourceHandle = 400,
    cudaErrorIllegalState = 401,
    cudaErrorLaunchFailure = 719,
    cudaErrorCooperativeLaunchTooLarge = 720,
    cudaErrorNotSupported = 801,
    cudaErrorStreamCaptureUnsupported = 900,
    cudaErrorStreamCaptureInvalidated = 901,
};
typedef enum cudaError cudaError_t;

#if defined(__x86_64__) && !defined(PSRNN_EMU_UCONTEXT)
// x86-64 System V context switch: the callee-saved registers. MXCSR and the x87 control word are
// not switched: no kernel changes the floating-point environment, and every fiber starts with its OS thread's.
extern "C" void psrnn_emu_switch(void** save_sp, void* new_sp);
asm(R"(
    .text
    .weak psrnn_emu_switch
    .hidden psrnn_emu_switch
    .type psrnn_emu_switch,@function
psrnn_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size psrnn_emu_switch, .-psrnn_emu_switch
)");
#define PSRNN_EMU_ASM_SWITCH 1
#endif

namespace emu {

[[noreturn]] inline void fatal(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "psrnn emulated device: %s\n", msg);
    fflush(stderr);
    abort();
}

inline long env_long(const char* name, long dflt, long lo, long hi) {
    const char* v = getenv(name);
    if (!v || !*v) return dflt;
    char* end = nullptr;
    long x = strtol(v, &end, 10);
    if (*end || x < lo || x > hi) fatal("%s = '%s' is not allowed: must be an integer in [%ld, %ld]", name, v, lo, hi);
    return x;
}

// ------------------------------------------------------------------ the emulated device
struct DeviceModel {
    int sms = (int)env_long("PSRNN_EMU_SMS", 4, 1, 1024);
    int order = (int)env_long("PSRNN_EMU_ORDER", 0, 0, 2);  // 0 forward, 1 reverse, 2 random
    unsigned seed = (unsigned)env_long("PSRNN_EMU_SEED", 1, 0, 1L << 30);
    unsigned workers = (unsigned)env_long("PSRNN_EMU_WORKERS", 2, 1, 256);
    size_t memory = (size_t)env_long("PSRNN_EMU_MEMORY_MB", 8192, 1, 1L << 24) << 20;
    size_t stack = (size_t)env_long("PSRNN_EMU_STACK_KB", 64, 16, 1 << 20) << 10;
    // sm_90
    int max_threads_per_sm = 2048;
    int max_blocks_per_sm = 32;
    size_t smem_per_block = 48 * 1024;   // without opting in
    size_t smem_per_block_optin = 232448;  // 227 KiB
    size_t smem_per_sm = 233472;           // 228 KiB
    size_t reserved_smem_per_block = 1024;
};
inline DeviceModel& device() {
    static DeviceModel d;
    return d;
}

/** Blocks of `threads` threads and `smem` bytes of dynamic shared memory that fit on one SM at once. */
inline int blocks_per_sm(int threads, size_t smem) {
    const DeviceModel& d = device();
    if (threads <= 0 || threads > 1024) return 0;
    int by_threads = d.max_threads_per_sm / (((threads + 31) / 32) * 32);
    int by_smem = (int)(d.smem_per_sm / (smem + d.reserved_smem_per_block));
    return std::min({by_threads, by_smem, d.max_blocks_per_sm});
}

/** Per kernel: the dynamic shared memory it may use (cudaFuncSetAttribute raises it). */
inline std::mutex& func_mutex() {
    static std::mutex m;
    return m;
}
inline std::map<const void*, size_t>& func_smem() {
    static std::map<const void*, size_t> m;
    return m;
}
inline size_t allowed_smem(const void* f) {
    std::lock_guard<std::mutex> lk(func_mutex());
    auto it = func_smem().find(f);
    return it == func_smem().end() ? device().smem_per_block : it->second;
}

// ------------------------------------------------------------------ fibers, blocks, warps
enum Wait : int { RUN, BAR_BLOCK, BAR_WARP, BAR_GRID, DONE };

struct Fiber {
#ifdef PSRNN_EMU_ASM_SWITCH
    void* sp = nullptr;
    char* stack_lo = nullptr;
    size_t stack_size = 0;
#else
    ucontext_t ctx;
#endif
    uint3 tid;
    int lane = 0, warp = 0;
    int wait = RUN;
    unsigned wmask = 0;  // the mask of the warp op this fiber waits in
};

struct Warp {
    unsigned existing = 0, exited = 0, arrived = 0;
    unsigned group = 0;   // while uniform: the mask every arrived lane waits with
    bool uniform = true;  // every arrived lane waits with `group` (the usual case: one warp op in flight)
    uint64_t slot[32];
};

/** One launch as it runs: its shape and body, and the grid barrier of a cooperative launch. */
struct Launch {
    dim3 grid, block;
    size_t smem = 0;
    bool coop = false;
    const char* name = "";
    std::function<void()> body;
    std::mutex m;
    std::condition_variable cv;
    unsigned arrived = 0, gen = 0, done = 0, nblocks = 0;
};

struct Block {
    Launch* L = nullptr;
    uint3 bid{0, 0, 0};
    dim3 bdim, gdim;
    unsigned nthreads = 0, live = 0, at_bar = 0, at_grid = 0;
    std::vector<Fiber> f;
    std::vector<Warp> w;
    std::vector<unsigned> ready, next;  // the fibers to run in this sweep, and those released for the next
#ifdef PSRNN_EMU_ASM_SWITCH
    void* sched_sp = nullptr;
    const void* sched_lo = nullptr;
    size_t sched_size = 0;
#else
    ucontext_t sched;
#endif
    Fiber* cur = nullptr;
    unsigned char* dyn = nullptr;
};

inline thread_local Block* tl_block = nullptr;

inline Block* blk() {
    if (!tl_block) fatal("a device builtin (threadIdx, __syncthreads, a shuffle, ...) was used outside a kernel");
    return tl_block;
}

inline void yield() {
    Block* b = tl_block;
#ifdef PSRNN_EMU_ASM_SWITCH
#ifdef PSRNN_EMU_ASAN
    void* fake;
    __sanitizer_start_switch_fiber(&fake, b->sched_lo, b->sched_size);
#endif
    psrnn_emu_switch(&b->cur->sp, b->sched_sp);
#ifdef PSRNN_EMU_ASAN
    __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
#else
    swapcontext(&b->cur->ctx, &b->sched);
#endif
}

inline void wake(Block* b, Fiber& f) {
    f.wait = RUN;
    b->next.push_back((unsigned)(&f - b->f.data()));
}

inline void release(Block* b, int kind) {
    for (auto& f : b->f)
        if (f.wait == kind) wake(b, f);
}

inline void os_grid_barrier(Block* b) {
    Launch* L = b->L;
    std::unique_lock<std::mutex> lk(L->m);
    if (L->done) {
        fatal("%s: block (%u,%u,%u) waits in grid.sync() but %u block(s) already exited; this hangs on a GPU", L->name, b->bid.x,
              b->bid.y, b->bid.z, L->done);
    }
    unsigned g = L->gen;
    if (++L->arrived == L->nblocks) {
        L->arrived = 0;
        L->gen++;
        L->cv.notify_all();
    } else {
        L->cv.wait(lk, [&] { return L->gen != g || L->done; });
        if (L->gen == g) {
            fatal("%s: block (%u,%u,%u) waits in grid.sync() while another block exited; this hangs on a GPU", L->name, b->bid.x,
                  b->bid.y, b->bid.z);
        }
    }
}

/** Releases a barrier once every live thread of the block waits in it. */
inline void settle(Block* b) {
    if (b->at_bar && b->at_bar == b->live) {
        b->at_bar = 0;
        release(b, BAR_BLOCK);
    }
    if (b->at_grid && b->at_grid == b->live) {
        if (b->live != b->nthreads) {
            fatal("%s: block (%u,%u,%u): %u thread(s) exited before a grid.sync() the others wait in", b->L->name, b->bid.x, b->bid.y,
                  b->bid.z, b->nthreads - b->live);
        }
        b->at_grid = 0;
        os_grid_barrier(b);
        release(b, BAR_GRID);
    }
}

inline void syncthreads() {
    Block* b = blk();
    if (b->at_grid) fatal("%s: __syncthreads() while other threads of the block wait in grid.sync()", b->L->name);
    b->cur->wait = BAR_BLOCK;
    b->at_bar++;
    settle(b);
    yield();
}

inline void grid_sync() {
    Block* b = blk();
    if (!b->L->coop) fatal("%s: grid.sync() in a kernel not launched with cudaLaunchCooperativeKernel", b->L->name);
    if (b->at_bar) fatal("%s: grid.sync() while other threads of the block wait in __syncthreads()", b->L->name);
    b->cur->wait = BAR_GRID;
    b->at_grid++;
    settle(b);
    yield();
}

/** Every lane named in `mask` must arrive with the same mask; then they all go on. */
inline void warp_bar(unsigned mask) {
    Block* b = blk();
    Fiber* f = b->cur;
    Warp& w = b->w[f->warp];
    const char* name = b->L->name;
    if (!((mask >> f->lane) & 1u)) {
        fatal("%s: block (%u,%u,%u) thread %u: a warp op with mask %08x leaves out its own lane %d", name, b->bid.x, b->bid.y, b->bid.z,
              f->tid.x, mask, f->lane);
    }
    if (mask & ~w.existing) fatal("%s: a warp op with mask %08x names lanes that do not exist (the warp has %08x)", name, mask, w.existing);
    if (mask & w.exited) {
        fatal("%s: block (%u,%u,%u) warp %d: a warp op with mask %08x names lanes that already exited (%08x)", name, b->bid.x, b->bid.y,
              b->bid.z, f->warp, mask, w.exited & mask);
    }
    if (w.arrived == 0) {
        w.group = mask;
        w.uniform = true;
    } else if (!w.uniform || mask != w.group) {
        // Lanes that wait in another warp op: none of them may be named by this mask or name this lane.
        for (int l = 0; l < 32; l++) {
            if (!((w.arrived >> l) & 1u)) continue;
            Fiber& o = b->f[f->warp * 32 + l];
            if ((((o.wmask >> f->lane) & 1u) || ((mask >> l) & 1u)) && o.wmask != mask) {
                fatal("%s: block (%u,%u,%u) warp %d: lane %d passes mask %08x while lane %d waits with mask %08x", name, b->bid.x, b->bid.y,
                      b->bid.z, f->warp, f->lane, mask, l, o.wmask);
            }
        }
        w.uniform = false;
    }
    f->wmask = mask;
    f->wait = BAR_WARP;
    w.arrived |= 1u << f->lane;
    if ((w.arrived & mask) == mask) {
        w.arrived &= ~mask;
        for (unsigned m = mask; m; m &= m - 1) wake(b, b->f[f->warp * 32 + __builtin_ctz(m)]);
    }
    yield();
}

/** A shuffle: this lane offers v and takes lane src's (src < 0 or outside the mask: own_if_outside says which). */
template <class T>
inline T exchange(unsigned mask, T v, int src, bool own_if_outside) {
    static_assert(sizeof(T) <= 8, "a shuffle of a type wider than 8 bytes");
    Block* b = blk();
    Fiber* f = b->cur;
    Warp& w = b->w[f->warp];
    uint64_t bits = 0;
    memcpy(&bits, &v, sizeof(T));
    w.slot[f->lane] = bits;
    warp_bar(mask);
    T out = v;
    if (src >= 0 && ((mask >> src) & 1u)) {
        memcpy(&out, &w.slot[src], sizeof(T));
    } else if (!own_if_outside || src >= 0) {
        memset(&out, 0xFF, sizeof(T));  // reading a lane outside the mask is undefined on a GPU: make it loud
    }
    warp_bar(mask);
    return out;
}

inline void fiber_main() {
    Block* b = tl_block;
#if defined(PSRNN_EMU_ASM_SWITCH) && defined(PSRNN_EMU_ASAN)
    __sanitizer_finish_switch_fiber(nullptr, &b->sched_lo, &b->sched_size);
#endif
    Fiber* f = b->cur;
    b->L->body();
    f->wait = DONE;
    b->live--;
    Warp& w = b->w[f->warp];
    w.exited |= 1u << f->lane;
    for (int l = 0; l < 32; l++) {
        if (((w.arrived >> l) & 1u) && ((b->f[f->warp * 32 + l].wmask >> f->lane) & 1u)) {
            fatal("%s: block (%u,%u,%u) warp %d: lane %d exited while lane %d waits for it in a warp op", b->L->name, b->bid.x, b->bid.y,
                  b->bid.z, f->warp, f->lane, l);
        }
    }
    settle(b);
#ifdef PSRNN_EMU_ASM_SWITCH
    void* dead;
#ifdef PSRNN_EMU_ASAN
    __sanitizer_start_switch_fiber(nullptr, b->sched_lo, b->sched_size);
#endif
    psrnn_emu_switch(&dead, b->sched_sp);
#else
    setcontext(&b->sched);
#endif
    __builtin_unreachable();
}

/** Fiber stacks (with guard pages) and a dynamic shared memory buffer, kept for reuse between launches. */
struct Kit {
    size_t size = device().stack, page = (size_t)sysconf(_SC_PAGESIZE);
    char* base = nullptr;
    size_t count = 0;
    std::vector<unsigned char> dyn;
    char* stack(size_t i) { return base + i * (size + page) + page; }
    void ensure(size_t n) {
        if (n <= count) return;
        if (base) munmap(base, count * (size + page));
        base = (char*)mmap(nullptr, n * (size + page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (base == MAP_FAILED) fatal("mmap of %zu fiber stacks failed", n);
        for (size_t i = 0; i < n; i++) mprotect(base + i * (size + page), page, PROT_NONE);  // guard pages
        count = n;
    }
    ~Kit() {
        if (base) munmap(base, count * (size + page));
    }
};
inline std::mutex& kits_mutex() {
    static std::mutex m;
    return m;
}
inline std::vector<std::unique_ptr<Kit>>& kits() {
    static std::vector<std::unique_ptr<Kit>> k;
    return k;
}
inline std::unique_ptr<Kit> take_kit() {
    std::lock_guard<std::mutex> lk(kits_mutex());
    if (kits().empty()) return std::make_unique<Kit>();
    std::unique_ptr<Kit> k = std::move(kits().back());
    kits().pop_back();
    return k;
}
inline void give_kit(std::unique_ptr<Kit> k) {
    std::lock_guard<std::mutex> lk(kits_mutex());
    kits().push_back(std::move(k));
}

inline void run_block(Launch* L, unsigned linear_block, Kit& kit, unsigned seed) {
    Block b;
    b.L = L;
    b.gdim = L->grid;
    b.bdim = L->block;
    b.bid = {linear_block % L->grid.x, (linear_block / L->grid.x) % L->grid.y, linear_block / (L->grid.x * L->grid.y)};
    b.nthreads = L->block.x * L->block.y * L->block.z;
    b.live = b.nthreads;
    b.f.resize(b.nthreads);
    b.w.resize((b.nthreads + 31) / 32);
    kit.dyn.assign(L->smem, 0xFF);  // fresh shared memory reads as NaN
    b.dyn = kit.dyn.data();
    kit.ensure(b.nthreads);
    for (unsigned t = 0; t < b.nthreads; t++) {
        Fiber& f = b.f[t];
        f.tid = {t % L->block.x, (t / L->block.x) % L->block.y, t / (L->block.x * L->block.y)};
        f.lane = (int)(t % 32);
        f.warp = (int)(t / 32);
        b.w[f.warp].existing |= 1u << f.lane;
#ifdef PSRNN_EMU_ASM_SWITCH
        {  // the first frame: [r15 r14 r13 r12 rbx rbp][return to fiber_main], the return slot 16-aligned, so fiber_main starts as after a call
#ifdef PSRNN_EMU_ASAN
            ASAN_UNPOISON_MEMORY_REGION(kit.stack(t), kit.size);
#endif
            f.stack_lo = kit.stack(t);
            f.stack_size = kit.size;
            // stack tops staggered by 64 bytes a fiber, so that they do not all fall into one cache set
            uintptr_t top = ((uintptr_t)kit.stack(t) + kit.size - 64 - (t % 48) * 64) & ~(uintptr_t)15;
            void** p = (void**)top;
            p[0] = (void*)&fiber_main;
            for (int k = 1; k <= 6; k++) p[-k] = nullptr;
            f.sp = (void*)(p - 6);
        }
#else
        getcontext(&f.ctx);
        f.ctx.uc_stack.ss_sp = kit.stack(t);
        f.ctx.uc_stack.ss_size = kit.size;
        f.ctx.uc_link = nullptr;
        makecontext(&f.ctx, fiber_main, 0);
#endif
        b.next.push_back(t);
    }
    const int mode = device().order;
    std::mt19937 rng(seed + linear_block);
    Block* saved = tl_block;
    tl_block = &b;
    for (;;) {
        // A sweep runs every fiber released since the last one, each until it waits again or exits, in the order asked for.
        b.ready.swap(b.next);
        b.next.clear();
        if (mode == 0) std::sort(b.ready.begin(), b.ready.end());
        else if (mode == 1) std::sort(b.ready.begin(), b.ready.end(), [](unsigned x, unsigned y) { return x > y; });
        else std::shuffle(b.ready.begin(), b.ready.end(), rng);
        bool any = !b.ready.empty();
        for (unsigned t : b.ready) {
            Fiber& f = b.f[t];
            b.cur = &f;
#ifdef PSRNN_EMU_ASM_SWITCH
#ifdef PSRNN_EMU_ASAN
            void* fake;
            __sanitizer_start_switch_fiber(&fake, f.stack_lo, f.stack_size);
#endif
            psrnn_emu_switch(&b.sched_sp, f.sp);
#ifdef PSRNN_EMU_ASAN
            __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
#else
            swapcontext(&b.sched, &f.ctx);
#endif
        }
        if (b.live == 0) break;
        if (!any) {
            unsigned n[5] = {0, 0, 0, 0, 0};
            for (auto& f : b.f) n[f.wait]++;
            fatal("%s: deadlock in block (%u,%u,%u): %u thread(s) at __syncthreads, %u in warp ops, %u at grid.sync, %u exited", L->name,
                  b.bid.x, b.bid.y, b.bid.z, n[BAR_BLOCK], n[BAR_WARP], n[BAR_GRID], n[DONE]);
        }
    }
    tl_block = saved;
    if (L->coop) {
        std::lock_guard<std::mutex> lk(L->m);
        L->done++;
        L->cv.notify_all();
    }
}

inline void execute(Launch& L) {
    unsigned nb = L.grid.x * L.grid.y * L.grid.z;
    L.nblocks = nb;
    static std::atomic<unsigned> launches{0};
    unsigned seed = device().seed * 7919u + launches++;
    if (L.coop) {  // every block at once, one OS thread each, so grid.sync() can wait for all
        std::vector<std::thread> th;
        for (unsigned i = 0; i < nb; i++) {
            th.emplace_back([&L, i, seed] {
                std::unique_ptr<Kit> kit = take_kit();
                run_block(&L, i, *kit, seed);
                give_kit(std::move(kit));
            });
        }
        for (auto& t : th) t.join();
        return;
    }
    std::atomic<unsigned> next{0};
    auto work = [&] {
        std::unique_ptr<Kit> kit = take_kit();
        for (unsigned i; (i = next++) < nb;) run_block(&L, i, *kit, seed);
        give_kit(std::move(kit));
    };
    unsigned n = std::min(device().workers, nb);
    if (n <= 1) {
        work();
        return;
    }
    std::vector<std::thread> th;
    for (unsigned i = 0; i < n; i++) th.emplace_back(work);
    for (auto& t : th) t.join();
}

template <class T>
inline T* dynamic_shared() {
    return reinterpret_cast<T*>(blk()->dyn);
}

}  // namespace emu

// ------------------------------------------------------------------ streams and graphs
struct CUstream_st {
    bool capturing = false;
    std::vector<std::function<void()>> captured;
};
typedef CUstream_st* cudaStream_t;
struct CUgraph_st {
    std::vector<std::function<void()>> ops;
};
typedef CUgraph_st* cudaGraph_t;
struct CUgraphExec_st {
    std::vector<std::function<void()>> ops;
};
typedef CUgraphExec_st* cudaGraphExec_t;

namespace emu {
inline thread_local cudaError_t last_error = cudaSuccess;
inline cudaError_t note(cudaError_t e) {
    if (e != cudaSuccess) last_error = e;
    return e;
}

/** Runs op now, or records it when the stream is being captured. */
inline cudaError_t submit(cudaStream_t s, std::function<void()> op) {
    if (s && s->capturing) s->captured.push_back(std::move(op));
    else op();
    return cudaSuccess;
}

/** Checks a launch as CUDA does and queues it. */
inline cudaError_t launch(const void* fn, const char* name, dim3 g, dim3 b, size_t smem, cudaStream_t s, bool coop,
                          std::function<void()> body) {
    unsigned long long nt = (unsigned long long)b.x * b.y * b.z, nb = (unsigned long long)g.x * g.y * g.z;
    if (nt == 0 || nt > 1024 || b.x > 1024 || b.y > 1024 || b.z > 64 || nb == 0 || g.x > 0x7fffffffu || g.y > 65535 || g.z > 65535) {
        return note(cudaErrorInvalidConfiguration);
    }
    if (smem > allowed_smem(fn)) return note(cudaErrorInvalidValue);  // as CUDA: above 48 KiB needs cudaFuncSetAttribute first
    if (coop && nb > (unsigned long long)blocks_per_sm((int)nt, smem) * device().sms) return note(cudaErrorCooperativeLaunchTooLarge);
    auto shape = std::make_shared<std::tuple<dim3, dim3, size_t, bool, const char*>>(g, b, smem, coop, name);
    auto fn_body = std::make_shared<std::function<void()>>(std::move(body));
    return submit(s, [shape, fn_body] {
        Launch L;
        std::tie(L.grid, L.block, L.smem, L.coop, L.name) = *shape;
        L.body = *fn_body;
        execute(L);
    });
}

/** What LAUNCH(kernel, grid, block, smem, stream) stands for under the emulation: call it with the kernel's arguments. */
template <class... P>
struct KernelCall {
    void (*k)(P...);
    const char* name;
    dim3 g, b;
    size_t smem;
    cudaStream_t s;
    template <class... A>
    void operator()(A&&... args) const {
        static_assert(sizeof...(A) == sizeof...(P), "a kernel launched with the wrong number of arguments");
        std::tuple<std::decay_t<P>...> t(std::forward<A>(args)...);  // copied at the launch, as CUDA does
        auto k_ = k;
        launch(reinterpret_cast<const void*>(k), name, g, b, smem, s, false, [k_, t]() { std::apply(k_, t); });
    }
};
template <class... P>
inline KernelCall<P...> launcher(void (*k)(P...), const char* name, dim3 g, dim3 b, size_t smem = 0, cudaStream_t s = nullptr) {
    return KernelCall<P...>{k, name, g, b, smem, s};
}

/** A launch through void** arguments (cudaLaunchKernel, cudaLaunchCooperativeKernel): each copied now, as CUDA does. */
template <class... P, size_t... I>
inline cudaError_t launch_args(void (*k)(P...), dim3 g, dim3 b, void** args, size_t smem, cudaStream_t s, bool coop,
                               std::index_sequence<I...>) {
    if (!args && sizeof...(P) > 0) return note(cudaErrorInvalidValue);
    std::tuple<std::decay_t<P>...> t(*static_cast<std::decay_t<P>*>(args[I])...);
    return launch(reinterpret_cast<const void*>(k), coop ? "cooperative kernel" : "kernel", g, b, smem, s, coop,
                  [k, t]() { std::apply(k, t); });
}
}  // namespace emu

// ------------------------------------------------------------------ device-side builtins
#define __global__
#define __device__
#define __host__
#define __constant__
#define __forceinline__ inline
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(...)
#define __restrict__ __restrict
#define __align__(n) __attribute__((aligned(n)))
#define __shared__ static thread_local
#define threadIdx (::emu::blk()->cur->tid)
#define blockIdx (::emu::blk()->bid)
#define blockDim (::emu::blk()->bdim)
#define gridDim (::emu::blk()->gdim)
static constexpr int warpSize = 32;

inline void __syncthreads() { emu::syncthreads(); }
inline void __syncwarp(unsigned mask = 0xffffffffu) { emu::warp_bar(mask); }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }

template <class T>
inline T __shfl_sync(unsigned mask, T v, int src, int width = 32) {
    int lane = emu::blk()->cur->lane;
    return emu::exchange(mask, v, (lane & ~(width - 1)) + (src & (width - 1)), false);
}
template <class T>
inline T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = 32) {
    int lane = emu::blk()->cur->lane, src = lane ^ lane_mask;
    return emu::exchange(mask, v, (src & ~(width - 1)) == (lane & ~(width - 1)) ? src : -1, true);
}
template <class T>
inline T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = 32) {
    int lane = emu::blk()->cur->lane, src = lane + (int)delta;
    return emu::exchange(mask, v, src < ((lane & ~(width - 1)) + width) ? src : -1, true);
}
template <class T>
inline T __shfl_up_sync(unsigned mask, T v, unsigned delta, int width = 32) {
    int lane = emu::blk()->cur->lane, src = lane - (int)delta;
    return emu::exchange(mask, v, src >= (lane & ~(width - 1)) ? src : -1, true);
}
inline unsigned __ballot_sync(unsigned mask, int pred) {
    emu::Block* b = emu::blk();
    emu::Warp& w = b->w[b->cur->warp];
    w.slot[b->cur->lane] = pred != 0;
    emu::warp_bar(mask);
    unsigned r = 0;
    for (int l = 0; l < 32; l++)
        if (((mask >> l) & 1u) && w.slot[l]) r |= 1u << l;
    emu::warp_bar(mask);
    return r;
}
inline int __any_sync(unsigned mask, int pred) { return __ballot_sync(mask, pred) != 0; }
inline int __all_sync(unsigned mask, int pred) { return __ballot_sync(mask, pred) == mask; }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __clz(int x) { return x ? __builtin_clz((unsigned)x) : 32; }
template <class T>
inline T __ldg(const T* p) {
    return *p;
}

template <class T>
inline T atomicAdd(T* p, T v) {
    if constexpr (std::is_integral_v<T>) {
        return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
    } else {
        using U = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;
        U* q = reinterpret_cast<U*>(p);
        U old = __atomic_load_n(q, __ATOMIC_RELAXED), nw;
        T o, n;
        do {
            memcpy(&o, &old, sizeof(T));
            n = o + v;
            memcpy(&nw, &n, sizeof(T));
        } while (!__atomic_compare_exchange_n(q, &old, nw, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
        return o;
    }
}
template <class T>
inline T atomicExch(T* p, T v) {
    return __atomic_exchange_n(p, v, __ATOMIC_RELAXED);
}
template <class T>
inline T atomicCAS(T* p, T cmp, T v) {
    __atomic_compare_exchange_n(p, &cmp, v, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    return cmp;
}
template <class T>
inline T atomicMax(T* p, T v) {
    T old = __atomic_load_n(p, __ATOMIC_RELAXED);
    while (old < v && !__atomic_compare_exchange_n(p, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
    return old;
}
template <class T>
inline T atomicMin(T* p, T v) {
    T old = __atomic_load_n(p, __ATOMIC_RELAXED);
    while (old > v && !__atomic_compare_exchange_n(p, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
    return old;
}

// CUDA's global min and max for arithmetic types
template <class A, class B, class = std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B>>>
inline std::common_type_t<A, B> min(A a, B b) {
    return b < a ? b : a;
}
template <class A, class B, class = std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B>>>
inline std::common_type_t<A, B> max(A a, B b) {
    return a < b ? b : a;
}
