package org.psrnn.analysis;

import java.util.Arrays;

/** Mean, standard error of the mean and median of a sample; NaN where undefined. */
public record Describe(int n, double mean, double sem, double median) {
    public static Describe of(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        int n = v.length;
        if (n == 0) return new Describe(0, Double.NaN, Double.NaN, Double.NaN);
        double mean = Arrays.stream(v).sum() / n;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        double sem = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Describe(n, mean, sem, median);
    }
}
