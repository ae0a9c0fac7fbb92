package org.psrnn.engine.cpu;

import org.psrnn.model.NetworkShape;
import org.psrnn.model.ParamTensor;

/**
 * The gradients and the Hebbian term from the activity a forward pass and BPTT stored:
 * {@code G = sum_s alpha dx_s r_pre_s^T} and {@code H} (step 5's term) in one fused pass, rows
 * split across parts, then the input/output gradients and Oja's Q; and step 3's clipping norm
 * over them. Holds what the update reads: the gradients, H and Q.
 */
final class GradientPass {
    private final CpuWeights weights;
    private final Kernels kernels;
    private final int n, nIn, nOut;

    /** Gradients (index: ParamTensor ordinal), the Hebbian term H and Oja's Q of the last pass. */
    final float[][] grads = new float[ParamTensor.values().length][];
    final float[] hebb, postSquareMean;
    private final float[] postMean, preMean, gInT;
    private final double[] postSum, preSum;
    /** Per part: packing space of the G/H pass. */
    private final float[][] scratch;

    GradientPass(NetworkShape shape, CpuWeights weights, Kernels kernels, int parts) {
        this.weights = weights;
        this.kernels = kernels;
        this.n = shape.hidden();
        this.nIn = shape.nIn();
        this.nOut = shape.nOut();
        for (ParamTensor t : ParamTensor.values()) grads[t.ordinal()] = new float[t.size(shape)];
        this.hebb = new float[n * n];
        this.postSquareMean = new float[n];
        this.postMean = new float[n];
        this.preMean = new float[n];
        this.gInT = new float[nIn * n];
        this.postSum = new double[n];
        this.preSum = new double[n];
        this.scratch = new float[parts][kernels.pairScratchSize(n)];
    }

    /**
     * Part {@code part} of {@code parts}: its rows of G, H and the small gradients. {@code needH}:
     * whether to compute H at all; {@code covariance}: H on the rates {@link #centre} centred, and
     * G on centred presynaptic rates too, which gets back the raw ones by adding
     * {@code (sum_s alpha dx_s) preMean^T = db_rec preMean^T}.
     */
    void rows(Workspace ws, int part, int parts, boolean needH, boolean covariance) {
        float[] post = covariance ? ws.centredPost : ws.r, pre = covariance ? ws.centredPre : ws.r;
        int postOff = covariance ? 0 : ws.size * n, samples = ws.samples;
        float[] g = grads[ParamTensor.W_REC.ordinal()], gBRec = grads[ParamTensor.B_REC.ordinal()];
        int i0 = WorkerPool.rangeStart(n, parts, part, 4);
        int i1 = WorkerPool.rangeStart(n, parts, part + 1, 4);
        if (i1 <= i0) return;
        java.util.Arrays.fill(g, i0 * n, i1 * n, 0f);
        java.util.Arrays.fill(hebb, i0 * n, i1 * n, 0f);
        if (needH) kernels.gemmPairTransposed(ws.dxs, 0, post, postOff, pre, 0, samples, n, g, hebb, i0, i1, scratch[part]);
        else kernels.gemmTransposed(ws.dxs, 0, ws.r, 0, samples, n, g, i0, i1);
        smallGradients(ws, i0, i1);
        if (covariance) for (int i = i0; i < i1; i++) kernels.axpy(gBRec[i], preMean, 0, g, i * n, n);
        float inv = 1f / samples;
        for (int i = i0 * n; i < i1 * n; i++) hebb[i] *= inv;
    }

    /** Rates minus their means over samples (post: r_t, pre: r_{t-1}), for the covariance rule. */
    void centre(Workspace ws) {
        int samples = ws.samples, size = ws.size;
        if (ws.centredPost == null) {
            ws.centredPost = new float[samples * n];
            ws.centredPre = new float[samples * n];
        }
        java.util.Arrays.fill(postSum, 0.0);
        java.util.Arrays.fill(preSum, 0.0);
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                preSum[i] += ws.r[s * n + i];
                postSum[i] += ws.r[(s + size) * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            postMean[i] = (float) (postSum[i] / samples);
            preMean[i] = (float) (preSum[i] / samples);
        }
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                ws.centredPre[s * n + i] = ws.r[s * n + i] - preMean[i];
                ws.centredPost[s * n + i] = ws.r[(s + size) * n + i] - postMean[i];
            }
        }
    }

    /** Rows {@code [i0, i1)} of dW_in, db_rec, columns {@code [i0, i1)} of dW_out, Oja's Q; part 0 also db_out. */
    private void smallGradients(Workspace ws, int i0, int i1) {
        int samples = ws.samples, size = ws.size, len = i1 - i0;
        float[] gIn = grads[ParamTensor.W_IN.ordinal()], gBRec = grads[ParamTensor.B_REC.ordinal()];
        float[] gOut = grads[ParamTensor.W_OUT.ordinal()], gBOut = grads[ParamTensor.B_OUT.ordinal()];
        java.util.Arrays.fill(gBRec, i0, i1, 0f);
        java.util.Arrays.fill(postSquareMean, i0, i1, 0f);
        for (int c = 0; c < nIn; c++) java.util.Arrays.fill(gInT, c * n + i0, c * n + i1, 0f);
        for (int o = 0; o < nOut; o++) java.util.Arrays.fill(gOut, o * n + i0, o * n + i1, 0f);
        for (int s = 0; s < samples; s++) {
            int dxo = s * n + i0, post = (s + size) * n + i0;
            kernels.axpy(1f, ws.dxs, dxo, gBRec, i0, len);
            for (int c = 0; c < nIn; c++) kernels.axpy(ws.u[s * nIn + c], ws.dxs, dxo, gInT, c * n + i0, len);
            kernels.addSquares(ws.r, post, postSquareMean, i0, len);
            for (int o = 0; o < nOut; o++) kernels.axpy(ws.dy[s * nOut + o], ws.r, post, gOut, o * n + i0, len);
        }
        for (int i = i0; i < i1; i++) {
            postSquareMean[i] /= samples;
            for (int c = 0; c < nIn; c++) gIn[i * nIn + c] = gInT[c * n + i];
        }
        if (i0 == 0) {
            for (int o = 0; o < nOut; o++) {
                double sum = 0;
                for (int s = 0; s < samples; s++) sum += ws.dy[s * nOut + o];
                gBOut[o] = (float) sum;
            }
        }
    }

    /** The global norm of step 3 over {@code dW_in, db_rec, dW_out, db_out} and {@code G * S}. */
    double clippingNorm() {
        byte[] strong = weights.strong;
        double sum = 0;
        for (ParamTensor t : ParamTensor.values()) {
            float[] g = grads[t.ordinal()];
            if (t == ParamTensor.W_REC) {
                for (int i = 0; i < g.length; i++) if (strong[i] == 1) sum += (double) g[i] * g[i];
            } else {
                for (float v : g) sum += (double) v * v;
            }
        }
        return Math.sqrt(sum);
    }
}
