package org.psrnn.engine.cpu;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.ForwardResult;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.model.Activation;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.model.Parameters;
import org.psrnn.rng.Philox;
import org.psrnn.rng.Streams;
import org.psrnn.rules.Float32Updates;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.rules.Switching;

/**
 * MODEL.md in float32 on every core: the batch is split across threads for the forward pass and
 * BPTT (no synchronisation inside the T steps), then G and H come from one fused pass over the
 * stored activations (rows split across threads), and one pass over W applies Adam or the
 * Hebbian rule, switching and moment resets. Buffers are allocated once per batch shape; the
 * iteration itself allocates nothing.
 */
public final class CpuEngine implements Engine {
    public static final String NAME = "cpu";

    private final ModelConfig config;
    private final NetworkShape shape;
    private final int n, nIn, nOut;
    private final Kernels kernels;
    private final WorkerPool pool;
    private final int key0, key1;

    // Parameters, Adam moments (index: ParamTensor ordinal), synapse states.
    private final float[][] params = new float[ParamTensor.values().length][];
    private final float[][] adamM = new float[ParamTensor.values().length][];
    private final float[][] adamV = new float[ParamTensor.values().length][];
    private final byte[] strong;
    private long iteration;
    /** W transposed ({@code wT[j][i] = W[i][j]}) and W_in transposed. */
    private final float[] wT, wInT;
    /** W^T (the forward product's B) and W (BPTT's) packed into the kernels' panels; {@code nPanel} columns of them. */
    private final float[] wTPacked, wPacked;
    private final int nPanel;

    // Gradients and Hebbian term of the last pass, and per-part partial sums.
    private final float[][] grads = new float[ParamTensor.values().length][];
    private final float[] hebb, postSquareMean, postMean, preMean, gInT;
    private final double[] postSum, preSum;
    private final double[] partNorm;
    private final int[] partUp, partDown;
    private final Map<Long, Workspace> workspaces = new HashMap<>();
    /** Per part: packing space of the G/H pass. */
    private final float[][] scratch;

    /** What the parallel regions of the current call work on (set before each region runs). */
    private static final class Region {
        Workspace ws;
        long k;
        boolean backward, needH, covariance;
        float scale, inv1, inv2;
    }

    private final Region region = new Region();
    private final java.util.function.IntConsumer forwardRegion = this::forwardRegion;
    private final java.util.function.IntConsumer gradientRegion = this::gradientRegion;
    private final java.util.function.IntConsumer updateRegion = this::updateRegion;
    /** Hyper-parameters in float32, once. */
    private final float lr, beta1, beta2, eps, etaH, decay, wMax, theta, thetaDown;
    private final boolean oja;
    private Workspace lastWorkspace;

    public CpuEngine(ModelConfig config, NetworkState initial, int threads) {
        this(config, initial, threads, Kernels.best());
    }

    /** An engine on the given kernels (tests run both sets). */
    CpuEngine(ModelConfig config, NetworkState initial, int threads, Kernels kernels) {
        this.config = config;
        config.switching().requireResolved();
        this.shape = initial.shape();
        this.n = shape.hidden();
        this.nIn = shape.nIn();
        this.nOut = shape.nOut();
        this.kernels = kernels;
        this.pool = new WorkerPool(Math.max(1, threads));
        this.key0 = Philox.key0(config.seed());
        this.key1 = Philox.key1(config.seed());
        for (ParamTensor t : ParamTensor.values()) {
            int size = t.size(shape);
            params[t.ordinal()] = new float[size];
            adamM[t.ordinal()] = new float[size];
            adamV[t.ordinal()] = new float[size];
            grads[t.ordinal()] = new float[size];
        }
        this.strong = new byte[n * n];
        this.wT = new float[n * n];
        this.wTPacked = new float[n * n];
        this.wPacked = new float[n * n];
        this.nPanel = n - n % kernels.panelWidth();
        this.wInT = new float[nIn * n];
        this.hebb = new float[n * n];
        this.postSquareMean = new float[n];
        this.postMean = new float[n];
        this.preMean = new float[n];
        this.gInT = new float[nIn * n];
        this.postSum = new double[n];
        this.preSum = new double[n];
        this.partNorm = new double[pool.size()];
        this.partUp = new int[pool.size()];
        this.partDown = new int[pool.size()];
        this.scratch = new float[pool.size()][kernels.pairScratchSize(n)];
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
        importState(initial);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Which kernels and how many threads this engine uses. */
    public String describe() {
        return kernels.name() + ", " + pool.size() + " thread" + (pool.size() == 1 ? "" : "s");
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The threads an iteration runs on when called from {@code caller} (tests count their allocations). */
    long[] threadIds(Thread caller) {
        return pool.threadIds(caller);
    }

    // ---------------------------------------------------------------- state

    @Override
    public NetworkState exportState() {
        Parameters p = Parameters.zeros(shape), m = Parameters.zeros(shape), v = Parameters.zeros(shape);
        for (ParamTensor t : ParamTensor.values()) {
            widen(params[t.ordinal()], p.get(t));
            widen(adamM[t.ordinal()], m.get(t));
            widen(adamV[t.ordinal()], v.get(t));
        }
        return new NetworkState(shape, p, m, v, strong.clone(), iteration);
    }

    @Override
    public void importState(NetworkState s) {
        if (!s.shape().equals(shape)) throw new IllegalArgumentException("state shape " + s.shape() + " != engine shape " + shape);
        for (ParamTensor t : ParamTensor.values()) {
            narrow(s.params().get(t), params[t.ordinal()]);
            narrow(s.adamM().get(t), adamM[t.ordinal()]);
            narrow(s.adamV().get(t), adamV[t.ordinal()]);
        }
        System.arraycopy(s.strong(), 0, strong, 0, strong.length);
        iteration = s.iteration();
        float[] w = w();
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) wT[j * n + i] = w[i * n + j];
        transposeInput();
        pack();
    }

    /** Repacks W for the two recurrent products after it changed. */
    private void pack() {
        kernels.packPanels(w(), 0, 1, n, n, n, wTPacked);
        kernels.packPanels(w(), 0, n, 1, n, n, wPacked);
    }

    /** {@code C[rows x N] = A[rows x N] B} with B given packed and plain (row-major) for columns past the panels. */
    private void product(float[] a, int aOff, float[] packed, float[] plain, float[] c, int rows) {
        kernels.gemmPacked(a, aOff, n, packed, n, c, 0, n, rows, nPanel, false);
        if (nPanel < n) kernels.gemm(a, aOff, n, plain, nPanel, n, c, nPanel, n, rows, n - nPanel, n, false);
    }

    private void transposeInput() {
        float[] wIn = params[ParamTensor.W_IN.ordinal()];
        for (int i = 0; i < n; i++) for (int c = 0; c < nIn; c++) wInT[c * n + i] = wIn[i * nIn + c];
    }

    private static void widen(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) to[i] = from[i];
    }

    private static void narrow(double[] from, float[] to) {
        for (int i = 0; i < from.length; i++) to[i] = (float) from[i];
    }

    private float[] w() {
        return params[ParamTensor.W_REC.ordinal()];
    }

    // ---------------------------------------------------------------- Engine

    @Override
    public StepStats step(Batch batch) {
        Workspace ws = prepare(batch);
        long k = iteration;
        double loss = forwardAndBackward(ws, k, true);
        accumulateGradients(ws, true);
        double norm = clippingNorm();
        double scale = config.clip() > 0 && norm > config.clip() ? config.clip() / norm : 1.0;
        update(scale, k);
        iteration = k + 1;
        int up = 0, down = 0;
        for (int p = 0; p < pool.size(); p++) {
            up += partUp[p];
            down += partDown[p];
        }
        int strongCount = 0;
        for (byte s : strong) strongCount += s;
        return new StepStats(loss, norm, scale, up, down, strongCount);
    }

    @Override
    public ForwardResult forward(Batch batch) {
        Workspace ws = prepare(batch);
        double loss = forwardAndBackward(ws, iteration, false);
        double[] y = new double[ws.y.length];
        for (int i = 0; i < y.length; i++) y[i] = ws.y[i];
        return new ForwardResult(y, loss);
    }

    @Override
    public Gradients gradients(Batch batch) {
        Workspace ws = prepare(batch);
        double loss = forwardAndBackward(ws, iteration, true);
        accumulateGradients(ws, false);
        double norm = clippingNorm();
        Parameters g = Parameters.zeros(shape);
        for (ParamTensor t : ParamTensor.values()) widen(grads[t.ordinal()], g.get(t));
        double[] h = new double[n * n];
        for (int i = 0; i < h.length; i++) h[i] = hebb[i];
        return new Gradients(loss, g, h, norm);
    }

    // ---------------------------------------------------------------- benchmark hooks (bench/)

    /** Step 1 alone, with the loss. */
    double benchForward(Batch batch) {
        return forwardAndBackward(prepare(batch), iteration, false);
    }

    /** Steps 1 and 2 up to {@code alpha dL/dx} (BPTT without G and H). */
    double benchForwardBackward(Batch batch) {
        return forwardAndBackward(prepare(batch), iteration, true);
    }

    /** Steps 1 and 2 and the fused G/H pass. */
    void benchGradients(Batch batch) {
        Workspace ws = prepare(batch);
        forwardAndBackward(ws, iteration, true);
        accumulateGradients(ws, true);
    }

    /** Steps 3 to 6 (norm, Adam, Hebbian, switching) on the last gradients, without advancing the iteration. */
    void benchUpdate() {
        double norm = clippingNorm();
        update(config.clip() > 0 && norm > config.clip() ? config.clip() / norm : 1.0, iteration);
    }

    // ---------------------------------------------------------------- buffers

    /** Everything one batch shape needs, allocated once. */
    private final class Workspace {
        final int steps, size, samples;
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

        Workspace(int steps, int size) {
            this.steps = steps;
            this.size = size;
            this.samples = steps * size;
            u = new float[samples * nIn];
            mask = new float[samples];
            targets = new float[samples * nOut];
            labels = new int[samples];
            y = new float[samples * nOut];
            dy = new float[samples * nOut];
            sampleLoss = new double[samples];
            r = new float[(steps + 1) * size * n];
            dxs = new float[samples * n];
            int parts = pool.size();
            int maxSlice = (size + parts - 1) / parts;
            x = new float[parts][maxSlice * n];
            drive = new float[parts][maxSlice * n];
            dxNext = new float[parts][maxSlice * n];
            inputRow = new float[parts][n];
            noiseScratch = new double[parts][2 * n];
        }
    }

    private Workspace prepare(Batch batch) {
        batch.requireFits(shape, config.loss());
        Workspace ws = lastWorkspace;
        if (ws == null || ws.steps != batch.steps() || ws.size != batch.size()) {
            ws = workspaces.computeIfAbsent(((long) batch.steps() << 32) | batch.size(), key -> new Workspace(batch.steps(), batch.size()));
            lastWorkspace = ws;
        }
        copy(batch.inputs(), ws.u);
        copy(batch.mask(), ws.mask);
        double maskSum = 0;
        for (double m : batch.mask()) maskSum += m;
        ws.maskSum = maskSum;
        if (batch.targets() != null) copy(batch.targets(), ws.targets);
        if (batch.labels() != null) System.arraycopy(batch.labels(), 0, ws.labels, 0, ws.samples);
        ws.explicitNoise = batch.noise() != null;
        if (ws.explicitNoise) {
            if (ws.noise == null) ws.noise = new float[ws.samples * n];
            copy(batch.noise(), ws.noise);
        }
        return ws;
    }

    private static void copy(double[] from, float[] to) {
        for (int i = 0; i < from.length; i++) to[i] = (float) from[i];
    }

    // ---------------------------------------------------------------- steps 1 and 2

    /**
     * Forward over T steps (MODEL.md step 1), the loss and {@code dL/dy}, and when {@code backward}
     * BPTT down to {@code alpha * dL/dx} (step 2); each part owns a slice of the batch. Returns the loss.
     */
    private double forwardAndBackward(Workspace ws, long k, boolean backward) {
        region.ws = ws;
        region.k = k;
        region.backward = backward;
        pool.run(forwardRegion);
        // Summed here, sample after sample, so that the order is the same for any number of threads.
        double loss = 0;
        for (double l : ws.sampleLoss) loss += l;
        return ws.maskSum == 0 ? 0.0 : loss;
    }

    /** Part {@code part} of {@link #forwardAndBackward}: its slice of the batch. */
    private void forwardRegion(int part) {
        Workspace ws = region.ws;
        int b0 = WorkerPool.rangeStart(ws.size, pool.size(), part, 1);
        int b1 = WorkerPool.rangeStart(ws.size, pool.size(), part + 1, 1);
        if (b1 > b0) forwardSlice(ws, part, b0, b1, region.k);
        if (region.backward && b1 > b0) backwardSlice(ws, part, b0, b1);
    }

    private void forwardSlice(Workspace ws, int part, int b0, int b1, long k) {
        final int size = ws.size, rows = b1 - b0;
        final float alpha = (float) config.alpha();
        final float noiseScale = (float) (Math.sqrt(2.0 * config.alpha()) * config.sigmaRec());
        final Activation phi = config.activation();
        final float[] x = ws.x[part], drive = ws.drive[part], inp = ws.inputRow[part], r = ws.r;
        final float[] wOut = params[ParamTensor.W_OUT.ordinal()], bRec = params[ParamTensor.B_REC.ordinal()];
        final float[] bOut = params[ParamTensor.B_OUT.ordinal()];
        final float r0 = (float) phi.apply(0.0);
        java.util.Arrays.fill(x, 0, rows * n, 0f);                       // x_{-1} = 0
        java.util.Arrays.fill(r, b0 * n, b1 * n, r0);                    // r_{-1} = phi(0)
        for (int t = 0; t < ws.steps; t++) {
            int prev = (t * size + b0) * n;
            // W r_{t-1} for the whole slice: one (rows x N) x (N x N) product with W transposed.
            product(r, prev, wTPacked, wT, drive, rows);
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

    private void backwardSlice(Workspace ws, int part, int b0, int b1) {
        final int size = ws.size, rows = b1 - b0;
        final float alpha = (float) config.alpha();
        final Activation phi = config.activation();
        final float[] dr = ws.drive[part], dx = ws.dxNext[part];
        final float[] wOut = params[ParamTensor.W_OUT.ordinal()];
        java.util.Arrays.fill(dx, 0, rows * n, 0f);                      // dL/dx_T = 0
        for (int t = ws.steps - 1; t >= 0; t--) {
            int first = t * size + b0;
            // dr_t = alpha W^T dL/dx_{t+1} (one product for the slice) + W_out^T dy_t
            if (t < ws.steps - 1) product(ws.dxs, (first + size) * n, wPacked, w(), dr, rows);
            else java.util.Arrays.fill(dr, 0, rows * n, 0f);
            for (int b = b0; b < b1; b++) {
                int s = t * size + b;
                int o0 = (b - b0) * n;
                for (int o = 0; o < nOut; o++) kernels.axpy(ws.dy[s * nOut + o], wOut, o * n, dr, o0, n);
                kernels.activationGrad(phi, ws.r, (s + size) * n, dr, o0, dx, o0, 1f - alpha, alpha, ws.dxs, s * n, n);
            }
        }
    }

    // ---------------------------------------------------------------- G, H and the small gradients

    /**
     * {@code G = sum_s alpha dx_s r_pre_s^T} and {@code H} (step 5's term) in one fused pass over the
     * stored activations, rows split across parts; then the input/output gradients and Oja's Q.
     * {@code skipUnusedH}: when every synapse is STRONG, H is not computed (the step would not use it).
     */
    private void accumulateGradients(Workspace ws, boolean skipUnusedH) {
        boolean anyWeak = false;
        for (byte s : strong) {
            if (s == 0) {
                anyWeak = true;
                break;
            }
        }
        final boolean needH = anyWeak || !skipUnusedH;
        // Covariance: H on centred rates. G then runs on centred presynaptic rates too and gets
        // back the raw ones by adding (sum_s alpha dx_s) preMean^T = db_rec preMean^T.
        final boolean covariance = needH && config.hebbian().rule() == HebbianRule.COVARIANCE;
        if (covariance) centre(ws);
        region.ws = ws;
        region.needH = needH;
        region.covariance = covariance;
        pool.run(gradientRegion);
    }

    /** Part {@code part} of {@link #accumulateGradients}: its rows of G, H and the small gradients. */
    private void gradientRegion(int part) {
        Workspace ws = region.ws;
        boolean covariance = region.covariance;
        float[] post = covariance ? ws.centredPost : ws.r, pre = covariance ? ws.centredPre : ws.r;
        int postOff = covariance ? 0 : ws.size * n, samples = ws.samples;
        float[] g = grads[ParamTensor.W_REC.ordinal()], gBRec = grads[ParamTensor.B_REC.ordinal()];
        int i0 = WorkerPool.rangeStart(n, pool.size(), part, 4);
        int i1 = WorkerPool.rangeStart(n, pool.size(), part + 1, 4);
        if (i1 <= i0) return;
        java.util.Arrays.fill(g, i0 * n, i1 * n, 0f);
        java.util.Arrays.fill(hebb, i0 * n, i1 * n, 0f);
        if (region.needH) kernels.gemmPairTransposed(ws.dxs, 0, post, postOff, pre, 0, samples, n, g, hebb, i0, i1, scratch[part]);
        else kernels.gemmTransposed(ws.dxs, 0, ws.r, 0, samples, n, g, i0, i1);
        smallGradients(ws, i0, i1);
        if (covariance) for (int i = i0; i < i1; i++) kernels.axpy(gBRec[i], preMean, 0, g, i * n, n);
        float inv = 1f / samples;
        for (int i = i0 * n; i < i1 * n; i++) hebb[i] *= inv;
    }

    /** Rates minus their means over samples (post: r_t, pre: r_{t-1}), for the covariance rule. */
    private void centre(Workspace ws) {
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
    private double clippingNorm() {
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

    // ---------------------------------------------------------------- steps 4-6 in one pass

    private void update(double scale, long k) {
        final double c1 = 1.0 - Math.pow(config.adam().beta1(), k + 1);
        final double c2 = 1.0 - Math.pow(config.adam().beta2(), k + 1);
        region.k = k;
        region.scale = (float) scale;
        region.inv1 = (float) (1.0 / c1);
        region.inv2 = (float) (1.0 / c2);

        // The small dense tensors: Adam on every entry.
        for (ParamTensor t : ParamTensor.values()) {
            if (t == ParamTensor.W_REC) continue;
            float[] p = params[t.ordinal()], g = grads[t.ordinal()], m = adamM[t.ordinal()], v = adamV[t.ordinal()];
            for (int i = 0; i < p.length; i++) p[i] = adam(p[i], region.scale * g[i], m, v, i);
        }
        transposeInput();
        pool.run(updateRegion);
        pack();
    }

    /** Adam on one entry (MODEL.md step 4) with this iteration's bias corrections; returns the new value. */
    private float adam(float param, float g, float[] m, float[] v, int i) {
        return Float32Updates.adam(param, g, m, v, i, lr, beta1, beta2, eps, region.inv1, region.inv2);
    }

    /** Part {@code part} of {@link #update}: steps 4, 5 and 6 on its rows of W, in one pass. */
    private void updateRegion(int part) {
        final float[] w = w(), g = grads[ParamTensor.W_REC.ordinal()];
        final float[] m = adamM[ParamTensor.W_REC.ordinal()], v = adamV[ParamTensor.W_REC.ordinal()];
        final SwitchConfig sw = config.switching();
        final long k = region.k;
        final float sc = region.scale;
        int i0 = WorkerPool.rangeStart(n, pool.size(), part, 1);
        int i1 = WorkerPool.rangeStart(n, pool.size(), part + 1, 1);
        int ups = 0, downs = 0;
        for (int i = i0; i < i1; i++) {
            float q = oja ? postSquareMean[i] : 0f;
            for (int j = 0; j < n; j++) {
                int idx = i * n + j;
                boolean was = strong[idx] == 1;
                float wv = w[idx];
                if (was) {
                    wv = adam(wv, sc * g[idx], m, v, idx);                 // step 4: Adam
                } else {
                    wv = Float32Updates.hebbian(wv, hebb[idx], q, etaH, decay, wMax); // step 5: Hebbian, from the pre-update W
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

    // ---------------------------------------------------------------- provider

    /** Registers the cpu engine with {@link org.psrnn.engine.Engines}. */
    public static final class Provider implements EngineProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            int threads = defaultThreads();
            return "float32, " + threads + " thread" + (threads == 1 ? "" : "s") + ", " + Kernels.best().name();
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }

        @Override
        public Engine create(ModelConfig config, NetworkState state) {
            return new CpuEngine(config, state, defaultThreads());
        }

        @Override
        public Engine create(ModelConfig config, NetworkState state, int threads) {
            return new CpuEngine(config, state, threads > 0 ? threads : defaultThreads());
        }

        /** All cores, or the system property {@code psrnn.threads}. */
        static int defaultThreads() {
            String p = System.getProperty("psrnn.threads");
            if (p != null) {
                try {
                    return Math.max(1, Integer.parseInt(p.strip()));
                } catch (NumberFormatException ignored) {
                    // fall through to all cores
                }
            }
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
