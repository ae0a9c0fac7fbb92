package org.psrnn.model;

import org.psrnn.Check;

/** Sizes of the network: {@code n_in} inputs, {@code N} recurrent units, {@code n_out} outputs. */
public record NetworkShape(int nIn, int hidden, int nOut) {
    public NetworkShape {
        Check.positive("n_in", nIn);
        Check.positive("hidden", hidden);
        Check.positive("n_out", nOut);
    }
}
