package org.psrnn.model;

import org.psrnn.Check;

/**
 * Initialisation settings (MODEL.md "Initialisation"): recurrent gain {@code g} and the share of
 * STRONG synapses from which theta is set when it is not given.
 */
public record InitConfig(double g, double strongFraction) {
    public static final InitConfig DEFAULT = new InitConfig(1.0, 0.23);

    public InitConfig {
        Check.nonNegative("g", g);
        Check.inRange("strong_fraction", strongFraction, 0, true, 1, true);
    }
}
