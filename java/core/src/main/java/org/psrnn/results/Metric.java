package org.psrnn.results;

import java.util.Locale;

/**
 * What a comparison summarises and tests for every run: trials to criterion, final performance,
 * MODEL.md's structure metrics of the trained W, the run's plasticity (STRONG-set turnover,
 * Hebbian alignment), and the fit of its psychometric curve where the task has one (undefined
 * for the others). {@link #key()} is the name summary.json, summary.csv and the reports use
 * ({@code StructureMetrics.NAMES} for the structure metrics, {@code PlasticitySummary.NAMES} for
 * the plasticity ones, {@code psychometric_} and the fit's name for the psychometric ones).
 */
public enum Metric {
    TRIALS_TO_CRITERION,
    FINAL_PERFORMANCE,
    ANTISYMMETRY,
    PAIR_CORRELATION,
    BIMODALITY_ABS,
    BIMODALITY_LOG_ABS,
    EFFECTIVE_RANK,
    PARTICIPATION_RATIO,
    EFFECTIVE_RANK_CHANGE,
    PARTICIPATION_RATIO_CHANGE,
    NON_NORMALITY,
    STRONG_FRACTION,
    RANK_90,
    RANK_90_CHANGE,
    WEAK_ABS_MEAN,
    WEAK_ABS_P99,
    WEAK_ABOVE_THETA,
    BIMODALITY_ABS_OUTSIDE_BAND,
    BIMODALITY_ABS_WEAK,
    BIMODALITY_ABS_STRONG,
    EVER_STRONG_FRACTION,
    JACCARD_INITIAL,
    JACCARD_PREVIOUS_MEAN,
    HEBB_GRAD_COSINE_MEAN,
    HEBB_GRAD_SIGN_AGREEMENT_MEAN,
    PSYCHOMETRIC_BIAS,
    PSYCHOMETRIC_THRESHOLD,
    PSYCHOMETRIC_SLOPE;

    /** The metric's name in files: "trials_to_criterion", "antisymmetry", ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it is one of MODEL.md's structure metrics (read from a run's summary "structure"). */
    public boolean structural() {
        return ordinal() >= ANTISYMMETRY.ordinal() && ordinal() < EVER_STRONG_FRACTION.ordinal();
    }

    /** Whether it describes the run's plasticity (read from a run's summary "plasticity"). */
    public boolean plasticity() {
        return ordinal() >= EVER_STRONG_FRACTION.ordinal() && ordinal() < PSYCHOMETRIC_BIAS.ordinal();
    }

    /** Whether it is a number of the fit of the run's psychometric curve (read from a run's summary "psychometric"). */
    public boolean psychometric() {
        return ordinal() >= PSYCHOMETRIC_BIAS.ordinal();
    }

    /**
     * The value for one run; a run that never reached the criterion (or diverged first) gives
     * {@code budget} trials, a lower bound of its trials to criterion; NaN where a metric is
     * undefined or not recorded.
     */
    public double of(RunSummary run, double budget) {
        return switch (this) {
            case TRIALS_TO_CRITERION -> run.trialsToCriterion() != null ? run.trialsToCriterion() : budget;
            case FINAL_PERFORMANCE -> run.finalPerformance();
            case PSYCHOMETRIC_BIAS -> run.psychometric() == null ? Double.NaN : run.psychometric().biasValue();
            case PSYCHOMETRIC_THRESHOLD -> run.psychometric() == null ? Double.NaN : run.psychometric().thresholdValue();
            case PSYCHOMETRIC_SLOPE -> run.psychometric() == null ? Double.NaN : run.psychometric().slopeValue();
            default -> plasticity() ? run.plasticity(key()) : run.structure(key());
        };
    }

    /** The metric called {@code key} in files. */
    public static Metric of(String key) {
        for (Metric m : values()) if (m.key().equals(key)) return m;
        throw new IllegalArgumentException("no metric " + key);
    }
}
