package org.psrnn.rules;

import org.psrnn.Keyed;
import org.psrnn.rng.Streams;

/** The rule presets users compare (MODEL.md "Rule presets"): initial S and switch mode. */
public enum Preset implements Keyed {
    /** All STRONG, no switching: the BP-only baseline. */
    BP("bp", SwitchMode.NONE),
    /** STRONG iff {@code |W| >= theta}, threshold switching: the psRNN. */
    SWITCH("switch", SwitchMode.THRESHOLD),
    /** As {@code switch}, with stochastic switching. */
    SWITCH_STOCHASTIC("switch-stochastic", SwitchMode.STOCHASTIC),
    /** A random {@code strong_fraction} of synapses STRONG (Philox stream 7), no switching. */
    FIXED("fixed", SwitchMode.NONE),
    /** All WEAK, no switching: recurrent weights learn by the Hebbian rule only. */
    HEBB("hebb", SwitchMode.NONE);

    private final String key;
    private final SwitchMode switchMode;

    Preset(String key, SwitchMode switchMode) {
        this.key = key;
        this.switchMode = switchMode;
    }

    @Override
    public String key() {
        return key;
    }

    public SwitchMode switchMode() {
        return switchMode;
    }

    /** {@code config} with this preset's switch mode. */
    public SwitchConfig configure(SwitchConfig config) {
        return config.withMode(switchMode);
    }

    /** Whether this preset needs a threshold theta (to set S at initialisation or to switch). */
    public boolean usesTheta() {
        return this == SWITCH || this == SWITCH_STOCHASTIC;
    }

    /**
     * Whether synapse {@code (i, j)} with initial weight {@code w} starts STRONG. For {@code fixed}
     * it is STRONG iff the first word of Philox {@code (j, i, 0, 7)} is below
     * {@code floor(strongFraction * 2^32)}, the same test as a stochastic switch.
     */
    public boolean initiallyStrong(double w, double theta, double strongFraction, long seed, int i, int j) {
        return switch (this) {
            case BP -> true;
            case HEBB -> false;
            case SWITCH, SWITCH_STOCHASTIC -> Math.abs(w) >= theta;
            case FIXED -> Streams.happens(Streams.fixedMaskWord(seed, i, j), strongFraction);
        };
    }

    public static Preset parse(String value) {
        return Keyed.parse(Preset.class, "rule", value);
    }
}
