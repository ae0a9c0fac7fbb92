package org.psrnn.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.psrnn.model.LossKind;

/**
 * The best achievable performance each task states, against an ideal observer run on the task's
 * own trials; and the default criteria below it.
 */
class TaskCeilingTest {
    private static final int TRIALS = 20_000;

    /** The ideal observer's share of right answers on trials drawn from {@code task}, and that share's s.e. */
    private static double[] observed(Task task, ToIntFunction<Trial> observer) {
        SplittableRandom rng = new SplittableRandom(21);
        int right = 0;
        for (int n = 0; n < TRIALS; n++) {
            Trial t = task.trial(rng);
            if (observer.applyAsInt(t) == t.groundTruth()) right++;
        }
        double p = right / (double) TRIALS;
        return new double[] {p, Math.sqrt(p * (1 - p) / TRIALS)};
    }

    /** Channel {@code a} minus channel {@code b} summed over period {@code name}. */
    private static double difference(Trial t, int nIn, String name, int a, int b) {
        Period p = t.period(name).orElseThrow();
        double d = 0;
        for (int s = p.start(); s < p.end(); s++) d += t.inputs()[s * nIn + a] - t.inputs()[s * nIn + b];
        return d;
    }

    private static double mean(Trial t, int nIn, String name, int channel) {
        Period p = t.period(name).orElseThrow();
        double m = 0;
        for (int s = p.start(); s < p.end(); s++) m += t.inputs()[s * nIn + channel];
        return m / p.length();
    }

    private static void agrees(Task task, ToIntFunction<Trial> observer) {
        double[] o = observed(task, observer);
        double ceiling = task.ceiling();
        assertTrue(Math.abs(o[0] - ceiling) <= 4 * o[1] + 1e-4, task.name() + ": the ideal observer scores " + o[0] + " +- " + o[1]
                + " on the task's trials, the task states " + ceiling);
    }

    @Test
    void perceptualDecisionMakingCeilingIsTheSignOfTheEvidence() {
        Task pdm = new PerceptualDecisionMaking(TaskConfig.DEFAULT);
        agrees(pdm, t -> difference(t, 3, "stimulus", 1, 2) > 0 ? 1 : 2);
        // By hand: the mean over coherences {0, 6.4, 12.8, 25.6, 51.2} of Phi(coh / 100 * sqrt(100 / 2) / (1 / sqrt(20))),
        // 0.5, 0.97852, 0.99997, 1, 1.
        assertEquals(0.89570, pdm.ceiling(), 1e-4);
        // Without input noise only the coherence-0 trials are a coin flip.
        assertEquals(0.9, new PerceptualDecisionMaking(new TaskConfig(20, 0, 5)).ceiling(), 1e-12);
    }

    @Test
    void contextDecisionMakingCeilingReadsTheCuedModality() {
        Task cdm = new ContextDecisionMaking(TaskConfig.DEFAULT);
        agrees(cdm, t -> {
            Period stim = t.period("stimulus").orElseThrow();
            int context = t.inputs()[stim.start() * 7 + 5] > 0.5 ? 0 : 1; // the cue, as the network sees it
            return difference(t, 7, "stimulus", 1 + 2 * context, 2 + 2 * context) > 0 ? 1 : 2;
        });
        assertEquals(1.0, new ContextDecisionMaking(new TaskConfig(20, 0, 5)).ceiling(), 1e-12);
    }

    @Test
    void delayMatchSampleCeilingFallsOnlyWithMuchInputNoise() {
        assertEquals(1.0, new DelayMatchSample(TaskConfig.DEFAULT).ceiling(), 1e-9);
        Task noisy = new DelayMatchSample(new TaskConfig(20, 10, 5));
        assertTrue(noisy.ceiling() < 0.95, "noisy enough to test: " + noisy.ceiling());
        agrees(noisy, t -> (difference(t, 3, "sample", 1, 2) > 0) == (difference(t, 3, "test", 1, 2) > 0)
                ? DelayMatchSample.MATCH : DelayMatchSample.NON_MATCH);
    }

    @Test
    void delayComparisonCeilingIsTheBayesObserversScore() {
        assertEquals(1.0, new DelayComparison(new TaskConfig(20, 0, 5)).ceiling(), 1e-12);
        for (double noise : new double[] {1, 3}) {
            TaskConfig config = new TaskConfig(20, noise, 5);
            Task dc = new DelayComparison(config);
            double sd = config.inputNoiseSd() / 5; // s.d. of a mean over a stimulus of 25 steps
            double[][] pairs = {{18, 10}, {22, 14}, {26, 18}, {30, 22}, {34, 26}};
            // The posterior of "f1 > f2" from the two means, over the ten (f1, f2) the task draws.
            agrees(dc, t -> {
                double m1 = mean(t, 2, "stimulus1", 1), m2 = mean(t, 2, "stimulus2", 1);
                double higher = 0, lower = 0;
                for (double[] p : pairs) {
                    higher += like(m1, p[0], sd) * like(m2, p[1], sd);
                    lower += like(m1, p[1], sd) * like(m2, p[0], sd);
                }
                return higher > lower ? 1 : 2;
            });
            // Comparing the two means alone does no better.
            double[] plain = observed(dc, t -> mean(t, 2, "stimulus1", 1) > mean(t, 2, "stimulus2", 1) ? 1 : 2);
            assertTrue(plain[0] <= dc.ceiling() + 4 * plain[1], noise + ": " + plain[0] + " vs " + dc.ceiling());
        }
    }

    /** The likelihood of a stimulus mean {@code m} for frequency {@code f}, coded as the task codes it. */
    private static double like(double m, double f, double sd) {
        double z = (m - (1 + (f - 10) / 24) / 2) / sd;
        return Math.exp(-0.5 * z * z);
    }

    @Test
    void noiselessTasksReachOne() {
        assertEquals(1.0, new GoNogo(TaskConfig.DEFAULT).ceiling());
        assertEquals(1.0, new FlipFlop(TaskConfig.DEFAULT).ceiling());
    }

    /** Every default criterion lies below the task's ceiling; DelayMatchSample's stays 0.9, PDM's is docs/EXPERIMENTS.md's 0.8. */
    @ParameterizedTest
    @MethodSource("org.psrnn.task.TaskTest#taskNames")
    void defaultCriterionLiesBelowTheCeiling(String name) {
        Task task = Tasks.create(name, TaskConfig.DEFAULT);
        assertTrue(task.defaultCriterion() < task.ceiling() - 0.04, name + ": " + task.defaultCriterion() + " vs " + task.ceiling());
        assertTrue(task.defaultCriterion() > task.chance(), name);
        if (name.equals("DelayMatchSample")) assertEquals(0.9, task.defaultCriterion());
        if (name.equals("PerceptualDecisionMaking")) assertEquals(0.8, task.defaultCriterion());
    }

    /** What a network that only fixates scores, as the task states it, against such outputs on the task's trials. */
    @ParameterizedTest
    @MethodSource("org.psrnn.task.TaskTest#taskNames")
    void fixatingScoresWhatTheTaskStates(String name) {
        Task task = Tasks.create(name, TaskConfig.DEFAULT);
        if (task.loss() != LossKind.XENT) {
            assertTrue(Double.isNaN(task.fixatingScore()), name + " has no fixation action");
            return;
        }
        int size = 2000, steps = task.maxSteps(), nOut = task.outputs();
        var batch = TaskBatches.evaluation(task, 13, size, task.loss());
        double[] fixating = new double[steps * size * nOut];
        for (int i = 0; i < fixating.length; i += nOut) fixating[i] = 1.0;
        assertEquals(task.fixatingScore(), TaskBatches.performance(task, batch, fixating), 0.04, name);
    }
}
