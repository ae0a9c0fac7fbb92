package org.psrnn.engine.cpu;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.psrnn.engine.Engine;
import org.psrnn.engine.ForwardResult;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.model.Batch;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.model.Parameters;
import org.psrnn.rules.HebbianRule;

/**
 * MODEL.md in float32 on every core: the batch is split across threads for the forward pass and
 * BPTT (no synchronisation inside the T steps), then G and H come from one fused pass over the
 * stored activations (rows split across threads), and one pass over W applies Adam or the
 * Hebbian rule, switching and moment resets. Buffers are allocated once per batch shape; the
 * iteration itself allocates nothing.
 *
 * <p>This class orders the stages and runs them on its threads; the stages themselves are
 * {@link ForwardPass}, {@link BackwardPass}, {@link GradientPass} and {@link UpdatePass}, on the
 * state in {@link CpuWeights} and the buffers of a {@link Workspace}.
 */
public final class CpuEngine implements Engine {
    public static final String NAME = "cpu";

    private final ModelConfig config;
    private final NetworkShape shape;
    private final Kernels kernels;
    private final WorkerPool pool;
    private final CpuWeights weights;
    private final ForwardPass forwardPass;
    private final BackwardPass backwardPass;
    private final GradientPass gradientPass;
    private final UpdatePass updatePass;
    private long iteration;
    private final Map<Long, Workspace> workspaces = new HashMap<>();
    private Workspace lastWorkspace;

    /** What the parallel regions of the current call work on (set before each region runs). */
    private static final class Region {
        Workspace ws;
        long k;
        boolean backward, needH, covariance;
    }

    private final Region region = new Region();
    private final IntConsumer forwardRegion = this::forwardRegion;
    private final IntConsumer gradientRegion = this::gradientRegion;
    private final IntConsumer updateRegion = this::updateRegion;

    public CpuEngine(ModelConfig config, NetworkState initial, int threads) {
        this(config, initial, threads, Kernels.best());
    }

    /** An engine on the given kernels (tests run both sets). */
    CpuEngine(ModelConfig config, NetworkState initial, int threads, Kernels kernels) {
        this.config = config;
        config.switching().requireResolved();
        this.shape = initial.shape();
        this.kernels = kernels;
        this.pool = new WorkerPool(Math.max(1, threads));
        this.weights = new CpuWeights(shape, kernels);
        this.forwardPass = new ForwardPass(config, weights, kernels, shape.hidden(), shape.nIn(), shape.nOut());
        this.backwardPass = new BackwardPass(config, weights, kernels, shape.hidden(), shape.nOut());
        this.gradientPass = new GradientPass(shape, weights, kernels, pool.size());
        this.updatePass = new UpdatePass(config, weights, gradientPass, shape.hidden(), pool.size());
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
        return weights.export(iteration);
    }

    @Override
    public void importState(NetworkState s) {
        weights.load(s);
        iteration = s.iteration();
    }

    // ---------------------------------------------------------------- Engine

    @Override
    public StepStats step(Batch batch) {
        Workspace ws = prepare(batch);
        long k = iteration;
        double loss = forwardAndBackward(ws, k, true);
        accumulateGradients(ws, true, k);
        double norm = gradientPass.clippingNorm();
        double scale = config.clip() > 0 && norm > config.clip() ? config.clip() / norm : 1.0;
        update(scale, k);
        iteration = k + 1;
        int up = updatePass.switchedUp(), down = updatePass.switchedDown();
        int strongCount = 0;
        for (byte s : weights.strong) strongCount += s;
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
        accumulateGradients(ws, false, iteration);
        double norm = gradientPass.clippingNorm();
        Parameters g = Parameters.zeros(shape);
        for (ParamTensor t : ParamTensor.values()) CpuWeights.widen(gradientPass.grads[t.ordinal()], g.get(t));
        float[] hebb = gradientPass.hebb;
        double[] h = new double[hebb.length];
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
        accumulateGradients(ws, true, iteration);
    }

    /** Steps 3 to 6 (norm, Adam, Hebbian, switching) on the last gradients, without advancing the iteration. */
    void benchUpdate() {
        double norm = gradientPass.clippingNorm();
        update(config.clip() > 0 && norm > config.clip() ? config.clip() / norm : 1.0, iteration);
    }

    // ---------------------------------------------------------------- buffers

    private Workspace prepare(Batch batch) {
        batch.requireFits(shape, config.loss());
        Workspace ws = lastWorkspace;
        if (ws == null || ws.steps != batch.steps() || ws.size != batch.size()) {
            ws = workspaces.computeIfAbsent(((long) batch.steps() << 32) | batch.size(),
                    key -> new Workspace(batch.steps(), batch.size(), shape.hidden(), shape.nIn(), shape.nOut(), pool.size()));
            lastWorkspace = ws;
        }
        ws.load(batch);
        return ws;
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
        if (b1 > b0) forwardPass.slice(ws, part, b0, b1, region.k);
        if (region.backward && b1 > b0) backwardPass.slice(ws, part, b0, b1);
    }

    // ---------------------------------------------------------------- G, H and the small gradients

    /**
     * {@code G = sum_s alpha dx_s r_pre_s^T} and {@code H} (step 5's term) in one fused pass over the
     * stored activations, rows split across parts; then the input/output gradients and Oja's Q.
     * {@code skipUnusedH}: when every synapse is STRONG, or step 5 is off at iteration {@code k}
     * ({@code hebb_until}), H is not computed (the step would not use it).
     */
    private void accumulateGradients(Workspace ws, boolean skipUnusedH, long k) {
        boolean anyWeak = false;
        for (byte s : weights.strong) {
            if (s == 0) {
                anyWeak = true;
                break;
            }
        }
        final boolean needH = (anyWeak && config.hebbian().activeAt(k)) || !skipUnusedH;
        // Covariance: H on centred rates. G then runs on centred presynaptic rates too and gets
        // back the raw ones by adding (sum_s alpha dx_s) preMean^T = db_rec preMean^T.
        final boolean covariance = needH && config.hebbian().rule() == HebbianRule.COVARIANCE;
        if (covariance) gradientPass.centre(ws);
        region.ws = ws;
        region.needH = needH;
        region.covariance = covariance;
        pool.run(gradientRegion);
    }

    /** Part {@code part} of {@link #accumulateGradients}: its rows of G, H and the small gradients. */
    private void gradientRegion(int part) {
        gradientPass.rows(region.ws, part, pool.size(), region.needH, region.covariance);
    }

    // ---------------------------------------------------------------- steps 4-6 in one pass

    private void update(double scale, long k) {
        updatePass.begin(scale, k);
        pool.run(updateRegion);
        weights.pack();
    }

    /** Part {@code part} of {@link #update}: steps 4, 5 and 6 on its rows of W, in one pass. */
    private void updateRegion(int part) {
        updatePass.rows(part, pool.size());
    }
}
