package org.psrnn.task;

import java.util.SplittableRandom;

/**
 * Parametric working memory (NeuroGym {@code DelayComparison}; Romo et al. 1999): hold a
 * vibration frequency through a delay and report whether the second one was lower or higher.
 */
public final class DelayComparison extends Task {
    private static final double FIXATION = 500, STIMULUS1 = 500, DELAY = 1000, STIMULUS2 = 500, DECISION = 100;
    private static final double[][] PAIRS = {{18, 10}, {22, 14}, {26, 18}, {30, 22}, {34, 26}};
    private static final double V_MIN = 10, V_MAX = 34;

    public DelayComparison(TaskConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "DelayComparison";
    }

    @Override
    public String description() {
        return "Periods: fixation 500 ms, stimulus1 500, delay 1000, stimulus2 500, decision 100. Inputs (2): fixation "
                + "cue (1 until the decision period, when every input is 0) and one channel coding a frequency f as "
                + "(1 + (f - 10)/24) / 2 during each stimulus, pairs (f1, f2) from {(18,10), (22,14), (26,18), (30,22), "
                + "(34,26)} in either order, with input noise on both channels during the stimuli. Actions (3): 0 fixate, "
                + "1 when f1 > f2, 2 when f1 < f2. Correct: the action with the largest output summed over the decision "
                + "period. Chance: 1/2.";
    }

    @Override
    public int inputs() {
        return 2;
    }

    @Override
    public int outputs() {
        return 3;
    }

    @Override
    public int maxSteps() {
        return steps(FIXATION + STIMULUS1 + DELAY + STIMULUS2 + DECISION);
    }

    private static double represent(double f) {
        return (1 + (f - V_MIN) / (V_MAX - V_MIN)) / 2;
    }

    @Override
    public Trial trial(SplittableRandom rng) {
        int answer = 1 + rng.nextInt(2);
        double[] pair = PAIRS[rng.nextInt(PAIRS.length)];
        double f1 = answer == 1 ? pair[0] : pair[1];
        double f2 = answer == 1 ? pair[1] : pair[0];
        TrialBuilder b = builder().period("fixation", FIXATION).period("stimulus1", STIMULUS1).period("delay", DELAY)
                .period("stimulus2", STIMULUS2).period("decision", DECISION);
        b.addInput(null, 0, 1.0).addInput("stimulus1", 1, represent(f1)).addInput("stimulus2", 1, represent(f2));
        b.setInput("decision", -1, 0.0);
        b.addNoise(rng, config.inputNoiseSd(), "stimulus1").addNoise(rng, config.inputNoiseSd(), "stimulus2");
        b.label("decision", answer).info("f1", f1).info("f2", f2);
        return b.build(answer, config.decisionWeight());
    }

    @Override
    public double chance() {
        return 0.5;
    }
}
