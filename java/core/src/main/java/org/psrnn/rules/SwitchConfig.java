package org.psrnn.rules;

import java.util.Objects;
import org.psrnn.Check;
import org.psrnn.InvalidInputException;

/**
 * Switching of recurrent synapses between WEAK and STRONG (MODEL.md step 6 and "Switch modes").
 *
 * @param theta      the threshold on {@code |W|}; {@code NaN} until resolved from {@code strong_fraction}
 *                   at initialisation
 * @param hysteresis {@code h} in [0, 1): STRONG synapses fall back only below {@code (1 - h) theta}
 * @param kappa      the largest flip probability per iteration of the stochastic mode, in [0, 1]
 * @param temp       the temperature of the stochastic mode; {@code NaN} means {@code 0.1 theta}
 */
public record SwitchConfig(SwitchMode mode, double theta, double hysteresis, double kappa, double temp) {
    public static final SwitchConfig DEFAULT = new SwitchConfig(SwitchMode.THRESHOLD, Double.NaN, 0.0, 0.1, Double.NaN);

    public SwitchConfig {
        Objects.requireNonNull(mode, "mode");
        if (!Double.isNaN(theta)) Check.nonNegative("theta", theta);
        Check.inRange("hysteresis", hysteresis, 0, true, 1, false);
        Check.inRange("kappa", kappa, 0, true, 1, true);
        if (!Double.isNaN(temp)) Check.positive("temp", temp);
    }

    public SwitchConfig withTheta(double newTheta) {
        return new SwitchConfig(mode, newTheta, hysteresis, kappa, temp);
    }

    public SwitchConfig withMode(SwitchMode newMode) {
        return new SwitchConfig(newMode, theta, hysteresis, kappa, temp);
    }

    public boolean thetaGiven() {
        return !Double.isNaN(theta);
    }

    /** The temperature in use: {@code temp} when given, else {@code 0.1 theta}. */
    public double effectiveTemp() {
        return Double.isNaN(temp) ? 0.1 * theta : temp;
    }

    /** Fails unless everything this mode needs is known: theta, and a positive temperature when stochastic. */
    public SwitchConfig requireResolved() {
        if (mode == SwitchMode.NONE) return this;
        if (!thetaGiven()) {
            throw new InvalidInputException("theta is not set: switch_mode '" + mode.key()
                    + "' needs theta >= 0 (or strong_fraction, from which training derives it)");
        }
        if (mode == SwitchMode.STOCHASTIC && !(effectiveTemp() > 0)) {
            throw new InvalidInputException("temp = " + Check.format(effectiveTemp())
                    + " (0.1 * theta) is not allowed: switch_mode 'stochastic' needs temp > 0; give temp or a theta > 0");
        }
        return this;
    }
}
