package org.psrnn.model;

/** The trained tensors, under their PsychRNN names; matrices are row-major with rows = postsynaptic. */
public enum ParamTensor {
    W_IN("W_in"),
    W_REC("W_rec"),
    W_OUT("W_out"),
    B_REC("b_rec"),
    B_OUT("b_out");

    private final String fileName;

    ParamTensor(String fileName) {
        this.fileName = fileName;
    }

    /** The array name in {@code .npz} files. */
    public String fileName() {
        return fileName;
    }

    /** The shape of this tensor for a network of the given sizes. */
    public int[] shape(NetworkShape s) {
        return switch (this) {
            case W_IN -> new int[] {s.hidden(), s.nIn()};
            case W_REC -> new int[] {s.hidden(), s.hidden()};
            case W_OUT -> new int[] {s.nOut(), s.hidden()};
            case B_REC -> new int[] {s.hidden()};
            case B_OUT -> new int[] {s.nOut()};
        };
    }

    /** The number of entries of this tensor. */
    public int size(NetworkShape s) {
        int n = 1;
        for (int d : shape(s)) n *= d;
        return n;
    }
}
