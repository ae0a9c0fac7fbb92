package org.psrnn.engine.cuda;

/**
 * The napkin math of one kernel (or one group of kernels) of a training iteration: how often it
 * runs, the floating-point operations it does and the bytes it moves to and from device memory,
 * and the times those give on a {@link DeviceSpec}.
 *
 * @param name the kernel, or the kernels of the group
 * @param launches kernels run per iteration
 * @param streamLaunches of those, the ones the host queues on the stream (a replayed graph counts once)
 * @param graphNodes kernels run as further nodes of a replayed CUDA graph
 * @param gridBarriers grid-wide barriers inside cooperative kernels
 * @param flops floating-point operations, a multiply-add counted as 2
 * @param bytes bytes read from and written to device memory (see {@link KernelModel} for what is counted)
 * @param blocks thread blocks per launch (how many SMs one launch can keep busy)
 * @param designedFraction the fraction of its peak (FP32, or TF32 on tensor cores) one busy SM can reach
 *     with this kernel's structure, a bound read from the code, not measured; NaN where none is stated
 * @param tensorCores whether the FLOPs are TF32 tensor-core products (the tensor peak applies), not FP32
 */
public record KernelCost(String name, int launches, int streamLaunches, int graphNodes, int gridBarriers, double flops, double bytes,
                         long blocks, double designedFraction, boolean tensorCores) {
    /** A kernel on the CUDA cores. */
    public KernelCost(String name, int launches, int streamLaunches, int graphNodes, int gridBarriers, double flops, double bytes, long blocks,
                      double designedFraction) {
        this(name, launches, streamLaunches, graphNodes, gridBarriers, flops, bytes, blocks, designedFraction, false);
    }

    /** The peak the FLOPs run against: the dense TF32 tensor peak for tensor-core products, else FP32. */
    public double peakFlopsPerSecond(DeviceSpec d) {
        return tensorCores ? d.tf32TensorFlopsPerSecond() : d.fp32FlopsPerSecond();
    }

    /** Seconds to do the FLOPs at the device's peak for them ({@link #peakFlopsPerSecond}). */
    public double computeSeconds(DeviceSpec d) {
        return flops / peakFlopsPerSecond(d);
    }

    /** Seconds to move the bytes at the device's memory bandwidth. */
    public double memorySeconds(DeviceSpec d) {
        return bytes / d.dramBytesPerSecond();
    }

    /** Seconds of launches, graph nodes and grid barriers. */
    public double overheadSeconds(LaunchCosts c) {
        return streamLaunches * c.streamLaunchSeconds() + graphNodes * c.graphNodeSeconds() + gridBarriers * c.gridBarrierSeconds();
    }

    /** The roofline time: the larger of {@link #computeSeconds} and {@link #memorySeconds}, plus {@link #overheadSeconds}. */
    public double rooflineSeconds(DeviceSpec d, LaunchCosts c) {
        return Math.max(computeSeconds(d), memorySeconds(d)) + overheadSeconds(c);
    }

    /** Whether a bound from the kernel's structure is stated ({@link #designedFraction} is not NaN). */
    public boolean hasDesignBound() {
        return !Double.isNaN(designedFraction);
    }

    /**
     * The time as designed: as {@link #rooflineSeconds}, but the FLOPs run at {@link #designedFraction}
     * of the peak on the SMs one launch fills ({@code min(1, blocks / SMs)}). The roofline time where no bound is stated.
     */
    public double designedSeconds(DeviceSpec d, LaunchCosts c) {
        if (!hasDesignBound()) return rooflineSeconds(d, c);
        double fill = Math.min(1.0, (double) blocks / d.sms());
        return Math.max(computeSeconds(d) / (designedFraction * fill), memorySeconds(d)) + overheadSeconds(c);
    }
}
