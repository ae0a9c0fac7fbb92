package org.psrnn.task;

import java.util.SplittableRandom;

/**
 * Context-dependent integration (NeuroGym {@code ContextDecisionMaking} with its explicit context
 * cue; Mante et al. 2013): two noisy modalities, a cue says which one to report.
 */
public final class ContextDecisionMaking extends Task {
    private static final double FIXATION = 300, STIMULUS = 750, DECISION = 100;
    private static final double DELAY_MEAN = 600, DELAY_MIN = 300, DELAY_MAX = 3000;
    private static final double[] COHERENCES = {5, 15, 50};
    private static final double[] THETA = {0.0, Math.PI};

    public ContextDecisionMaking(TaskConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "ContextDecisionMaking";
    }

    @Override
    public String description() {
        return "Periods: fixation 300 ms, stimulus 750, delay from an exponential of mean 600 truncated to [300, 3000), "
                + "decision 100; shorter trials are padded to the longest (mask 0). Inputs (7): fixation cue (1 during "
                + "fixation), two 2-unit rings (modality 1 and 2) each 0.5 + coh/200 "
                + "cos(theta_k - theta_choice) with its own coherence from {5, 15, 50} and input noise during the stimulus, "
                + "and two context cues (one-hot, on for the whole trial); every other input is 0 in the decision period. The context says which modality carries the "
                + "answer; the other points at a random choice. Actions (3): 0 fixate, 1 and 2. Correct: the action with "
                + "the largest output summed over the decision period. Chance: 1/2.";
    }

    @Override
    public int inputs() {
        return 7;
    }

    @Override
    public int outputs() {
        return 3;
    }

    @Override
    public int maxSteps() {
        return steps(FIXATION + STIMULUS + DELAY_MAX + DECISION);
    }

    @Override
    public Trial trial(SplittableRandom rng) {
        int answer = 1 + rng.nextInt(2);
        int other = 1 + rng.nextInt(2);
        int context = rng.nextInt(2);
        double coh1 = choice(rng, COHERENCES), coh2 = choice(rng, COHERENCES);
        double delay = Gaussian.truncatedExponential(rng, DELAY_MEAN, DELAY_MIN, DELAY_MAX);
        int choice1 = context == 0 ? answer : other;
        int choice2 = context == 0 ? other : answer;
        TrialBuilder b = builder().period("fixation", FIXATION).period("stimulus", STIMULUS).period("delay", delay)
                .period("decision", DECISION);
        b.addInput("fixation", 0, 1.0);
        for (int k = 0; k < THETA.length; k++) {
            b.addInput("stimulus", 1 + k, 0.5 + coh1 / 200.0 * Math.cos(THETA[k] - THETA[choice1 - 1]));
            b.addInput("stimulus", 3 + k, 0.5 + coh2 / 200.0 * Math.cos(THETA[k] - THETA[choice2 - 1]));
        }
        b.addNoise(rng, config.inputNoiseSd(), "stimulus", 1, 2, 3, 4);
        b.setInput("decision", -1, 0.0);
        b.addInput(null, 5 + context, 1.0); // after the reset, as NeuroGym: the cue stays on in the decision period
        b.label("decision", answer).info("context", context).info("coherence_1", coh1).info("coherence_2", coh2)
                .info("delay_ms", delay);
        return b.build(answer, config.decisionWeight());
    }

    @Override
    public double chance() {
        return 0.5;
    }

    /**
     * Only the cued modality tells the answer (the other points at a choice drawn independently);
     * its two ring units' difference summed over the stimulus has mean {@code n coh / 100} towards
     * the answer and s.d. {@code sqrt(2 n)} times the input noise, and its sign is the best guess.
     * At coherence 5 that sign is often wrong: the ceiling is about 0.94 at the default noise.
     */
    @Override
    public double ceiling() {
        return coherenceCeiling(FIXATION, FIXATION + STIMULUS, COHERENCES);
    }

    /** 0.85: 0.9 would leave a network only 0.04 below the ceiling, within two s.d. of a 128-trial evaluation. */
    @Override
    public double defaultCriterion() {
        return 0.85;
    }
}
