package org.psrnn.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.psrnn.model.LossKind;

/**
 * The psychometric trials carry the stimulus value they are built at, read back from their inputs;
 * the choice a network makes is decoded from hand-built outputs as performance decodes it.
 */
class PsychometricTrialsTest {
    private static final TaskConfig CONFIG = TaskConfig.DEFAULT;

    /** The mean of input {@code channel} over period {@code name} of {@code trial}. */
    private static double mean(Trial trial, int nIn, int channel, String name) {
        Period p = trial.period(name).orElseThrow();
        double sum = 0;
        for (int t = p.start(); t < p.end(); t++) sum += trial.inputs()[t * nIn + channel];
        return sum / p.length();
    }

    @Test
    void onlyTheTasksWhoseAnswerFollowsTheSignOfAStimulusHaveACurve() {
        for (String name : Tasks.names().keySet()) {
            Task task = Tasks.create(name, CONFIG);
            boolean has = task instanceof PerceptualDecisionMaking || task instanceof DelayComparison;
            assertEquals(has, task.psychometric().isPresent(), name);
        }
    }

    /** Ring unit 2 minus ring unit 1 over the stimulus is coh/100 towards direction 2: the signed coherence / 100, noise averaged out. */
    @Test
    void perceptualDecisionTrialsCarryTheirSignedCoherence() {
        PerceptualDecisionMaking task = new PerceptualDecisionMaking(CONFIG);
        double[] values = task.values();
        assertArrayEquals(new double[] {-51.2, -25.6, -12.8, -6.4, -3.2, 0, 3.2, 6.4, 12.8, 25.6, 51.2}, values);
        SplittableRandom rng = new SplittableRandom(3);
        int n = 200;
        for (double value : values) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                Trial trial = task.trialAt(value, rng);
                sum += mean(trial, 3, 2, "stimulus") - mean(trial, 3, 1, "stimulus");
                assertEquals(Math.abs(value), trial.info().get("coherence"));
                if (value != 0) assertEquals(value > 0 ? task.positiveChoice() : task.negativeChoice(), trial.groundTruth(), "label at " + value);
            }
            // One trial's difference has s.d. sqrt(2 / 100) * 0.224 = 0.032; the mean of 200, 0.0022.
            assertEquals(value / 100, sum / n, 0.01, "signed coherence " + value);
        }
    }

    /** Frequency channel over stimulus 1 minus over stimulus 2 is (f1 - f2) / 48 in the task's coding, noise averaged out. */
    @Test
    void delayComparisonTrialsCarryTheirFrequencyDifference() {
        DelayComparison task = new DelayComparison(CONFIG);
        SplittableRandom rng = new SplittableRandom(4);
        int n = 400;
        for (double value : task.values()) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                Trial trial = task.trialAt(value, rng);
                sum += mean(trial, 2, 1, "stimulus1") - mean(trial, 2, 1, "stimulus2");
                double f1 = trial.info().get("f1"), f2 = trial.info().get("f2");
                assertEquals(value, f1 - f2, 1e-12);
                assertTrue(f1 >= 10 && f1 <= 34 && f2 >= 10 && f2 <= 34, "within the trained range: " + f1 + ", " + f2);
                if (value != 0) assertEquals(value > 0 ? task.positiveChoice() : task.negativeChoice(), trial.groundTruth(), "label at " + value);
            }
            // One trial's difference has s.d. sqrt(2 / 25) * 0.224 = 0.063; the mean of 400, 0.0032.
            assertEquals(value / 48, sum / n, 0.012, "f1 - f2 = " + value);
        }
    }

    /** The decision is the action with the largest output summed over the decision period, not at any one step. */
    @Test
    void theChoiceIsTheLargestOutputSummedOverTheDecisionPeriod() {
        PerceptualDecisionMaking task = new PerceptualDecisionMaking(CONFIG);
        Trial trial = task.trialAt(6.4, new SplittableRandom(1));
        Period decision = trial.period("decision").orElseThrow();
        int nOut = task.outputs();
        double[] y = new double[task.maxSteps() * nOut];
        assertEquals(0, task.chosenAction(trial, y), "all outputs equal: the lowest action, fixation");
        // Action 1 wins one step by far; action 2 every step by a little, and the sum.
        for (int t = decision.start(); t < decision.end(); t++) y[t * nOut + 2] = 1.0;
        y[decision.start() * nOut + 1] = 3.0;
        assertEquals(2, task.chosenAction(trial, y));
        y[decision.start() * nOut + 1] = 6.0;
        assertEquals(1, task.chosenAction(trial, y), "5 steps of 1 lose to one of 6");
        // Outputs outside the decision period do not count.
        y[(decision.start() - 1) * nOut] = 1e6;
        assertEquals(1, task.chosenAction(trial, y));
    }

    /** In a batch, each trial's outputs are read at its own position of the time-major array. */
    @Test
    void aBatchDecodesEachTrialAtItsOwnPosition() {
        PerceptualDecisionMaking task = new PerceptualDecisionMaking(CONFIG);
        List<Trial> trials = new ArrayList<>();
        for (int b = 0; b < 3; b++) trials.add(task.trialAt(0, new SplittableRandom(b)));
        TaskBatches.TaskBatch batch = TaskBatches.of(task, trials, LossKind.XENT);
        int nOut = task.outputs(), size = 3;
        double[] outputs = new double[task.maxSteps() * size * nOut];
        Period decision = trials.get(0).period("decision").orElseThrow();
        int[] want = {2, 0, 1};
        for (int t = decision.start(); t < decision.end(); t++) {
            outputs[(t * size) * nOut + 2] = 1; // trial 0 chooses 2
            outputs[(t * size + 2) * nOut + 1] = 1; // trial 2 chooses 1; trial 1 keeps all outputs at 0
        }
        assertArrayEquals(want, TaskBatches.chosenActions(task, batch, outputs));
    }
}
