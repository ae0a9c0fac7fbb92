package org.psrnn.task;

import java.util.SplittableRandom;
import org.psrnn.model.LossKind;

/**
 * The N-bit flip-flop (Sussillo and Barak 2013): each input channel receives occasional +1 or -1
 * pulses; the matching output must hold the sign of the last pulse. Trained with {@code mse}.
 */
public final class FlipFlop extends Task {
    /** Defaults: 3 bits, 2 s trials, pulses at 2 per second per bit, each lasting one step. */
    public static final int BITS = 3;
    private static final double DURATION = 2000;
    private static final double PULSE_RATE_PER_S = 2.0;

    public FlipFlop(TaskConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "FlipFlop";
    }

    @Override
    public String description() {
        return "One period of 2000 ms. Inputs (3): one channel per bit, 0 except one-step pulses of +1 or -1 (sign with "
                + "probability 1/2): a pulse on every bit at the first step, then with probability 2/s * dt per step. "
                + "Outputs (3, mse): the target of each bit is the sign of its last pulse; mask 1 on every step. "
                + "Correct: at the last step every output has the sign of its target. Chance: 2^-3 = 1/8.";
    }

    @Override
    public int inputs() {
        return BITS;
    }

    @Override
    public int outputs() {
        return BITS;
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public int maxSteps() {
        return steps(DURATION);
    }

    @Override
    public Trial trial(SplittableRandom rng) {
        TrialBuilder b = builder().period("trial", DURATION);
        Trial base = b.build(-1, 1.0);
        int steps = base.steps();
        double[] inputs = base.inputs();
        double[] targets = new double[steps * BITS];
        double pulseProbability = Math.min(1.0, PULSE_RATE_PER_S * config.dt() / 1000.0);
        for (int k = 0; k < BITS; k++) {
            double state = 0;
            for (int t = 0; t < steps; t++) {
                if (t == 0 || rng.nextDouble() < pulseProbability) {
                    state = rng.nextBoolean() ? 1.0 : -1.0;
                    inputs[t * BITS + k] = state;
                }
                targets[t * BITS + k] = state;
            }
        }
        return new Trial(steps, inputs, base.labels(), targets, base.mask(), -1, base.periods(), base.info());
    }

    @Override
    public boolean correct(Trial trial, double[] y) {
        int last = trial.steps() - 1;
        for (int k = 0; k < BITS; k++) {
            if (Math.signum(y[last * BITS + k]) != Math.signum(trial.targets()[last * BITS + k])) return false;
        }
        return true;
    }

    @Override
    public double chance() {
        return Math.pow(0.5, BITS);
    }

    /** No action fixates here: the outputs are values. */
    @Override
    public double fixatingScore() {
        return Double.NaN;
    }
}
