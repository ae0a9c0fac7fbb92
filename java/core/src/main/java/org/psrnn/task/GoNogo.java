package org.psrnn.task;

import java.util.SplittableRandom;

/** Go/no-go with a delay (NeuroGym {@code GoNogo}; Zhang et al. 2019): respond only to the go stimulus. */
public final class GoNogo extends Task {
    private static final double FIXATION = 0, STIMULUS = 500, DELAY = 500, DECISION = 500;

    public GoNogo(TaskConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "GoNogo";
    }

    @Override
    public String description() {
        return "Periods: fixation 0 ms, stimulus 500, delay 500, decision 500. Inputs (3): fixation cue (1 until the "
                + "decision period, when every input is 0), no-go cue, go cue (1 during the stimulus). No input noise "
                + "(as NeuroGym). Actions (2): 0 fixate (the answer to no-go), 1 go. Correct: the action with the largest "
                + "output summed over the decision period. Chance: 1/2.";
    }

    @Override
    public int inputs() {
        return 3;
    }

    @Override
    public int outputs() {
        return 2;
    }

    @Override
    public int maxSteps() {
        return steps(FIXATION + STIMULUS + DELAY + DECISION);
    }

    @Override
    public Trial trial(SplittableRandom rng) {
        int go = rng.nextInt(2);
        TrialBuilder b = builder().period("fixation", FIXATION).period("stimulus", STIMULUS).period("delay", DELAY)
                .period("decision", DECISION);
        b.addInput(null, 0, 1.0).addInput("stimulus", go + 1, 1.0).setInput("decision", -1, 0.0);
        b.label("decision", go);
        return b.build(go, config.decisionWeight());
    }

    @Override
    public double chance() {
        return 0.5;
    }

    /** Fixating is the answer to no-go, half of the trials. */
    @Override
    public double fixatingScore() {
        return 0.5;
    }
}
