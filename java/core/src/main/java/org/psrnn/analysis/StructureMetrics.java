package org.psrnn.analysis;

/**
 * MODEL.md's "Structure metrics" of a recurrent matrix W, with what the preprint's claims need
 * besides: the rank under each definition, the growth of WEAK synapses, and the bimodality of
 * {@code |W|} with the pile-up below theta left out and by synapse state.
 *
 * @param antisymmetry   {@code ||W_a|| / (||W_s|| + ||W_a||)}: 0 symmetric, 1 antisymmetric, ~0.5 i.i.d.
 * @param pairCorrelation Pearson correlation of the pairs {@code (W[i][j], W[j][i])}, {@code i < j}
 * @param bimodality     Sarle's coefficient of {@code |W|}; above 5/9 suggests bimodal
 * @param logBimodality  Sarle's coefficient of {@code log10 |W|} (zero entries left out)
 * @param rank           effective rank, participation ratio and 90%-rank of W
 * @param changeRank     the same of {@code W - W_init}
 * @param nonNormality   {@code 1 - sum |lambda|^2 / ||W||_F^2}: 0 normal, towards 1 feedforward
 * @param strongFraction the share of STRONG synapses
 * @param weak           the size of WEAK synapses
 * @param split          bimodality without the band below theta, and of WEAK and STRONG entries apart
 */
public record StructureMetrics(double antisymmetry, double pairCorrelation, double bimodality, double logBimodality, Ranks rank,
                               Ranks changeRank, double nonNormality, double strongFraction, WeakGrowth weak, BimodalitySplit split) {

    /** Column names, in the order of {@link #values()} (new ones at the end: golden files index the first ten). */
    public static final String[] NAMES = {"antisymmetry", "pair_correlation", "bimodality_abs", "bimodality_log_abs",
        "effective_rank", "participation_ratio", "effective_rank_change", "participation_ratio_change",
        "non_normality", "strong_fraction", "rank_90", "rank_90_change", "weak_abs_mean", "weak_abs_p99", "weak_above_theta",
        "bimodality_abs_outside_band", "bimodality_abs_weak", "bimodality_abs_strong"};

    /**
     * Where each value stands against a known case, in the order of {@link #NAMES}: the one wording
     * the terminal (train, analyze, demo) and report.html give a reader ("" where there is none).
     */
    private static final String[] REFERENCES = {"0 symmetric, 1 antisymmetric, about 0.5 for i.i.d. entries",
        "1 symmetric, -1 antisymmetric, about 0 for i.i.d. entries", "above 5/9 suggests two modes", "above 5/9 suggests two modes",
        "1 to N", "1 to N", "1 to N", "1 to N", "0 for a normal matrix, towards 1 for a feed-forward one", "share of STRONG synapses",
        "singular values holding 90% of ||W||^2, 1 to N", "the same of W - W_init", "mean |W| of WEAK synapses",
        "99th percentile of |W| of WEAK synapses", "WEAK synapses with |W| >= theta",
        "|W| without [" + (1 - BimodalitySplit.BAND) + " theta, theta); above 5/9 suggests two modes",
        "|W| of WEAK synapses; above 5/9 suggests two modes", "|W| of STRONG synapses; above 5/9 suggests two modes"};

    /** The reference of the metric called {@code name} (one of {@link #NAMES}). */
    public static String reference(String name) {
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equals(name)) return REFERENCES[i];
        throw new IllegalArgumentException("no structure metric " + name);
    }

    public double[] values() {
        return new double[] {antisymmetry, pairCorrelation, bimodality, logBimodality, rank.effectiveRank(), rank.participationRatio(),
            changeRank.effectiveRank(), changeRank.participationRatio(), nonNormality, strongFraction, rank.rank90(), changeRank.rank90(),
            weak.meanAbs(), weak.p99Abs(), weak.aboveTheta(), split.outsideBand(), split.weak(), split.strong()};
    }
}
