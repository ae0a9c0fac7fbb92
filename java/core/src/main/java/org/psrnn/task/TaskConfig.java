package org.psrnn.task;

import org.psrnn.Check;

/**
 * Settings shared by every task.
 *
 * @param dt             the time step in ms (MODEL.md's {@code dt}); periods are {@code int(ms / dt)} steps
 * @param sigma          NeuroGym's input-noise scale: stimulus channels get N(0, (sigma / sqrt(dt))^2) per step
 * @param decisionWeight the loss-mask weight of decision-period steps (other steps of the trial weigh 1)
 */
public record TaskConfig(double dt, double sigma, double decisionWeight) {
    public static final TaskConfig DEFAULT = new TaskConfig(20.0, 1.0, 5.0);

    public TaskConfig {
        Check.positive("dt", dt);
        Check.nonNegative("input_noise", sigma);
        Check.positive("decision_weight", decisionWeight);
    }

    /** The standard deviation of the input noise per step. */
    public double inputNoiseSd() {
        return sigma / Math.sqrt(dt);
    }
}
