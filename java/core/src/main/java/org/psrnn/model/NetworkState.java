package org.psrnn.model;

import java.util.Objects;

/**
 * Everything that changes during training: parameters, synapse states {@code S}, Adam moments
 * and the iteration counter. Engines keep their own copy (on the device, in float32, ...) and
 * exchange this one through {@code exportState}/{@code importState}.
 */
public final class NetworkState {
    private final NetworkShape shape;
    private final Parameters params;
    private final Parameters adamM;
    private final Parameters adamV;
    private final byte[] strong;
    private long iteration;

    public NetworkState(NetworkShape shape, Parameters params, Parameters adamM, Parameters adamV, byte[] strong, long iteration) {
        this.shape = Objects.requireNonNull(shape);
        this.params = requireShape(params, shape, "parameters");
        this.adamM = requireShape(adamM, shape, "Adam m");
        this.adamV = requireShape(adamV, shape, "Adam v");
        if (strong.length != shape.hidden() * shape.hidden()) {
            throw new IllegalArgumentException("S has " + strong.length + " entries, expected N*N");
        }
        this.strong = strong;
        if (iteration < 0) throw new IllegalArgumentException("iteration = " + iteration + " < 0");
        this.iteration = iteration;
    }

    /** A state with the given parameters and synapse states, zero moments, at iteration 0. */
    public static NetworkState fresh(Parameters params, byte[] strong) {
        NetworkShape s = params.shape();
        return new NetworkState(s, params, Parameters.zeros(s), Parameters.zeros(s), strong, 0);
    }

    private static Parameters requireShape(Parameters p, NetworkShape shape, String what) {
        if (!p.shape().equals(shape)) throw new IllegalArgumentException(what + " have shape " + p.shape() + ", expected " + shape);
        return p;
    }

    public NetworkShape shape() {
        return shape;
    }

    public Parameters params() {
        return params;
    }

    /** Adam first moments. */
    public Parameters adamM() {
        return adamM;
    }

    /** Adam second moments. */
    public Parameters adamV() {
        return adamV;
    }

    /** {@code S[i*N + j]}: 1 = STRONG, 0 = WEAK. */
    public byte[] strong() {
        return strong;
    }

    public long iteration() {
        return iteration;
    }

    public void setIteration(long iteration) {
        this.iteration = iteration;
    }

    /** The number of STRONG recurrent synapses. */
    public int strongCount() {
        int n = 0;
        for (byte s : strong) n += s;
        return n;
    }

    /** The fraction of STRONG recurrent synapses. */
    public double strongFraction() {
        return strongCount() / (double) strong.length;
    }

    public NetworkState copy() {
        return new NetworkState(shape, params.copy(), adamM.copy(), adamV.copy(), strong.clone(), iteration);
    }
}
