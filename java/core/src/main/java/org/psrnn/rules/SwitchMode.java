package org.psrnn.rules;

import org.psrnn.Keyed;

/** How recurrent synapses change state (MODEL.md "Switch modes"). */
public enum SwitchMode implements Keyed {
    /** STRONG iff {@code |W| >= theta}, with hysteresis on the way down. */
    THRESHOLD("threshold"),
    /** Flips with a probability that is a sigmoid of {@code |W| - theta}, drawn from Philox stream 5. */
    STOCHASTIC("stochastic"),
    /** S never changes. */
    NONE("none");

    private final String key;

    SwitchMode(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static SwitchMode parse(String value) {
        return Keyed.parse(SwitchMode.class, "switch_mode", value);
    }
}
