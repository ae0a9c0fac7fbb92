package org.psrnn.task;

import java.util.SplittableRandom;

/**
 * Delayed match-to-sample (NeuroGym {@code DelayMatchSample}; Miller, Erickson and Desimone 1996):
 * working memory. A sample, a delay, a test; report whether the test matches the sample.
 */
public final class DelayMatchSample extends Task {
    private static final double FIXATION = 300, SAMPLE = 500, DELAY = 1000, TEST = 500, DECISION = 900;
    /** The stimulus directions: {@code linspace(0, 2 pi, dim_ring + 1)[:-1]} with {@code dim_ring = 2}. */
    private static final double[] THETA = {0.0, Math.PI};
    public static final int MATCH = 1;
    public static final int NON_MATCH = 2;

    public DelayMatchSample(TaskConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "DelayMatchSample";
    }

    @Override
    public String description() {
        return "Periods: fixation 300 ms, sample 500, delay 1000, test 500, decision 900. Inputs (3): fixation cue "
                + "(1 until the decision period), and a 2-unit ring coding the stimulus direction theta in {0, pi} as "
                + "0.5 + 0.5 cos(theta_k - theta), with input noise during sample and test. The test equals the sample "
                + "(match) or is opposite (non-match), each with probability 1/2. Actions (3): 0 fixate, 1 match, "
                + "2 non-match; the label is the answer during the decision period and 0 before. Correct: the "
                + "action with the largest output summed over the decision period is the answer. Chance: 1/2.";
    }

    @Override
    public int inputs() {
        return 3;
    }

    @Override
    public int outputs() {
        return 3;
    }

    @Override
    public int maxSteps() {
        return steps(FIXATION + SAMPLE + DELAY + TEST + DECISION);
    }

    @Override
    public Trial trial(SplittableRandom rng) {
        int answer = rng.nextBoolean() ? MATCH : NON_MATCH;
        double sample = choice(rng, THETA);
        double test = answer == MATCH ? sample : (sample + Math.PI) % (2 * Math.PI);
        TrialBuilder b = builder().period("fixation", FIXATION).period("sample", SAMPLE).period("delay", DELAY)
                .period("test", TEST).period("decision", DECISION);
        b.addInput(null, 0, 1.0).setInput("decision", 0, 0.0);
        for (int k = 0; k < THETA.length; k++) {
            b.addInput("sample", 1 + k, 0.5 + 0.5 * Math.cos(THETA[k] - sample));
            b.addInput("test", 1 + k, 0.5 + 0.5 * Math.cos(THETA[k] - test));
        }
        b.addNoise(rng, config.inputNoiseSd(), "sample", 1, 2).addNoise(rng, config.inputNoiseSd(), "test", 1, 2);
        b.label("decision", answer).info("sample_theta", sample).info("test_theta", test);
        return b.build(answer, config.decisionWeight());
    }

    @Override
    public double chance() {
        return 0.5;
    }

    /**
     * An ideal observer reads the sample's and the test's direction from the sign of the ring units'
     * difference summed over each (mean {@code n}, s.d. {@code sqrt(2 n)} times the input noise) and
     * answers "match" when they agree: right when both reads are right or both wrong. 1 to many
     * decimals at the default noise; lower only with much more input noise.
     */
    @Override
    public double ceiling() {
        double sample = signRight(stepsBetween(FIXATION, FIXATION + SAMPLE),
                Math.sqrt(2.0 * stepsBetween(FIXATION, FIXATION + SAMPLE)) * config.inputNoiseSd());
        double testStart = FIXATION + SAMPLE + DELAY;
        double test = signRight(stepsBetween(testStart, testStart + TEST),
                Math.sqrt(2.0 * stepsBetween(testStart, testStart + TEST)) * config.inputNoiseSd());
        return sample * test + (1 - sample) * (1 - test);
    }
}
