package org.psrnn.rules;

import org.psrnn.Keyed;

/** What the Hebbian update of WEAK synapses adds (MODEL.md step 5): the activity term H, or a control. */
public enum HebbianTerm implements Keyed {
    /** H from this iteration's rates: the Hebbian rule itself. */
    ACTIVITY("activity"),
    /** A fresh random matrix with the norm H has over the WEAK synapses, and none of its structure: a control. */
    RANDOM("random");

    private final String key;

    HebbianTerm(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static HebbianTerm parse(String value) {
        return Keyed.parse(HebbianTerm.class, "hebb_term", value);
    }
}
