package org.psrnn.rules;

import org.psrnn.Keyed;
import org.psrnn.rng.Streams;

/** The rule presets users compare (MODEL.md "Rule presets"): initial S and switch mode. */
public enum Preset implements Keyed {
    /** All STRONG, no switching: the BP-only baseline. */
    BP("bp", SwitchMode.NONE, "every synapse STRONG (BPTT), no switching: the baseline"),
    /** STRONG iff {@code |W| >= theta}, threshold switching: the psRNN. */
    SWITCH("switch", SwitchMode.THRESHOLD, "psRNN: STRONG (BPTT) if |W| >= theta, WEAK (Hebbian) below"),
    /** As {@code switch}, with stochastic switching. */
    SWITCH_STOCHASTIC("switch-stochastic", SwitchMode.STOCHASTIC, "as switch, but switching at random, likelier past theta"),
    /** STRONG iff {@code |W_init| >= theta}, as {@code switch} starts, never switching: the control of switching. */
    FROZEN("frozen", SwitchMode.NONE, "control: switch's initial S (|W| >= theta), never switching"),
    /** A random {@code strong_fraction} of synapses STRONG (Philox stream 7), no switching. */
    FIXED("fixed", SwitchMode.NONE, "ablation: a random strong_fraction STRONG, never switching"),
    /** All WEAK, no switching: recurrent weights learn by the Hebbian rule only. */
    HEBB("hebb", SwitchMode.NONE, "ablation: every synapse WEAK (recurrent W Hebbian only)");

    private final String key;
    private final SwitchMode switchMode;
    private final String meaning;

    Preset(String key, SwitchMode switchMode, String meaning) {
        this.key = key;
        this.switchMode = switchMode;
        this.meaning = meaning;
    }

    @Override
    public String key() {
        return key;
    }

    /** What the rule does, in one line of a help text (under 60 characters; MODEL.md "Rule presets" says more). */
    public String meaning() {
        return meaning;
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
        return this == SWITCH || this == SWITCH_STOCHASTIC || this == FROZEN;
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
            case SWITCH, SWITCH_STOCHASTIC, FROZEN -> Math.abs(w) >= theta;
            case FIXED -> Streams.happens(Streams.fixedMaskWord(seed, i, j), strongFraction);
        };
    }

    public static Preset parse(String value) {
        return Keyed.parse(Preset.class, "rule", value);
    }
}
