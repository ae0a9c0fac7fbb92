package org.psrnn.engine.cpu;

import org.psrnn.model.Activation;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.ParamTensor;
import org.psrnn.rng.Philox;
import org.psrnn.rng.Streams;

/**
 * MODEL.md step 1 on one part's slice of the batch: the leaky dynamics over T steps, the
 * outputs, and each sample's loss and {@code dL/dy}, stored in the {@link Workspace} for BPTT
 * and the G/H pass. Slices are independent, so the parts run without synchronisation.
 */
final class ForwardPass {
    private final ModelConfig config;
    private final CpuWeights weights;
    private final Kernels kernels;
    private final int n, nIn, nOut;
    private final int key0, key1;

    ForwardPass(ModelConfig config, CpuWeights weights, Kernels kernels, int n, int nIn, int nOut) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.n = n;
        this.nIn = nIn;
        this.nOut = nOut;
        this.key0 = Philox.key0(config.seed());
        this.key1 = Philox.key1(config.seed());
    }

    /** Samples {@code [b0, b1)} of the batch, on part {@code part}'s rows of scratch, at iteration {@code k} (the noise's counter). */
    void slice(Workspace ws, int part, int b0, int b1, long k) {
        final int size = ws.size, rows = b1 - b0;
        final float alpha = (float) config.alpha();
        final float noiseScale = (float) (Math.sqrt(2.0 * config.alpha()) * config.sigmaRec());
        final Activation phi = config.activation();
        final float[] x = ws.x[part], drive = ws.drive[part], inp = ws.inputRow[part], r = ws.r;
        final float[][] params = weights.params;
        final float[] wOut = params[ParamTensor.W_OUT.ordinal()], bRec = params[ParamTensor.B_REC.ordinal()];
        final float[] bOut = params[ParamTensor.B_OUT.ordinal()];
        final float[] wInT = weights.wInT;
        final float r0 = (float) phi.apply(0.0);
        java.util.Arrays.fill(x, 0, rows * n, 0f);                       // x_{-1} = 0
        java.util.Arrays.fill(r, b0 * n, b1 * n, r0);                    // r_{-1} = phi(0)
        for (int t = 0; t < ws.steps; t++) {
            int prev = (t * size + b0) * n;
            // W r_{t-1} for the whole slice: one (rows x N) x (N x N) product with W transposed.
            weights.product(r, prev, weights.wTPacked, weights.wT, drive, rows);
            for (int b = b0; b < b1; b++) {
                int s = t * size + b;
                int xo = (b - b0) * n;
                System.arraycopy(bRec, 0, inp, 0, n);
                for (int c = 0; c < nIn; c++) kernels.axpy(ws.u[s * nIn + c], wInT, c * n, inp, 0, n);
                kernels.integrate(x, xo, drive, xo, inp, 0, n, alpha);
                if (noiseScale != 0f) {
                    if (ws.explicitNoise) kernels.axpy(noiseScale, ws.noise, s * n, x, xo, n);
                    else kernels.addNoise(x, xo, n, noiseScale, key0, key1, b, (int) k, Streams.NOISE | (t << 8), ws.noiseScratch[part]);
                }
                int cur = (s + size) * n;
                kernels.activate(phi, x, xo, r, cur, n);
                for (int o = 0; o < nOut; o++) ws.y[s * nOut + o] = bOut[o] + kernels.dot(wOut, o * n, r, cur, n);
                ws.sampleLoss[s] = outputError(ws, s);
            }
        }
    }

    /** The loss of sample {@code s} (already divided by the normaliser) and its {@code dL/dy}. */
    private double outputError(Workspace ws, int s) {
        float m = ws.mask[s];
        int yo = s * nOut;
        if (ws.maskSum == 0) {
            for (int o = 0; o < nOut; o++) ws.dy[yo + o] = 0f;
            return 0.0;
        }
        if (config.loss() == LossKind.MSE) {
            double denom = nOut * ws.maskSum;
            double loss = 0;
            for (int o = 0; o < nOut; o++) {
                double diff = ws.y[yo + o] - ws.targets[yo + o];
                loss += m * diff * diff;
                ws.dy[yo + o] = (float) (2.0 * m * diff / denom);
            }
            return loss / denom;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < nOut; o++) max = Math.max(max, ws.y[yo + o]);
        double sum = 0;
        for (int o = 0; o < nOut; o++) sum += Math.exp(ws.y[yo + o] - max);
        double logSumExp = max + Math.log(sum);
        int label = ws.labels[s];
        for (int o = 0; o < nOut; o++) {
            double softmax = Math.exp(ws.y[yo + o] - logSumExp);
            ws.dy[yo + o] = (float) (m * (softmax - (o == label ? 1.0 : 0.0)) / ws.maskSum);
        }
        return m * (logSumExp - ws.y[yo + label]) / ws.maskSum;
    }
}
