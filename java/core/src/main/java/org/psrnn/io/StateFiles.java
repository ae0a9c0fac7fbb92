package org.psrnn.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.psrnn.InvalidInputException;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.model.Parameters;

/**
 * The state and batch files of {@code psrnn step} (ARCHITECTURE.md): a network state as
 * {@code W_in, W_rec, W_out, b_rec, b_out, S_rec, m_<name>, v_<name>, iteration}, and a batch as
 * {@code inputs, targets | labels, mask, noise}.
 */
public final class StateFiles {
    private StateFiles() {}

    /**
     * A state read from a file, with the floating-point precision it was stored in and the names
     * of the other arrays the file holds (a training checkpoint's {@code trainer}, a step's {@code loss}, ...).
     */
    public record LoadedState(NetworkState state, DType precision, Set<String> otherArrays) {}

    /** Reads and checks a state file; arrays it does not know are ignored (so an output of step can be fed back). */
    public static LoadedState readState(Path file) {
        Map<String, NpyArray> arrays = Npz.read(file);
        String src = file.toString();
        NpyArray wRec = require(arrays, src, "W_rec", "(N, N)");
        if (wRec.rank() != 2 || wRec.shape()[0] != wRec.shape()[1] || wRec.shape()[0] == 0) {
            throw new InvalidInputException(src + ": W_rec has shape " + wRec.shapeString() + "; expected (N, N) with N >= 1");
        }
        int n = wRec.shape()[0];
        NpyArray wIn = require(arrays, src, "W_in", "(N, n_in)");
        NpyArray wOut = require(arrays, src, "W_out", "(n_out, N)");
        if (wIn.rank() != 2 || wIn.shape()[0] != n || wIn.shape()[1] == 0) {
            throw new InvalidInputException(src + ": W_in has shape " + wIn.shapeString() + "; expected (N, n_in) = (" + n + ", n_in) with n_in >= 1");
        }
        if (wOut.rank() != 2 || wOut.shape()[1] != n || wOut.shape()[0] == 0) {
            throw new InvalidInputException(src + ": W_out has shape " + wOut.shapeString() + "; expected (n_out, N) = (n_out, " + n + ") with n_out >= 1");
        }
        NetworkShape shape = new NetworkShape(wIn.shape()[1], n, wOut.shape()[0]);
        DType precision = wRec.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;

        Parameters params = Parameters.zeros(shape);
        Parameters m = Parameters.zeros(shape);
        Parameters v = Parameters.zeros(shape);
        for (ParamTensor t : ParamTensor.values()) {
            params.set(t, floats(require(arrays, src, t.fileName(), NpyArray.shapeString(t.shape(shape))), src, t.fileName(), t.shape(shape)));
            NpyArray mArr = arrays.get("m_" + t.fileName());
            NpyArray vArr = arrays.get("v_" + t.fileName());
            if (mArr != null) m.set(t, floats(mArr, src, "m_" + t.fileName(), t.shape(shape)));
            if (vArr != null) {
                double[] vValues = floats(vArr, src, "v_" + t.fileName(), t.shape(shape));
                for (int i = 0; i < vValues.length; i++) {
                    if (vValues[i] < 0) {
                        throw new InvalidInputException(src + ": v_" + t.fileName() + " entry " + i + " = " + vValues[i] + " is negative; Adam second moments are >= 0");
                    }
                }
                v.set(t, vValues);
            }
        }

        NpyArray sRec = require(arrays, src, "S_rec", "(N, N) uint8");
        if (!sRec.hasShape(n, n)) {
            throw new InvalidInputException(src + ": S_rec has shape " + sRec.shapeString() + "; expected (N, N) = (" + n + ", " + n + ")");
        }
        long[] sValues = sRec.toLongs(src + ": S_rec");
        byte[] strong = new byte[n * n];
        for (int i = 0; i < strong.length; i++) {
            if (sValues[i] != 0 && sValues[i] != 1) {
                throw new InvalidInputException(src + ": S_rec[" + i / n + ", " + i % n + "] = " + sValues[i] + "; must be 0 (WEAK) or 1 (STRONG)");
            }
            strong[i] = (byte) sValues[i];
        }

        long iteration = 0;
        NpyArray it = arrays.get("iteration");
        if (it != null) {
            if (it.count() != 1) throw new InvalidInputException(src + ": iteration has shape " + it.shapeString() + "; expected a scalar");
            iteration = it.toLongs(src + ": iteration")[0];
            if (iteration < 0) throw new InvalidInputException(src + ": iteration = " + iteration + " is not allowed: must be >= 0");
        }
        Set<String> others = new TreeSet<>(arrays.keySet());
        for (ParamTensor t : ParamTensor.values()) others.removeAll(List.of(t.fileName(), "m_" + t.fileName(), "v_" + t.fileName()));
        others.removeAll(List.of("S_rec", "iteration"));
        return new LoadedState(new NetworkState(shape, params, m, v, strong, iteration), precision, Set.copyOf(others));
    }

    /** The arrays of a state file: parameters and Adam moments in {@code precision}, {@code S_rec} uint8, {@code iteration} int64. */
    public static Map<String, NpyArray> stateArrays(NetworkState s, DType precision) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        NetworkShape shape = s.shape();
        for (ParamTensor t : ParamTensor.values()) out.put(t.fileName(), NpyArray.floating(precision, s.params().get(t), t.shape(shape)));
        out.put("S_rec", NpyArray.uint8(s.strong(), shape.hidden(), shape.hidden()));
        for (ParamTensor t : ParamTensor.values()) out.put("m_" + t.fileName(), NpyArray.floating(precision, s.adamM().get(t), t.shape(shape)));
        for (ParamTensor t : ParamTensor.values()) out.put("v_" + t.fileName(), NpyArray.floating(precision, s.adamV().get(t), t.shape(shape)));
        out.put("iteration", NpyArray.int64(new long[] {s.iteration()}));
        return out;
    }

    /**
     * Reads and checks a batch for a network of {@code shape}. {@code loss} picks {@code targets}
     * or {@code labels}; when null, the file must hold exactly one of them.
     */
    public static Batch readBatch(Path file, NetworkShape shape, LossKind loss) {
        Map<String, NpyArray> arrays = Npz.read(file);
        String src = file.toString();
        NpyArray inputs = require(arrays, src, "inputs", "(T, B, n_in)");
        if (inputs.rank() != 3 || inputs.shape()[0] == 0 || inputs.shape()[1] == 0) {
            throw new InvalidInputException(src + ": inputs has shape " + inputs.shapeString() + "; expected (T, B, n_in) with T, B >= 1");
        }
        int steps = inputs.shape()[0];
        int size = inputs.shape()[1];
        if (inputs.shape()[2] != shape.nIn()) {
            throw new InvalidInputException(src + ": inputs has shape " + inputs.shapeString() + "; expected (T, B, n_in) with n_in = "
                    + shape.nIn() + " from the state's W_in");
        }
        if (loss == null) {
            boolean hasTargets = arrays.containsKey("targets");
            boolean hasLabels = arrays.containsKey("labels");
            if (hasTargets == hasLabels) {
                throw new InvalidInputException(src + ": " + (hasTargets ? "has both" : "has neither")
                        + " 'targets' (for mse) and 'labels' (for xent); keep one, or set 'loss' in the config");
            }
            loss = hasLabels ? LossKind.XENT : LossKind.MSE;
        }
        double[] targets = null;
        int[] labels = null;
        if (loss == LossKind.MSE) {
            targets = floats(require(arrays, src, "targets", "(T, B, n_out) for loss mse"), src, "targets", new int[] {steps, size, shape.nOut()});
        } else {
            NpyArray l = require(arrays, src, "labels", "(T, B) integers for loss xent");
            requireShape(l, src, "labels", new int[] {steps, size});
            long[] values = l.toLongs(src + ": labels");
            labels = new int[values.length];
            for (int c = 0; c < values.length; c++) {
                if (values[c] < 0 || values[c] >= shape.nOut()) {
                    throw new InvalidInputException(src + ": labels[" + c / size + ", " + c % size + "] = " + values[c]
                            + " is not allowed: must be in [0, n_out) = [0, " + shape.nOut() + ")");
                }
                labels[c] = (int) values[c];
            }
        }
        NpyArray maskArr = require(arrays, src, "mask", "(T, B)");
        requireShape(maskArr, src, "mask", new int[] {steps, size});
        double[] mask = maskArr.toDoubles();
        NpyArray noiseArr = arrays.get("noise");
        double[] noise = noiseArr == null ? null : floats(noiseArr, src, "noise", new int[] {steps, size, shape.hidden()});
        double[] u = floats(inputs, src, "inputs", inputs.shape());
        try {
            return new Batch(steps, size, shape.nIn(), shape.nOut(), u, targets, labels, mask, noise);
        } catch (InvalidInputException e) {
            throw e.within(src);
        }
    }

    /** The arrays of a batch file, floats in {@code precision}. */
    public static Map<String, NpyArray> batchArrays(Batch b, DType precision) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        int steps = b.steps(), size = b.size();
        out.put("inputs", NpyArray.floating(precision, b.inputs(), steps, size, b.nIn()));
        if (b.targets() != null) out.put("targets", NpyArray.floating(precision, b.targets(), steps, size, b.nOut()));
        if (b.labels() != null) out.put("labels", NpyArray.int32(b.labels(), steps, size));
        out.put("mask", NpyArray.floating(precision, b.mask(), steps, size));
        if (b.noise() != null) out.put("noise", NpyArray.floating(precision, b.noise(), steps, size, b.noise().length / (steps * size)));
        return out;
    }

    private static NpyArray require(Map<String, NpyArray> arrays, String src, String name, String expected) {
        NpyArray a = arrays.get(name);
        if (a == null) throw new InvalidInputException(src + ": missing array '" + name + "' " + expected);
        return a;
    }

    private static void requireShape(NpyArray a, String src, String name, int[] expected) {
        if (!a.hasShape(expected)) {
            throw new InvalidInputException(src + ": " + name + " has shape " + a.shapeString() + "; expected " + NpyArray.shapeString(expected));
        }
    }

    /** A floating-point array of the expected shape with finite values, as doubles. */
    private static double[] floats(NpyArray a, String src, String name, int[] expected) {
        requireShape(a, src, name, expected);
        if (!a.dtype().isFloat()) {
            throw new InvalidInputException(src + ": " + name + " has dtype " + a.dtype().numpyName() + "; expected float32 or float64");
        }
        double[] values = a.toDoubles();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) throw new InvalidInputException(src + ": " + name + " entry " + i + " = " + values[i] + " is not finite");
        }
        return values;
    }
}
