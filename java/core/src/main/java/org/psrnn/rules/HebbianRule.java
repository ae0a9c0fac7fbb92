package org.psrnn.rules;

import org.psrnn.Keyed;

/** The local rule of WEAK synapses (MODEL.md step 5). */
public enum HebbianRule implements Keyed {
    /** {@code dW = eta_h H - lambda W}. */
    PLAIN("plain"),
    /** {@code dW = eta_h (H - Q[i] W) - lambda W}: Oja's normalising decay. */
    OJA("oja"),
    /** As plain, with H computed on rates minus their means over batch and time. */
    COVARIANCE("covariance");

    private final String key;

    HebbianRule(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static HebbianRule parse(String value) {
        return Keyed.parse(HebbianRule.class, "hebb_rule", value);
    }
}
