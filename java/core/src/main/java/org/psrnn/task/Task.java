package org.psrnn.task;

import java.util.SplittableRandom;
import org.psrnn.model.LossKind;

/**
 * A cognitive task: how trials are drawn and coded, what the network must output, and what
 * counts as correct. Trials are drawn from a generator the caller seeds (MODEL.md's trial
 * stream), so every engine trains on the same data.
 */
public abstract class Task {
    protected final TaskConfig config;

    protected Task(TaskConfig config) {
        this.config = config;
    }

    public TaskConfig config() {
        return config;
    }

    /** The canonical name ({@code DelayMatchSample}). */
    public abstract String name();

    /** One paragraph: periods and durations, input coding, outputs, what counts as correct. */
    public abstract String description();

    /** Input channels {@code n_in}. */
    public abstract int inputs();

    /** Output channels {@code n_out}: actions for {@code xent} (0 = fixate), values for {@code mse}. */
    public abstract int outputs();

    /** The loss the task is trained with by default. */
    public LossKind loss() {
        return LossKind.XENT;
    }

    /** The length of every batch in steps: the longest trial the task can draw. */
    public abstract int maxSteps();

    /** A new trial drawn from {@code rng}. */
    public abstract Trial trial(SplittableRandom rng);

    /**
     * Whether the network's outputs {@code y[t][k]} ({@code maxSteps * n_out}) for {@code trial}
     * are correct. For the decision tasks: the action with the largest output summed over the
     * decision period is the ground truth.
     */
    public boolean correct(Trial trial, double[] y) {
        return chosenAction(trial, y) == trial.groundTruth();
    }

    /**
     * The action the outputs {@code y[t][k]} ({@code maxSteps * n_out}) choose in {@code trial}'s
     * decision period: the one with the largest output summed over it, the lowest on a tie (0,
     * fixation, where the network keeps fixating). A task without a decision period has none.
     */
    public int chosenAction(Trial trial, double[] y) {
        Period decision = trial.period("decision").orElseThrow(() -> new IllegalArgumentException(name() + " has no decision period"));
        int n = outputs();
        int best = 0;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int t = decision.start(); t < decision.end(); t++) sum += y[t * n + k];
            if (sum > bestSum) {
                bestSum = sum;
                best = k;
            }
        }
        return best;
    }

    /**
     * The task's psychometric design (MODEL.md "Psychometric curve"), where its answer follows the
     * sign of one stimulus value; empty for the others.
     */
    public java.util.Optional<Psychometric> psychometric() {
        return this instanceof Psychometric p ? java.util.Optional.of(p) : java.util.Optional.empty();
    }

    /** The expected performance of an output that ignores the input (for balanced trials). */
    public abstract double chance();

    /**
     * The performance of a network that keeps fixating (action 0) through the decision period, as
     * an untrained one often does: it scores only where fixating is the answer, so a run can start
     * below {@link #chance()}. NaN for a task without a fixation action.
     */
    public double fixatingScore() {
        return 0.0;
    }

    /**
     * The best performance any network can reach: that of an ideal observer that knows how trials
     * are drawn and sees the noisy inputs. Below 1 where input noise or uninformative trials hide
     * the answer; a criterion at or above it may never be reached.
     */
    public double ceiling() {
        return 1.0;
    }

    /**
     * The performance counted as learned when a run does not set {@code criterion}: 0.9, or lower
     * where {@link #ceiling()} leaves too little room above it for a network to get there.
     */
    public double defaultCriterion() {
        return 0.9;
    }

    /**
     * The probability that the sign of a normal statistic of mean {@code mean} >= 0 and standard
     * deviation {@code sd} is positive: how often an ideal observer reading that sign is right.
     */
    protected static double signRight(double mean, double sd) {
        if (mean == 0) return 0.5;
        if (sd == 0) return 1.0;
        return org.psrnn.analysis.PairedTests.normalCdf(mean / sd);
    }

    /**
     * The ideal observer of a random-dots stimulus from {@code startMs} to {@code endMs}, with the
     * coherences drawn uniformly: the two ring units' difference summed over the stimulus has mean
     * {@code n coh / 100} towards the answer and s.d. {@code sqrt(2 n)} times the input noise.
     */
    protected double coherenceCeiling(double startMs, double endMs, double[] coherences) {
        int n = stepsBetween(startMs, endMs);
        double sd = Math.sqrt(2.0 * n) * config.inputNoiseSd();
        double sum = 0;
        for (double coh : coherences) sum += signRight(n * coh / 100, sd);
        return sum / coherences.length;
    }

    /** The steps of a period from {@code startMs} to {@code endMs}, laid out as {@link TrialBuilder} lays it. */
    protected int stepsBetween(double startMs, double endMs) {
        return (int) (endMs / config.dt()) - (int) (startMs / config.dt());
    }

    /** {@code int(ms / dt)}: a duration in steps, as NeuroGym converts it. */
    protected int steps(double ms) {
        return (int) (ms / config.dt());
    }

    protected TrialBuilder builder() {
        return new TrialBuilder(config.dt(), maxSteps(), inputs(), outputs());
    }

    /** A uniformly chosen element. */
    protected static double choice(SplittableRandom rng, double[] values) {
        return values[rng.nextInt(values.length)];
    }
}
