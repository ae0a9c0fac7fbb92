package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.psrnn.engine.cuda.DeviceSpec;
import org.psrnn.engine.cuda.KernelCost;
import org.psrnn.engine.cuda.KernelModel;
import org.psrnn.engine.cuda.LaunchCosts;
import org.psrnn.engine.cuda.RecurrentForm;

/** The table {@code psrnn bench --engine cuda --model} prints: the napkin math of each kernel of one iteration. */
final class KernelModelTable {
    private KernelModelTable() {}

    /** One form's table on {@code d}: a row per kernel and a total. */
    static void print(PrintWriter o, KernelModel m, DeviceSpec d, LaunchCosts c) {
        List<KernelCost> ks = m.kernels(d);
        if (m.form() == RecurrentForm.FUSED) {
            int barriers = ks.stream().mapToInt(KernelCost::gridBarriers).sum();
            o.printf(Locale.ROOT, "%s form, 1 kernel per iteration (%d blocks, %d grid barriers; G or H per entry in shared memory):%n", m.formName(),
                    ks.get(0).blocks(), barriers);
        } else {
            o.printf(Locale.ROOT, "%s form, %d kernels per iteration (G/H in %d sample range%s):%n", m.formName(), m.launches(d), m.ghSplits(),
                    m.ghSplits() == 1 ? "" : "s");
        }
        o.printf(Locale.ROOT, "  %-50s %8s %10s %10s %10s %10s %10s %12s %6s %12s%n", "kernel", "launches", "GFLOP", "MB", "compute_ms", "memory_ms",
                "launch_ms", "roofline_ms", "bound", "designed_ms");
        double flops = 0, bytes = 0, compute = 0, memory = 0, overhead = 0, roof = 0, designed = 0;
        for (KernelCost k : ks) {
            o.printf(Locale.ROOT, "  %-50s %8d %10.3f %10.2f %10.4f %10.4f %10.4f %12.4f %6s %12.4f%n", k.name(), k.launches(), k.flops() / 1e9,
                    k.bytes() / 1e6, 1e3 * k.computeSeconds(d), 1e3 * k.memorySeconds(d), 1e3 * k.overheadSeconds(c),
                    1e3 * k.rooflineSeconds(d, c), k.hasDesignBound() ? String.format(Locale.ROOT, "%.1f%%", 100 * k.designedFraction()) : "-",
                    1e3 * k.designedSeconds(d, c));
            flops += k.flops();
            bytes += k.bytes();
            compute += k.computeSeconds(d);
            memory += k.memorySeconds(d);
            overhead += k.overheadSeconds(c);
            roof += k.rooflineSeconds(d, c);
            designed += k.designedSeconds(d, c);
        }
        o.printf(Locale.ROOT, "  %-50s %8d %10.3f %10.2f %10.4f %10.4f %10.4f %12.4f %6s %12.4f%n", "total", m.launches(d), flops / 1e9,
                bytes / 1e6, 1e3 * compute, 1e3 * memory, 1e3 * overhead, 1e3 * roof, "", 1e3 * designed);
        o.printf(Locale.ROOT, "  roofline %.3f ms per iteration; as designed %.3f ms (the kernels marked with a bound at that fraction of their "
                + "peak, FP32 or the TF32 tensor peak for the _tc kernels, on the SMs one launch fills: a bound from the code's structure, not "
                + "measured)%n", 1e3 * roof, 1e3 * designed);
    }

    /** The assumptions under every table. */
    static void printAssumptions(PrintWriter o, DeviceSpec d, LaunchCosts c) {
        o.printf(Locale.ROOT, "device %s: %.1f TFLOP/s FP32 (no tensor cores), %.1f TFLOP/s dense TF32 on tensor cores, %.2f TB/s, %d SMs "
                + "(vendor datasheet)%n", d.name(), d.fp32FlopsPerSecond() / 1e12, d.tf32TensorFlopsPerSecond() / 1e12,
                d.dramBytesPerSecond() / 1e12, d.sms());
        o.printf(Locale.ROOT, "launch costs assumed: %.1f us per launch on the stream, %.1f us per further CUDA graph node, %.1f us per grid "
                + "barrier%n", 1e6 * c.streamLaunchSeconds(), 1e6 * c.graphNodeSeconds(), 1e6 * c.gridBarrierSeconds());
        o.println("bytes: each tensor once per pass; W once per step (tiled, blocked) or once per iteration (persistent, fused); L2 re-reads not counted");
    }
}
