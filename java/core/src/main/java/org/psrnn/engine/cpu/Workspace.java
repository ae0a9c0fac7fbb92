package org.psrnn.engine.cpu;

import org.psrnn.model.Batch;

/**
 * Everything one batch shape needs, allocated once so that an iteration allocates nothing: the
 * batch in float32, the activity the forward pass stores for BPTT and the G/H pass, and each
 * part's rows of scratch.
 */
final class Workspace {
    final int steps, size, samples;
    private final int n;
    final float[] u, mask, targets, y, dy;
    /** Each sample's share of the loss, summed in sample order whatever the threads. */
    final double[] sampleLoss;
    final int[] labels;
    float[] noise;
    /** {@code r_{-1} .. r_{T-1}}: {@code r_t[b][i]} at {@code ((t + 1) * B + b) * N + i}. */
    final float[] r;
    /** {@code alpha * dL/dx_t[b][i]} at {@code (t * B + b) * N + i}. */
    final float[] dxs;
    /** Per part: current x, recurrent drive or dr, dx of the next step, input projection row. */
    final float[][] x, drive, dxNext, inputRow;
    final double[][] noiseScratch;
    float[] centredPost, centredPre;
    double maskSum;
    boolean explicitNoise;

    /** Buffers for batches of {@code steps x size} samples on {@code n} hidden units, split into {@code parts}. */
    Workspace(int steps, int size, int n, int nIn, int nOut, int parts) {
        this.steps = steps;
        this.size = size;
        this.samples = steps * size;
        this.n = n;
        u = new float[samples * nIn];
        mask = new float[samples];
        targets = new float[samples * nOut];
        labels = new int[samples];
        y = new float[samples * nOut];
        dy = new float[samples * nOut];
        sampleLoss = new double[samples];
        r = new float[(steps + 1) * size * n];
        dxs = new float[samples * n];
        int maxSlice = (size + parts - 1) / parts;
        x = new float[parts][maxSlice * n];
        drive = new float[parts][maxSlice * n];
        dxNext = new float[parts][maxSlice * n];
        inputRow = new float[parts][n];
        noiseScratch = new double[parts][2 * n];
    }

    /** Copies {@code batch} (of this workspace's shape, checked to fit the network) into the buffers. */
    void load(Batch batch) {
        copy(batch.inputs(), u);
        copy(batch.mask(), mask);
        double sum = 0;
        for (double m : batch.mask()) sum += m;
        maskSum = sum;
        if (batch.targets() != null) copy(batch.targets(), targets);
        if (batch.labels() != null) System.arraycopy(batch.labels(), 0, labels, 0, samples);
        explicitNoise = batch.noise() != null;
        if (explicitNoise) {
            if (noise == null) noise = new float[samples * n];
            copy(batch.noise(), noise);
        }
    }

    private static void copy(double[] from, float[] to) {
        for (int i = 0; i < from.length; i++) to[i] = (float) from[i];
    }
}
