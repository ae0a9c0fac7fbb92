package org.psrnn.engine.cpu;

import org.psrnn.model.ModelConfig;
import org.psrnn.model.ParamTensor;
import org.psrnn.rules.Float32Updates;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.RandomHebbian;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.Switching;

/**
 * MODEL.md steps 4 to 6 on the last {@link GradientPass}: Adam on the small dense tensors, then
 * one pass over W, rows split across parts, that applies Adam to STRONG synapses, the Hebbian
 * rule to WEAK ones, switching and the moment resets, and keeps W's transpose in step.
 * Hyper-parameters are narrowed to float32 once.
 */
final class UpdatePass {
    private final ModelConfig config;
    private final CpuWeights weights;
    private final GradientPass gradients;
    private final int n;
    private final float lr, beta1, beta2, eps, etaH, decay, wMax, theta, thetaDown;
    private final boolean oja;
    /** Per part: the synapses that switched up and down in the last update. */
    private final int[] partUp, partDown;

    // This iteration's: set by begin before the parts run.
    private long k;
    private float scale, inv1, inv2;
    /** Whether step 5 runs ({@code hebb_until}), and the random control's scale c and normals z (MODEL.md step 5). */
    private boolean hebbianActive;
    private double randomScale;
    private double[] randomNormals;

    UpdatePass(ModelConfig config, CpuWeights weights, GradientPass gradients, int n, int parts) {
        this.config = config;
        this.weights = weights;
        this.gradients = gradients;
        this.n = n;
        this.partUp = new int[parts];
        this.partDown = new int[parts];
        this.lr = (float) config.adam().lr();
        this.beta1 = (float) config.adam().beta1();
        this.beta2 = (float) config.adam().beta2();
        this.eps = (float) config.adam().eps();
        this.etaH = (float) config.hebbian().etaH();
        this.decay = (float) config.hebbian().lambda();
        this.wMax = (float) config.hebbian().wMax();
        this.oja = config.hebbian().rule() == HebbianRule.OJA;
        this.theta = Float32Updates.thresholdAbove(config.switching().theta());
        this.thetaDown = Float32Updates.thresholdAbove((1.0 - config.switching().hysteresis()) * config.switching().theta());
    }

    /**
     * Iteration {@code k}'s bias corrections and gradient scale, and Adam on every entry of the small
     * dense tensors (W_in's transpose follows); W is left to {@link #rows}.
     */
    void begin(double scale, long k) {
        final double c1 = 1.0 - Math.pow(config.adam().beta1(), k + 1);
        final double c2 = 1.0 - Math.pow(config.adam().beta2(), k + 1);
        this.k = k;
        this.scale = (float) scale;
        this.inv1 = (float) (1.0 / c1);
        this.inv2 = (float) (1.0 / c2);
        this.hebbianActive = config.hebbian().activeAt(k);
        if (hebbianActive && config.hebbian().term() == HebbianTerm.RANDOM) {
            if (randomNormals == null) randomNormals = new double[n * n];
            final float[] hebb = gradients.hebb;
            randomScale = RandomHebbian.draw(idx -> hebb[idx], weights.strong, config.seed(), k, n, randomNormals);
        }

        // The small dense tensors: Adam on every entry.
        float[][] params = weights.params, grads = gradients.grads;
        for (ParamTensor t : ParamTensor.values()) {
            if (t == ParamTensor.W_REC) continue;
            float[] p = params[t.ordinal()], g = grads[t.ordinal()], m = weights.adamM[t.ordinal()], v = weights.adamV[t.ordinal()];
            for (int i = 0; i < p.length; i++) p[i] = adam(p[i], this.scale * g[i], m, v, i);
        }
        weights.transposeInput();
    }

    /** Adam on one entry (MODEL.md step 4) with this iteration's bias corrections; returns the new value. */
    private float adam(float param, float g, float[] m, float[] v, int i) {
        return Float32Updates.adam(param, g, m, v, i, lr, beta1, beta2, eps, inv1, inv2);
    }

    /** Part {@code part} of {@code parts}: steps 4, 5 and 6 on its rows of W, in one pass. */
    void rows(int part, int parts) {
        final float[] w = weights.w(), g = gradients.grads[ParamTensor.W_REC.ordinal()];
        final float[] m = weights.adamM[ParamTensor.W_REC.ordinal()], v = weights.adamV[ParamTensor.W_REC.ordinal()];
        final float[] hebb = gradients.hebb, postSquareMean = gradients.postSquareMean, wT = weights.wT;
        final byte[] strong = weights.strong;
        final SwitchConfig sw = config.switching();
        final long k = this.k;
        final float sc = scale;
        final boolean random = config.hebbian().term() == HebbianTerm.RANDOM;
        int i0 = WorkerPool.rangeStart(n, parts, part, 1);
        int i1 = WorkerPool.rangeStart(n, parts, part + 1, 1);
        int ups = 0, downs = 0;
        for (int i = i0; i < i1; i++) {
            float q = oja ? postSquareMean[i] : 0f;
            for (int j = 0; j < n; j++) {
                int idx = i * n + j;
                boolean was = strong[idx] == 1;
                float wv = w[idx];
                if (was) {
                    wv = adam(wv, sc * g[idx], m, v, idx);                 // step 4: Adam
                } else if (hebbianActive) {                                 // step 5: Hebbian, from the pre-update W
                    float h = random ? (float) (randomScale * randomNormals[idx]) : hebb[idx];
                    wv = Float32Updates.hebbian(wv, h, q, etaH, decay, wMax);
                }
                boolean now = switch (sw.mode()) {                        // step 6: switching
                    case NONE -> was;
                    case THRESHOLD -> was ? Math.abs(wv) >= thetaDown : Math.abs(wv) >= theta;
                    case STOCHASTIC -> Switching.nextStrong(sw, was, wv, config.seed(), k, i, j);
                };
                if (now && !was) {
                    ups++;
                    m[idx] = 0f;
                    v[idx] = 0f;
                } else if (was && !now) {
                    downs++;
                }
                strong[idx] = (byte) (now ? 1 : 0);
                w[idx] = wv;
                wT[j * n + i] = wv;
            }
        }
        partUp[part] = ups;
        partDown[part] = downs;
    }

    /** The synapses that switched WEAK to STRONG in the last update, over all parts. */
    int switchedUp() {
        int up = 0;
        for (int u : partUp) up += u;
        return up;
    }

    /** The synapses that switched STRONG to WEAK in the last update, over all parts. */
    int switchedDown() {
        int down = 0;
        for (int d : partDown) down += d;
        return down;
    }
}
