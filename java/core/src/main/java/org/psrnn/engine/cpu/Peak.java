package org.psrnn.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float32 roof, measured: every thread runs fused multiply-adds on sixteen
 * independent register accumulators (no memory traffic), the best a kernel here can do.
 */
public final class Peak {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private Peak() {}

    /** GFLOP/s of {@code threads} threads running the FMA loop for about {@code seconds}; NaN without the Vector API. */
    public static double measureGflops(int threads, double seconds) {
        if (Kernels.best() != VectorKernels.INSTANCE) return Double.NaN;
        long[] flops = new long[threads];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        try (WorkerPool pool = new WorkerPool(threads)) {
            fma(1000); // compile before timing
            long start = System.nanoTime();
            pool.run(part -> {
                long done = 0;
                float sink = 0;
                while (System.nanoTime() < end) {
                    sink += fma(100_000);
                    done += 100_000L * 16 * F.length() * 2;
                }
                flops[part] = done + (sink == 42 ? 1 : 0);
            });
            double elapsed = (System.nanoTime() - start) / 1e9;
            long total = 0;
            for (long f : flops) total += f;
            return total / elapsed / 1e9;
        }
    }

    private static float fma(int rounds) {
        FloatVector a = FloatVector.broadcast(F, 0.999f), b = FloatVector.broadcast(F, 1e-6f);
        FloatVector c0 = FloatVector.broadcast(F, 1f), c1 = c0.add(1f), c2 = c0.add(2f), c3 = c0.add(3f), c4 = c0.add(4f);
        FloatVector c5 = c0.add(5f), c6 = c0.add(6f), c7 = c0.add(7f), c8 = c0.add(8f), c9 = c0.add(9f), c10 = c0.add(10f);
        FloatVector c11 = c0.add(11f), c12 = c0.add(12f), c13 = c0.add(13f), c14 = c0.add(14f), c15 = c0.add(15f);
        for (int i = 0; i < rounds; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
            c12 = c12.fma(a, b);
            c13 = c13.fma(a, b);
            c14 = c14.fma(a, b);
            c15 = c15.fma(a, b);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).add(c12)
                .add(c13).add(c14).add(c15);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
