package org.psrnn.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * One value per entry of every trained tensor: the weights themselves, their gradients, or an
 * Adam moment. Stored in double precision, which holds a float32 engine's values exactly.
 */
public final class Parameters {
    private final NetworkShape shape;
    private final Map<ParamTensor, double[]> tensors = new EnumMap<>(ParamTensor.class);

    private Parameters(NetworkShape shape) {
        this.shape = shape;
    }

    /** All entries zero. */
    public static Parameters zeros(NetworkShape shape) {
        Parameters p = new Parameters(shape);
        for (ParamTensor t : ParamTensor.values()) p.tensors.put(t, new double[t.size(shape)]);
        return p;
    }

    public NetworkShape shape() {
        return shape;
    }

    /** The live array of tensor {@code t} (row-major). */
    public double[] get(ParamTensor t) {
        return tensors.get(t);
    }

    /** Replaces the values of tensor {@code t} with a copy of {@code values}. */
    public void set(ParamTensor t, double[] values) {
        double[] dst = tensors.get(t);
        if (values.length != dst.length) {
            throw new IllegalArgumentException(t.fileName() + ": " + values.length + " values for " + dst.length + " entries");
        }
        System.arraycopy(values, 0, dst, 0, dst.length);
    }

    public double[] wIn() {
        return get(ParamTensor.W_IN);
    }

    public double[] wRec() {
        return get(ParamTensor.W_REC);
    }

    public double[] wOut() {
        return get(ParamTensor.W_OUT);
    }

    public double[] bRec() {
        return get(ParamTensor.B_REC);
    }

    public double[] bOut() {
        return get(ParamTensor.B_OUT);
    }

    public Parameters copy() {
        Parameters p = new Parameters(shape);
        for (ParamTensor t : ParamTensor.values()) p.tensors.put(t, tensors.get(t).clone());
        return p;
    }
}
