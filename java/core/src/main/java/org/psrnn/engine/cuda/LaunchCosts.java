package org.psrnn.engine.cuda;

/**
 * What the napkin model ({@link KernelModel}) charges for starting kernels and for the
 * persistent kernels' grid barriers, on top of each kernel's roofline time. These are
 * assumptions, not measurements: typical figures for a Hopper GPU with a recent driver.
 *
 * @param streamLaunchSeconds a kernel launched on a stream (a plain or cooperative launch, or a graph's launch)
 * @param graphNodeSeconds a kernel node of a replayed CUDA graph after its first (the gap between dependent nodes)
 * @param gridBarrierSeconds one grid-wide barrier ({@code grid.sync()}) of a cooperative kernel
 */
public record LaunchCosts(double streamLaunchSeconds, double graphNodeSeconds, double gridBarrierSeconds) {
    /** 3 us per stream launch, 1.5 us per further graph node, 1.5 us per grid barrier. */
    public static final LaunchCosts DEFAULT = new LaunchCosts(3e-6, 1.5e-6, 1.5e-6);
}
