package org.psrnn.analysis;

import java.util.Arrays;

/**
 * How far WEAK synapses have grown: the third of the preprint's mechanisms says switching keeps
 * Hebbian synapses out of unfavourable regions, because one that grows past theta becomes STRONG.
 * Without switching (preset {@code fixed}) nothing stops that growth; with hysteresis or the
 * stochastic mode a WEAK synapse can sit above theta for a while.
 *
 * @param meanAbs    mean {@code |W|} over WEAK entries (NaN with none)
 * @param p99Abs     99th percentile of {@code |W|} over WEAK entries, interpolated linearly
 *                   ({@code numpy.percentile}'s default; NaN with none)
 * @param aboveTheta WEAK entries with {@code |W| >= theta}, the threshold a STRONG synapse is held
 *                   to (NaN where theta is unknown)
 */
public record WeakGrowth(double meanAbs, double p99Abs, double aboveTheta) {
    /** The growth of the WEAK entries ({@code strong} 0) of {@code w}. */
    public static WeakGrowth of(double[] w, byte[] strong, double theta) {
        if (w.length != strong.length) throw new IllegalArgumentException("W and S of " + w.length + " and " + strong.length + " entries");
        double[] abs = new double[w.length];
        int n = 0;
        long above = 0;
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            if (strong[i] != 0) continue;
            double a = Math.abs(w[i]);
            abs[n++] = a;
            sum += a;
            if (a >= theta) above++;
        }
        if (n == 0) return new WeakGrowth(Double.NaN, Double.NaN, Double.isNaN(theta) ? Double.NaN : 0);
        double[] sorted = Arrays.copyOf(abs, n);
        Arrays.sort(sorted);
        return new WeakGrowth(sum / n, percentile(sorted, 99), Double.isNaN(theta) ? Double.NaN : above);
    }

    /** The {@code q}-th percentile (0 to 100) of the ascending {@code sorted}, linear between neighbours. */
    static double percentile(double[] sorted, double q) {
        double position = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }
}
