package org.psrnn.engine.cpu;

import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.model.Parameters;

/**
 * The network's state in float32 as the cpu engine trains it: parameters, Adam moments and
 * synapse states, and W and W_in also in the layouts the products read (transposed, and packed
 * into the kernels' panels). Whoever changes W or W_in brings those copies up to date before the
 * next pass reads them.
 */
final class CpuWeights {
    private final NetworkShape shape;
    private final int n, nIn;
    private final Kernels kernels;

    // Parameters, Adam moments (index: ParamTensor ordinal), synapse states.
    final float[][] params = new float[ParamTensor.values().length][];
    final float[][] adamM = new float[ParamTensor.values().length][];
    final float[][] adamV = new float[ParamTensor.values().length][];
    final byte[] strong;
    /** W transposed ({@code wT[j][i] = W[i][j]}) and W_in transposed. */
    final float[] wT, wInT;
    /** W^T (the forward product's B) and W (BPTT's) packed into the kernels' panels; {@code nPanel} columns of them. */
    final float[] wTPacked, wPacked;
    final int nPanel;

    CpuWeights(NetworkShape shape, Kernels kernels) {
        this.shape = shape;
        this.n = shape.hidden();
        this.nIn = shape.nIn();
        this.kernels = kernels;
        for (ParamTensor t : ParamTensor.values()) {
            int size = t.size(shape);
            params[t.ordinal()] = new float[size];
            adamM[t.ordinal()] = new float[size];
            adamV[t.ordinal()] = new float[size];
        }
        this.strong = new byte[n * n];
        this.wT = new float[n * n];
        this.wTPacked = new float[n * n];
        this.wPacked = new float[n * n];
        this.nPanel = n - n % kernels.panelWidth();
        this.wInT = new float[nIn * n];
    }

    /** The state in float64, at {@code iteration}. */
    NetworkState export(long iteration) {
        Parameters p = Parameters.zeros(shape), m = Parameters.zeros(shape), v = Parameters.zeros(shape);
        for (ParamTensor t : ParamTensor.values()) {
            widen(params[t.ordinal()], p.get(t));
            widen(adamM[t.ordinal()], m.get(t));
            widen(adamV[t.ordinal()], v.get(t));
        }
        return new NetworkState(shape, p, m, v, strong.clone(), iteration);
    }

    /** Takes {@code s}'s parameters, moments and synapse states (its iteration is the engine's to keep). */
    void load(NetworkState s) {
        if (!s.shape().equals(shape)) throw new IllegalArgumentException("state shape " + s.shape() + " != engine shape " + shape);
        for (ParamTensor t : ParamTensor.values()) {
            narrow(s.params().get(t), params[t.ordinal()]);
            narrow(s.adamM().get(t), adamM[t.ordinal()]);
            narrow(s.adamV().get(t), adamV[t.ordinal()]);
        }
        System.arraycopy(s.strong(), 0, strong, 0, strong.length);
        float[] w = w();
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) wT[j * n + i] = w[i * n + j];
        transposeInput();
        pack();
    }

    /** Repacks W for the two recurrent products after it changed. */
    void pack() {
        kernels.packPanels(w(), 0, 1, n, n, n, wTPacked);
        kernels.packPanels(w(), 0, n, 1, n, n, wPacked);
    }

    /** {@code C[rows x N] = A[rows x N] B} with B given packed and plain (row-major) for columns past the panels. */
    void product(float[] a, int aOff, float[] packed, float[] plain, float[] c, int rows) {
        kernels.gemmPacked(a, aOff, n, packed, n, c, 0, n, rows, nPanel, false);
        if (nPanel < n) kernels.gemm(a, aOff, n, plain, nPanel, n, c, nPanel, n, rows, n - nPanel, n, false);
    }

    /** Brings {@link #wInT} up to date with W_in. */
    void transposeInput() {
        float[] wIn = params[ParamTensor.W_IN.ordinal()];
        for (int i = 0; i < n; i++) for (int c = 0; c < nIn; c++) wInT[c * n + i] = wIn[i * nIn + c];
    }

    float[] w() {
        return params[ParamTensor.W_REC.ordinal()];
    }

    static void widen(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) to[i] = from[i];
    }

    private static void narrow(double[] from, float[] to) {
        for (int i = 0; i < from.length; i++) to[i] = (float) from[i];
    }
}
