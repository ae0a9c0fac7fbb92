package org.psrnn.model;

import org.psrnn.Keyed;

/** The task loss of MODEL.md "Loss". */
public enum LossKind implements Keyed {
    /** Masked mean squared error against {@code targets (T, B, n_out)}. */
    MSE("mse"),
    /** Masked softmax cross-entropy against integer {@code labels (T, B)}. */
    XENT("xent");

    private final String key;

    LossKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static LossKind parse(String value) {
        return Keyed.parse(LossKind.class, "loss", value);
    }
}
