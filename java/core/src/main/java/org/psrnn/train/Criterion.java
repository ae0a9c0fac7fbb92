package org.psrnn.train;

import java.util.OptionalLong;

/**
 * Trials to criterion: the training trials (iterations x batch) at the first of two consecutive
 * evaluations with performance at or above the criterion.
 */
public final class Criterion {
    private final double threshold;
    private long candidateTrials = -1; // trials at the last evaluation, if it reached the criterion
    private long trialsToCriterion = -1;

    public Criterion(double threshold) {
        this.threshold = threshold;
    }

    /** A criterion continuing from a checkpoint: {@code candidateTrials} and {@code trialsToCriterion} as {@link #state()} gave them. */
    public Criterion(double threshold, long candidateTrials, long trialsToCriterion) {
        this.threshold = threshold;
        this.candidateTrials = candidateTrials;
        this.trialsToCriterion = trialsToCriterion;
    }

    /** {@code {candidateTrials, trialsToCriterion}}, -1 for "none", to save in a checkpoint. */
    public long[] state() {
        return new long[] {candidateTrials, trialsToCriterion};
    }

    /** Records an evaluation at {@code trials} with {@code performance}; true once trials to criterion is known. */
    public boolean record(long trials, double performance) {
        if (trialsToCriterion >= 0) return true;
        if (performance >= threshold) {
            if (candidateTrials >= 0) {
                trialsToCriterion = candidateTrials;
                return true;
            }
            candidateTrials = trials;
        } else {
            candidateTrials = -1;
        }
        return false;
    }

    public OptionalLong trialsToCriterion() {
        return trialsToCriterion >= 0 ? OptionalLong.of(trialsToCriterion) : OptionalLong.empty();
    }

    public double threshold() {
        return threshold;
    }
}
