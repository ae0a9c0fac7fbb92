package org.psrnn.engine.reference;

import org.psrnn.engine.Engine;
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
import org.psrnn.rng.Streams;
import org.psrnn.rules.Adam;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.RandomHebbian;
import org.psrnn.rules.Switching;

/**
 * The oracle: MODEL.md in double precision, plain loops, one thread, written to be read. Every
 * faster engine is held against it; nothing here is optimised beyond skipping work whose result
 * is unused.
 *
 * <p>Layouts: matrices row-major with rows = postsynaptic ({@code W[i][j]} at {@code i*N + j});
 * activity time-major ({@code x[t][b][i]} at {@code (t*B + b)*N + i}).
 */
public final class ReferenceEngine implements Engine {
    public static final String NAME = "reference";

    private final ModelConfig config;
    private final NetworkShape shape;
    private final NetworkState state;

    public ReferenceEngine(ModelConfig config, NetworkState initial) {
        this.config = config;
        config.switching().requireResolved();
        this.shape = initial.shape();
        this.state = initial.copy();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkState exportState() {
        return state.copy();
    }

    @Override
    public void importState(NetworkState s) {
        if (!s.shape().equals(shape)) throw new IllegalArgumentException("state shape " + s.shape() + " != engine shape " + shape);
        for (ParamTensor t : ParamTensor.values()) {
            state.params().set(t, s.params().get(t));
            state.adamM().set(t, s.adamM().get(t));
            state.adamV().set(t, s.adamV().get(t));
        }
        System.arraycopy(s.strong(), 0, state.strong(), 0, s.strong().length);
        state.setIteration(s.iteration());
    }

    // ---------------------------------------------------------------- one iteration

    @Override
    public StepStats step(Batch batch) {
        batch.requireFits(shape, config.loss());
        final int n = shape.hidden();
        final long k = state.iteration();
        final byte[] strong = state.strong();
        final Parameters p = state.params();

        // Steps 1 and 2: forward, loss, BPTT (G dense over all recurrent entries).
        Trace trace = forwardPass(batch, k);
        OutputError err = outputError(batch, trace.y());
        Parameters g = backward(batch, trace, err.dy());

        // Step 3: one scale for every gradient, from the norm over {dW_in, db_rec, dW_out, db_out, G*S}.
        double norm = clippingNorm(g);
        double scale = config.clip() > 0 && norm > config.clip() ? config.clip() / norm : 1.0;

        // Step 5 reads this iteration's activity only; compute it now while the trace is at hand.
        HebbianConfig hebbian = config.hebbian();
        boolean anyWeak = state.strongCount() < n * n && hebbian.activeAt(k);
        double[] h = anyWeak ? HebbianTerms.hebbianTerm(trace, n, hebbian.rule()) : null;
        double[] q = anyWeak && hebbian.rule() == HebbianRule.OJA ? HebbianTerms.postSquareMean(trace, n) : null;
        if (anyWeak && hebbian.term() == HebbianTerm.RANDOM) {
            // The control: H's norm over the WEAK synapses, none of its structure.
            double[] z = new double[n * n];
            double c = RandomHebbian.draw(idx -> h[idx], strong, config.seed(), k, n, z);
            for (int idx = 0; idx < h.length; idx++) h[idx] = c * z[idx];
        }

        // Step 4: Adam with k = iteration + 1 on the input/output/bias tensors, and on W where S = 1.
        Adam adam = new Adam(config.adam(), k + 1);
        for (ParamTensor t : ParamTensor.values()) {
            double[] w = p.get(t);
            double[] grad = g.get(t);
            double[] m = state.adamM().get(t);
            double[] v = state.adamV().get(t);
            for (int idx = 0; idx < w.length; idx++) {
                if (t == ParamTensor.W_REC && strong[idx] == 0) continue; // WEAK: moments frozen
                w[idx] = adam.update(w[idx], scale * grad[idx], m, v, idx);
            }
        }

        // Step 5: Hebbian update of WEAK synapses, from the pre-update W (Adam did not touch them);
        // none from iteration hebb_until on.
        double[] w = p.wRec();
        if (anyWeak) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int idx = i * n + j;
                    if (strong[idx] == 0) w[idx] = hebbian.update(w[idx], h[idx], q == null ? 0.0 : q[i]);
                }
            }
        }

        // Step 6: switching from the updated W; WEAK -> STRONG starts with fresh moments.
        int up = 0;
        int down = 0;
        double[] mRec = state.adamM().wRec();
        double[] vRec = state.adamV().wRec();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int idx = i * n + j;
                boolean was = strong[idx] == 1;
                boolean now = Switching.nextStrong(config.switching(), was, w[idx], config.seed(), k, i, j);
                if (now && !was) {
                    up++;
                    mRec[idx] = 0.0;
                    vRec[idx] = 0.0;
                } else if (was && !now) {
                    down++;
                }
                strong[idx] = (byte) (now ? 1 : 0);
            }
        }

        // Step 7.
        state.setIteration(k + 1);
        return new StepStats(err.loss(), norm, scale, up, down, state.strongCount());
    }

    @Override
    public ForwardResult forward(Batch batch) {
        batch.requireFits(shape, config.loss());
        Trace trace = forwardPass(batch, state.iteration());
        return new ForwardResult(trace.y(), outputError(batch, trace.y()).loss());
    }

    @Override
    public Gradients gradients(Batch batch) {
        batch.requireFits(shape, config.loss());
        Trace trace = forwardPass(batch, state.iteration());
        OutputError err = outputError(batch, trace.y());
        Parameters g = backward(batch, trace, err.dy());
        return new Gradients(err.loss(), g, HebbianTerms.hebbianTerm(trace, shape.hidden(), config.hebbian().rule()), clippingNorm(g));
    }

    // ---------------------------------------------------------------- step 1: forward

    /** Step 1 over the whole batch at iteration {@code k} (the noise's counter): x, r and y in a {@link Trace}. */
    private Trace forwardPass(Batch batch, long k) {
        final int n = shape.hidden(), nIn = shape.nIn(), nOut = shape.nOut();
        final int steps = batch.steps(), size = batch.size();
        final double a = config.alpha();
        final double noiseScale = Math.sqrt(2.0 * a) * config.sigmaRec();
        final Activation phi = config.activation();
        final Parameters p = state.params();
        final double[] w = p.wRec(), wIn = p.wIn(), wOut = p.wOut(), bRec = p.bRec(), bOut = p.bOut();
        final double[] u = batch.inputs();

        double[] x = new double[steps * size * n];
        double[] r = new double[(steps + 1) * size * n];
        double[] y = new double[steps * size * nOut];
        java.util.Arrays.fill(r, 0, size * n, phi.apply(0.0)); // x_{-1} = 0, r_{-1} = phi(0)

        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < size; b++) {
                int rPrev = (t * size + b) * n;        // r_{t-1}[b]
                int rCur = ((t + 1) * size + b) * n;   // r_t[b]
                int xCur = (t * size + b) * n;
                int xPrev = xCur - size * n;           // x_{t-1}[b], valid for t > 0
                int uCur = (t * size + b) * nIn;
                for (int i = 0; i < n; i++) {
                    double drive = bRec[i];
                    for (int j = 0; j < n; j++) drive += w[i * n + j] * r[rPrev + j];
                    for (int c = 0; c < nIn; c++) drive += wIn[i * nIn + c] * u[uCur + c];
                    double xOld = t > 0 ? x[xPrev + i] : 0.0;
                    double noise = noiseScale == 0.0 ? 0.0 : noiseScale * noise(batch, k, t, b, i);
                    x[xCur + i] = (1.0 - a) * xOld + a * drive + noise;
                    r[rCur + i] = phi.apply(x[xCur + i]);
                }
                int yCur = (t * size + b) * nOut;
                for (int o = 0; o < nOut; o++) {
                    double out = bOut[o];
                    for (int i = 0; i < n; i++) out += wOut[o * n + i] * r[rCur + i];
                    y[yCur + o] = out;
                }
            }
        }
        return new Trace(steps, size, x, r, y);
    }

    /** {@code xi_t[b][i]}: the batch's own noise when it has some, else Philox stream 4 of iteration k. */
    private double noise(Batch batch, long k, int t, int b, int i) {
        if (batch.noise() != null) return batch.noise()[(t * batch.size() + b) * shape.hidden() + i];
        return Streams.noise(config.seed(), k, t, b, i);
    }

    // ---------------------------------------------------------------- step 2: loss and BPTT

    /** The loss and {@code dL/dy_t[b][k]}. */
    private record OutputError(double loss, double[] dy) {}

    private OutputError outputError(Batch batch, double[] y) {
        final int nOut = shape.nOut();
        final int cells = batch.steps() * batch.size();
        final double[] mask = batch.mask();
        double maskSum = 0;
        for (int c = 0; c < cells; c++) maskSum += mask[c];
        double[] dy = new double[y.length];
        if (maskSum == 0) return new OutputError(0.0, dy); // nothing is scored: no loss, no gradient

        double loss = 0;
        if (config.loss() == LossKind.MSE) {
            double denom = nOut * maskSum;
            for (int c = 0; c < cells; c++) {
                for (int o = 0; o < nOut; o++) {
                    double diff = y[c * nOut + o] - batch.targets()[c * nOut + o];
                    loss += mask[c] * diff * diff;
                    dy[c * nOut + o] = 2.0 * mask[c] * diff / denom;
                }
            }
            return new OutputError(loss / denom, dy);
        }
        for (int c = 0; c < cells; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < nOut; o++) max = Math.max(max, y[c * nOut + o]);
            double sum = 0;
            for (int o = 0; o < nOut; o++) sum += Math.exp(y[c * nOut + o] - max);
            double logSumExp = max + Math.log(sum);
            int label = batch.labels()[c];
            loss += mask[c] * (logSumExp - y[c * nOut + label]);
            for (int o = 0; o < nOut; o++) {
                double softmax = Math.exp(y[c * nOut + o] - logSumExp);
                dy[c * nOut + o] = mask[c] * (softmax - (o == label ? 1.0 : 0.0)) / maskSum;
            }
        }
        return new OutputError(loss / maskSum, dy);
    }

    /** Backpropagation through time: gradients of every tensor, {@code G = dL/dW} dense. */
    private Parameters backward(Batch batch, Trace trace, double[] dy) {
        final int n = shape.hidden(), nIn = shape.nIn(), nOut = shape.nOut();
        final int steps = batch.steps(), size = batch.size();
        final double a = config.alpha();
        final Activation phi = config.activation();
        final Parameters p = state.params();
        final double[] w = p.wRec(), wOut = p.wOut(), u = batch.inputs();
        final double[] x = trace.x(), r = trace.r();

        Parameters g = Parameters.zeros(shape);
        double[] gW = g.wRec(), gWIn = g.wIn(), gWOut = g.wOut(), gBRec = g.bRec(), gBOut = g.bOut();
        double[] dxNext = new double[size * n]; // dL/dx_{t+1}, zero beyond the last step
        double[] dx = new double[size * n];

        for (int t = steps - 1; t >= 0; t--) {
            for (int b = 0; b < size; b++) {
                int yCur = (t * size + b) * nOut;
                int xCur = (t * size + b) * n;
                for (int i = 0; i < n; i++) {
                    // r_t feeds y_t through W_out and x_{t+1} through alpha W.
                    double dr = 0;
                    for (int o = 0; o < nOut; o++) dr += wOut[o * n + i] * dy[yCur + o];
                    for (int post = 0; post < n; post++) dr += a * w[post * n + i] * dxNext[b * n + post];
                    dx[b * n + i] = dr * phi.derivative(x[xCur + i]) + (1.0 - a) * dxNext[b * n + i];
                }
            }
            for (int b = 0; b < size; b++) {
                int rPrev = (t * size + b) * n;
                int rCur = ((t + 1) * size + b) * n;
                int uCur = (t * size + b) * nIn;
                int yCur = (t * size + b) * nOut;
                for (int i = 0; i < n; i++) {
                    double d = a * dx[b * n + i]; // dL/d(drive_t[b][i])
                    for (int j = 0; j < n; j++) gW[i * n + j] += d * r[rPrev + j];
                    for (int c = 0; c < nIn; c++) gWIn[i * nIn + c] += d * u[uCur + c];
                    gBRec[i] += d;
                }
                for (int o = 0; o < nOut; o++) {
                    gBOut[o] += dy[yCur + o];
                    for (int i = 0; i < n; i++) gWOut[o * n + i] += dy[yCur + o] * r[rCur + i];
                }
            }
            double[] swap = dxNext;
            dxNext = dx;
            dx = swap;
        }
        return g;
    }

    // ---------------------------------------------------------------- step 3: clipping norm

    /** The global L2 norm over {@code dW_in, db_rec, dW_out, db_out} and {@code G * S}. */
    private double clippingNorm(Parameters g) {
        double sum = 0;
        byte[] strong = state.strong();
        for (ParamTensor t : ParamTensor.values()) {
            double[] a = g.get(t);
            for (int idx = 0; idx < a.length; idx++) {
                if (t == ParamTensor.W_REC && strong[idx] == 0) continue;
                sum += a[idx] * a[idx];
            }
        }
        return Math.sqrt(sum);
    }
}
