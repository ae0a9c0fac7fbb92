package org.psrnn.analysis;

/**
 * MODEL.md's "Structure metrics" of a recurrent matrix W.
 *
 * @param antisymmetry             {@code ||W_a|| / (||W_s|| + ||W_a||)}: 0 symmetric, 1 antisymmetric, ~0.5 i.i.d.
 * @param pairCorrelation          Pearson correlation of the pairs {@code (W[i][j], W[j][i])}, {@code i < j}
 * @param bimodality               Sarle's coefficient of {@code |W|}; above 5/9 suggests bimodal
 * @param logBimodality            Sarle's coefficient of {@code log10 |W|} (zero entries left out)
 * @param effectiveRank            {@code exp(entropy of s / sum s)} over the singular values of W
 * @param participationRatio       {@code (sum s^2)^2 / sum s^4} of W
 * @param changeEffectiveRank      effective rank of {@code W - W_init}
 * @param changeParticipationRatio participation ratio of {@code W - W_init}
 * @param nonNormality             {@code 1 - sum |lambda|^2 / ||W||_F^2}: 0 normal, towards 1 feedforward
 * @param strongFraction           the share of STRONG synapses
 */
public record StructureMetrics(double antisymmetry, double pairCorrelation, double bimodality, double logBimodality,
                               double effectiveRank, double participationRatio, double changeEffectiveRank,
                               double changeParticipationRatio, double nonNormality, double strongFraction) {

    /** Column names, in the order of {@link #values()}. */
    public static final String[] NAMES = {"antisymmetry", "pair_correlation", "bimodality_abs", "bimodality_log_abs",
        "effective_rank", "participation_ratio", "effective_rank_change", "participation_ratio_change",
        "non_normality", "strong_fraction"};

    /**
     * Where each value stands against a known case, in the order of {@link #NAMES}: the one wording
     * the terminal (train, analyze, demo) and report.html give a reader ("" where there is none).
     */
    private static final String[] REFERENCES = {"0 symmetric, 1 antisymmetric, about 0.5 for i.i.d. entries",
        "1 symmetric, -1 antisymmetric, about 0 for i.i.d. entries", "above 5/9 suggests two modes", "above 5/9 suggests two modes",
        "1 to N", "1 to N", "1 to N", "1 to N", "0 for a normal matrix, towards 1 for a feed-forward one", "share of STRONG synapses"};

    /** The reference of the metric called {@code name} (one of {@link #NAMES}). */
    public static String reference(String name) {
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equals(name)) return REFERENCES[i];
        throw new IllegalArgumentException("no structure metric " + name);
    }

    public double[] values() {
        return new double[] {antisymmetry, pairCorrelation, bimodality, logBimodality, effectiveRank, participationRatio,
            changeEffectiveRank, changeParticipationRatio, nonNormality, strongFraction};
    }
}
