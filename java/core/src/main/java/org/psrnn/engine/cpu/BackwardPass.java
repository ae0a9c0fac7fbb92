package org.psrnn.engine.cpu;

import org.psrnn.model.Activation;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.ParamTensor;

/**
 * MODEL.md step 2 on one part's slice of the batch: BPTT from the stored activity down to
 * {@code alpha * dL/dx} for every sample, which the G/H pass then turns into gradients. Runs
 * right after the same slice's {@link ForwardPass}, with no synchronisation in between.
 */
final class BackwardPass {
    private final ModelConfig config;
    private final CpuWeights weights;
    private final Kernels kernels;
    private final int n, nOut;

    BackwardPass(ModelConfig config, CpuWeights weights, Kernels kernels, int n, int nOut) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.n = n;
        this.nOut = nOut;
    }

    /** Samples {@code [b0, b1)} of the batch, on part {@code part}'s rows of scratch. */
    void slice(Workspace ws, int part, int b0, int b1) {
        final int size = ws.size, rows = b1 - b0;
        final float alpha = (float) config.alpha();
        final Activation phi = config.activation();
        final float[] dr = ws.drive[part], dx = ws.dxNext[part];
        final float[] wOut = weights.params[ParamTensor.W_OUT.ordinal()];
        java.util.Arrays.fill(dx, 0, rows * n, 0f);                      // dL/dx_T = 0
        for (int t = ws.steps - 1; t >= 0; t--) {
            int first = t * size + b0;
            // dr_t = alpha W^T dL/dx_{t+1} (one product for the slice) + W_out^T dy_t
            if (t < ws.steps - 1) weights.product(ws.dxs, (first + size) * n, weights.wPacked, weights.w(), dr, rows);
            else java.util.Arrays.fill(dr, 0, rows * n, 0f);
            for (int b = b0; b < b1; b++) {
                int s = t * size + b;
                int o0 = (b - b0) * n;
                for (int o = 0; o < nOut; o++) kernels.axpy(ws.dy[s * nOut + o], wOut, o * n, dr, o0, n);
                kernels.activationGrad(phi, ws.r, (s + size) * n, dr, o0, dx, o0, 1f - alpha, alpha, ws.dxs, s * n, n);
            }
        }
    }
}
