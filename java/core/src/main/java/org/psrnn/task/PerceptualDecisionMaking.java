package org.psrnn.task;

import java.util.SplittableRandom;

/**
 * Two-alternative random-dot motion discrimination (NeuroGym {@code PerceptualDecisionMaking};
 * Britten et al. 1992): integrate a noisy stimulus and report the stronger direction.
 */
public final class PerceptualDecisionMaking extends Task implements Psychometric {
    private static final double FIXATION = 100, STIMULUS = 2000, DELAY = 0, DECISION = 100;
    private static final double[] COHERENCES = {0, 6.4, 12.8, 25.6, 51.2};
    private static final double[] THETA = {0.0, Math.PI};
    /** The trained coherences with either sign, and 3.2 (Roitman and Shadlen 2002's lowest) between 0 and 6.4. */
    private static final double[] SIGNED_COHERENCES = {-51.2, -25.6, -12.8, -6.4, -3.2, 0, 3.2, 6.4, 12.8, 25.6, 51.2};

    public PerceptualDecisionMaking(TaskConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "PerceptualDecisionMaking";
    }

    @Override
    public String description() {
        return "Periods: fixation 100 ms, stimulus 2000, delay 0, decision 100. Inputs (3): fixation cue (1 during "
                + "fixation), and a 2-unit ring 0.5 + coh/200 cos(theta_k - theta_gt) during the stimulus, with input "
                + "noise; coherence coh drawn from {0, 6.4, 12.8, 25.6, 51.2}. Actions (3): 0 fixate, 1 and 2 the two "
                + "directions; the label is the true direction during the decision period. Correct: the action with "
                + "the largest output summed over the decision period. Chance: 1/2; at coherence 0 no network can beat "
                + "it, so the best achievable performance is about 0.9.";
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
        return steps(FIXATION + STIMULUS + DELAY + DECISION);
    }

    @Override
    public Trial trial(SplittableRandom rng) {
        int direction = rng.nextInt(2);
        double coh = choice(rng, COHERENCES);
        return trial(direction, coh, rng);
    }

    /** The trial of {@code direction} (0 or 1) at coherence {@code coh}, its input noise from {@code rng}. */
    private Trial trial(int direction, double coh, SplittableRandom rng) {
        TrialBuilder b = builder().period("fixation", FIXATION).period("stimulus", STIMULUS).period("delay", DELAY)
                .period("decision", DECISION);
        b.addInput("fixation", 0, 1.0);
        for (int k = 0; k < THETA.length; k++) {
            b.addInput("stimulus", 1 + k, 0.5 + coh / 200.0 * Math.cos(THETA[k] - THETA[direction]));
        }
        b.addNoise(rng, config.inputNoiseSd(), "stimulus", 1, 2);
        b.label("decision", direction + 1).info("coherence", coh);
        return b.build(direction + 1, config.decisionWeight());
    }

    @Override
    public String variable() {
        return "signed coherence";
    }

    @Override
    public String unit() {
        return "%";
    }

    @Override
    public double[] values() {
        return SIGNED_COHERENCES.clone();
    }

    /** Action 2, the direction at theta = pi: positive coherence points there. */
    @Override
    public int positiveChoice() {
        return 2;
    }

    @Override
    public int negativeChoice() {
        return 1;
    }

    @Override
    public String positiveMeaning() {
        return "direction 2 (theta = pi)";
    }

    /**
     * The trial at signed coherence {@code value}: direction 2 for a positive value, 1 for a negative
     * one, coherence its magnitude. At 0 both ring units get 0.5 whatever the direction: the label
     * (direction 1) is arbitrary, and no answer is correct.
     */
    @Override
    public Trial trialAt(double value, SplittableRandom rng) {
        return trial(value > 0 ? 1 : 0, Math.abs(value), rng);
    }

    @Override
    public double chance() {
        return 0.5;
    }

    /**
     * The difference of the two ring units summed over the stimulus is all the inputs say about the
     * direction (their sum carries none): mean {@code n coh / 100} towards the answer, s.d.
     * {@code sqrt(2 n)} times the input noise. Its sign is the best guess at every coherence, and at
     * coherence 0 a coin flip: the ceiling is about 0.9 at the default noise.
     */
    @Override
    public double ceiling() {
        return coherenceCeiling(FIXATION, FIXATION + STIMULUS, COHERENCES);
    }

    /** 0.8: a tenth below the ceiling, as docs/EXPERIMENTS.md compares the rules on this task. */
    @Override
    public double defaultCriterion() {
        return 0.8;
    }
}
