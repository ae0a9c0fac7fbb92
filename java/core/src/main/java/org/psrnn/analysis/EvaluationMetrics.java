package org.psrnn.analysis;

/**
 * What an evaluation measures of the network beyond loss and performance, for the preprint's
 * three mechanisms and its rank claim: the STRONG set's turnover, the Hebbian term's alignment
 * with the task gradient, the growth of WEAK synapses, and the rank of W and of {@code W - W_init}.
 * metrics.csv writes them in the order of {@link #NAMES}.
 *
 * @param turnover   how the STRONG set has moved
 * @param alignment  H against {@code -G} on WEAK entries (on the held-out batch)
 * @param weak       the size of WEAK synapses
 * @param rank       the ranks of W (all NaN where they are left to the end of training)
 * @param changeRank the ranks of {@code W - W_init} (likewise)
 */
public record EvaluationMetrics(Turnover turnover, HebbianAlignment alignment, WeakGrowth weak, Ranks rank, Ranks changeRank) {
    /** Column names, in the order of {@link #values()}. */
    public static final String[] NAMES = {"ever_strong_fraction", "jaccard_previous", "jaccard_initial", "hebb_grad_cosine",
        "hebb_grad_sign_agreement", "weak_abs_mean", "weak_abs_p99", "weak_above_theta", "effective_rank", "participation_ratio",
        "rank_90", "effective_rank_change", "participation_ratio_change", "rank_90_change"};

    /** The columns that count something, written as integers. */
    public static final java.util.Set<String> COUNTS = java.util.Set.of("weak_above_theta", "rank_90", "rank_90_change");

    /** Nothing measured: a row of a metrics.csv written before these columns existed. */
    public static final EvaluationMetrics NONE = fromValues(nans());

    private static double[] nans() {
        double[] v = new double[NAMES.length];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    public double[] values() {
        return new double[] {turnover.everStrongFraction(), turnover.jaccardPrevious(), turnover.jaccardInitial(), alignment.cosine(),
            alignment.signAgreement(), weak.meanAbs(), weak.p99Abs(), weak.aboveTheta(), rank.effectiveRank(), rank.participationRatio(),
            rank.rank90(), changeRank.effectiveRank(), changeRank.participationRatio(), changeRank.rank90()};
    }

    /** The metrics whose {@link #values()} are {@code v}. */
    public static EvaluationMetrics fromValues(double[] v) {
        if (v.length != NAMES.length) throw new IllegalArgumentException("expected " + NAMES.length + " values, got " + v.length);
        return new EvaluationMetrics(new Turnover(v[0], v[1], v[2]), new HebbianAlignment(v[3], v[4]), new WeakGrowth(v[5], v[6], v[7]),
                new Ranks(v[8], v[9], v[10]), new Ranks(v[11], v[12], v[13]));
    }
}
