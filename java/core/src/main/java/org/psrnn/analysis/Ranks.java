package org.psrnn.analysis;

/**
 * The rank of a matrix under the three definitions the literature on trained recurrent networks
 * uses, all from its singular values: they weigh the spectrum differently, so a claim of "lower
 * rank" is checked under each.
 *
 * @param effectiveRank      {@code exp(-sum p ln p)}, {@code p = s / sum s} (Roy and Vetterli 2007)
 * @param participationRatio {@code (sum s^2)^2 / sum s^4}
 * @param rank90             the fewest singular values (largest first) that hold 90% of the squared
 *                           Frobenius norm {@code sum s^2}
 */
public record Ranks(double effectiveRank, double participationRatio, double rank90) {
    /** The share of {@code sum s^2} that {@link #rank90} holds. */
    public static final double SHARE = 0.9;

    /** All three of the singular values {@code s}; NaN for the zero matrix. */
    public static Ranks of(double[] s) {
        return new Ranks(Structure.effectiveRank(s), Structure.participationRatio(s), holding(s, SHARE));
    }

    /** The ranks of the n-by-n row-major matrix {@code m}. */
    public static Ranks ofMatrix(double[] m, int n) {
        return of(Structure.singularValues(m, n));
    }

    /**
     * The fewest of the singular values {@code s}, taken largest first, whose squares sum to at
     * least {@code share} of {@code sum s^2}; NaN for the zero matrix. The comparison allows a
     * relative 1e-12 for rounding, so that n equal values need exactly {@code ceil(share n)}.
     */
    public static double holding(double[] s, double share) {
        double[] squares = new double[s.length];
        double total = 0;
        for (int i = 0; i < s.length; i++) {
            squares[i] = s[i] * s[i];
            total += squares[i];
        }
        if (total == 0) return Double.NaN;
        java.util.Arrays.sort(squares);
        double goal = share * total * (1 - 1e-12), sum = 0;
        for (int k = 1; k <= squares.length; k++) {
            sum += squares[squares.length - k];
            if (sum >= goal) return k;
        }
        return squares.length;
    }
}
