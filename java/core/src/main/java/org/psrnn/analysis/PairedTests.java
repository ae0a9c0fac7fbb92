package org.psrnn.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Paired two-sided tests between two rules across seeds (seed s of one rule is paired with seed s
 * of the other: same initial weights, same trials). The choices follow scipy.stats so that the
 * numbers can be checked against it (java/core/src/test/python/stats_golden.py).
 */
public final class PairedTests {
    /** Pairs up to this many are tested by enumerating every sign flip. */
    public static final int EXACT_FLIPS_UP_TO = 20;
    /** Random sign flips drawn beyond that (fixed seed: the p-value repeats). */
    public static final int RANDOM_FLIPS = 200_000;

    private PairedTests() {}

    /**
     * The Wilcoxon signed-rank test of {@code x - y}.
     *
     * @param statistic the smaller of the positive and negative rank sums (scipy's statistic)
     * @param n         pairs with a non-zero difference
     * @param method    {@code exact}, {@code permutation} or {@code normal}
     */
    public record Wilcoxon(double statistic, double pValue, int n, String method) {}

    /**
     * Zero differences are dropped, ties get average ranks. The p-value is exact (the signed-rank
     * distribution) for up to 50 pairs without ties or zeros; with ties or zeros and up to 13
     * pairs it enumerates every sign flip of the ranks; otherwise it is the normal approximation
     * with the tie correction and no continuity correction. (scipy.stats.wilcoxon's defaults.)
     */
    public static Wilcoxon wilcoxon(double[] x, double[] y) {
        double[] d = differences(x, y);
        int zeros = 0;
        for (double v : d) if (v == 0) zeros++;
        double[] nz = Arrays.stream(d).filter(v -> v != 0).toArray();
        int n = nz.length;
        if (n == 0) return new Wilcoxon(0, 1, 0, "exact");
        double[] abs = Arrays.stream(nz).map(Math::abs).toArray();
        double[] ranks = averageRanks(abs);
        double plus = 0, minus = 0;
        for (int i = 0; i < n; i++) {
            if (nz[i] > 0) plus += ranks[i];
            else minus += ranks[i];
        }
        double statistic = Math.min(plus, minus);
        boolean ties = hasTies(abs);
        if (!ties && zeros == 0 && n <= 50) return new Wilcoxon(statistic, exactSignedRank(n, plus), n, "exact");
        if (n <= 13) return new Wilcoxon(statistic, flipRanks(ranks, plus), n, "permutation");
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieCorrection(abs) / 48.0;
        double z = (statistic - mean) / Math.sqrt(var);
        return new Wilcoxon(statistic, Math.min(1.0, 2 * normalCdf(-Math.abs(z))), n, "normal");
    }

    /**
     * The paired permutation test of the mean difference: every sign flip of the differences
     * (up to {@link #EXACT_FLIPS_UP_TO} pairs; beyond, {@link #RANDOM_FLIPS} random ones). Two-sided:
     * twice the smaller one-sided p-value (scipy.stats.permutation_test).
     */
    public static double signFlip(double[] x, double[] y) {
        double[] d = differences(x, y);
        int n = d.length;
        double observed = 0;
        for (double v : d) observed += v;
        double tol = 1e-12 * Math.max(1.0, Math.abs(observed));
        long atMost = 0, atLeast = 0, total;
        if (n <= EXACT_FLIPS_UP_TO) {
            total = 1L << n;
            for (long mask = 0; mask < total; mask++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += ((mask >>> i) & 1) == 0 ? d[i] : -d[i];
                if (s <= observed + tol) atMost++;
                if (s >= observed - tol) atLeast++;
            }
            return Math.min(1.0, 2.0 * Math.min(atMost, atLeast) / total);
        }
        SplittableRandom rng = new SplittableRandom(20261127);
        total = RANDOM_FLIPS;
        for (int r = 0; r < RANDOM_FLIPS; r++) {
            double s = 0;
            for (double v : d) s += rng.nextBoolean() ? v : -v;
            if (s <= observed + tol) atMost++;
            if (s >= observed - tol) atLeast++;
        }
        return Math.min(1.0, 2.0 * (Math.min(atMost, atLeast) + 1) / (total + 1));
    }

    private static double[] differences(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("paired samples of different sizes: " + x.length + ", " + y.length);
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) d[i] = x[i] - y[i];
        return d;
    }

    /** Ranks 1..n of {@code a}, ties sharing their average rank. */
    static double[] averageRanks(double[] a) {
        int n = a.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(a[p], a[q]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && a[order[j + 1]] == a[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    private static boolean hasTies(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        for (int i = 1; i < s.length; i++) if (s[i] == s[i - 1]) return true;
        return false;
    }

    /** {@code sum (t^3 - t)} over groups of t tied values. */
    private static double tieCorrection(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        double c = 0;
        for (int i = 0; i < s.length; ) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) j++;
            double t = j - i + 1;
            c += t * t * t - t;
            i = j + 1;
        }
        return c;
    }

    /** Two-sided p of a positive rank sum {@code plus} among ranks 1..n, from the exact distribution. */
    private static double exactSignedRank(int n, double plus) {
        int max = n * (n + 1) / 2;
        double[] count = new double[max + 1];
        count[0] = 1;
        for (int r = 1; r <= n; r++) {
            for (int s = max; s >= r; s--) count[s] += count[s - r];
        }
        double total = Math.pow(2, n);
        int w = (int) Math.round(plus);
        double low = 0, high = 0;
        for (int s = 0; s <= max; s++) {
            if (s <= w) low += count[s];
            if (s >= w) high += count[s];
        }
        return Math.min(1.0, 2 * Math.min(low, high) / total);
    }

    /** Two-sided p of the positive rank sum over every sign flip of (average) ranks. */
    private static double flipRanks(double[] ranks, double plus) {
        int n = ranks.length;
        long total = 1L << n;
        long low = 0, high = 0;
        for (long mask = 0; mask < total; mask++) {
            double s = 0;
            for (int i = 0; i < n; i++) if (((mask >>> i) & 1) != 0) s += ranks[i];
            if (s <= plus + 1e-9) low++;
            if (s >= plus - 1e-9) high++;
        }
        return Math.min(1.0, 2.0 * Math.min(low, high) / total);
    }

    /** The standard normal CDF, from erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
