/* The emulated device's cooperative_groups.h: the grid and the thread block (psrnn_emu.hpp). */
#pragma once
#include "psrnn_emu.hpp"

namespace cooperative_groups {
class thread_block {
   public:
    void sync() const { emu::syncthreads(); }
    unsigned long long size() const {
        dim3 d = blockDim;
        return (unsigned long long)d.x * d.y * d.z;
    }
    unsigned long long thread_rank() const {
        uint3 t = threadIdx;
        dim3 d = blockDim;
        return t.x + (unsigned long long)d.x * (t.y + (unsigned long long)d.y * t.z);
    }
    dim3 group_index() const { return blockIdx; }
    dim3 thread_index() const { return threadIdx; }
};
class grid_group {
   public:
    void sync() const { emu::grid_sync(); }
    bool is_valid() const { return emu::blk()->L->coop; }
    unsigned long long size() const {
        dim3 g = gridDim, b = blockDim;
        return (unsigned long long)g.x * g.y * g.z * b.x * b.y * b.z;
    }
};
inline thread_block this_thread_block() { return thread_block(); }
inline grid_group this_grid() { return grid_group(); }
inline void sync(const thread_block& g) { g.sync(); }
inline void sync(const grid_group& g) { g.sync(); }
}  // namespace cooperative_groups
