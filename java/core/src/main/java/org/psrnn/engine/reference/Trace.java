package org.psrnn.engine.reference;

/**
 * The activity of one forward pass. {@code r} holds {@code r_{-1} .. r_{T-1}}: {@code r_t[b][i]}
 * is at {@code ((t + 1) * B + b) * N + i}, so {@code r_{-1} = phi(0)} sits in the first block.
 */
record Trace(int steps, int size, double[] x, double[] r, double[] y) {
    /** The number of (t, b) samples. */
    int samples() {
        return steps * size;
    }
}
