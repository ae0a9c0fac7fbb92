package org.psrnn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.psrnn.model.Activation;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.model.Parameters;
import org.psrnn.rng.Philox;
import org.psrnn.rules.Adam;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;

/**
 * What every engine must do, checked against hand-built cases and the per-entry rules (which
 * have their own tests). Subclasses say how to make the engine and how close it must come.
 */
public abstract class EngineContract {
    protected static final NetworkShape SHAPE = new NetworkShape(3, 7, 4);

    /** An engine of the kind under test. */
    protected abstract Engine create(ModelConfig config, NetworkState state);

    /** Relative tolerance on values (0 for a double-precision engine compared with itself). */
    protected abstract double tolerance();

    protected ModelConfig config(SwitchMode mode) {
        ModelConfig c = ModelConfig.defaults(LossKind.XENT)
                .withAdam(new AdamConfig(0.01, 0.9, 0.999, 1e-8))
                .withHebbian(new HebbianConfig(HebbianRule.PLAIN, 0.05, 0.01, Double.POSITIVE_INFINITY))
                .withClip(0); // clipping has its own test
        return c.withSwitching(new SwitchConfig(mode, 0.35, 0.0, 0.5, Double.NaN));
    }

    private static NetworkState withStrong(NetworkState s, int strongValue) {
        NetworkState c = s.copy();
        Arrays.fill(c.strong(), (byte) strongValue);
        return c;
    }

    private void assertClose(double expected, double actual, String what) {
        double tol = tolerance() * Math.max(1.0, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", got " + actual);
    }

    private void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertClose(expected[i], actual[i], what + "[" + i + "]");
    }

    /** What MODEL.md step 4 does to every dense tensor, given the gradients and the clipping scale. */
    private static void adamByRule(NetworkState before, Parameters grads, double scale, ParamTensor t, double[] expectedW,
                                   double[] expectedM, double[] expectedV, AdamConfig cfg, byte[] strongMask) {
        Adam adam = new Adam(cfg, before.iteration() + 1);
        double[] w = before.params().get(t);
        for (int i = 0; i < w.length; i++) {
            if (strongMask != null && strongMask[i] == 0) {
                expectedW[i] = w[i];
                expectedM[i] = before.adamM().get(t)[i];
                expectedV[i] = before.adamV().get(t)[i];
                continue;
            }
            double[] m = {before.adamM().get(t)[i]};
            double[] v = {before.adamV().get(t)[i]};
            expectedW[i] = adam.update(w[i], scale * grads.get(t)[i], m, v, 0);
            expectedM[i] = m[0];
            expectedV[i] = v[0];
        }
    }

    @Test
    void bpPresetNeverChangesSAndIsPlainBpttWithAdam() {
        ModelConfig cfg = config(SwitchMode.NONE);
        NetworkState before = withStrong(Fixtures.randomState(SHAPE, 1.0, 11), 1);
        Batch batch = Fixtures.randomBatch(SHAPE, 6, 3, LossKind.XENT, false, 12);
        try (Engine e = create(cfg, before)) {
            before = e.exportState(); // the engine's own representation (float32 engines round)
            Gradients g = e.gradients(batch);
            StepStats stats = e.step(batch);
            NetworkState after = e.exportState();
            assertArrayEquals(before.strong(), after.strong());
            assertEquals(0, stats.switchesUp() + stats.switchesDown());
            for (ParamTensor t : ParamTensor.values()) {
                int n = before.params().get(t).length;
                double[] w = new double[n], m = new double[n], v = new double[n];
                adamByRule(before, g.grads(), 1.0, t, w, m, v, cfg.adam(), null);
                assertClose(w, after.params().get(t), t.fileName());
                assertClose(m, after.adamM().get(t), "m_" + t.fileName());
                assertClose(v, after.adamV().get(t), "v_" + t.fileName());
            }
            assertEquals(before.iteration() + 1, after.iteration());
        }
    }

    @Test
    void hebbPresetNeverRunsAdamOnW() {
        ModelConfig cfg = config(SwitchMode.NONE);
        NetworkState before = withStrong(Fixtures.randomState(SHAPE, 0.0, 21), 0);
        Batch batch = Fixtures.randomBatch(SHAPE, 5, 4, LossKind.XENT, true, 22);
        try (Engine e = create(cfg, before)) {
            before = e.exportState(); // the engine's own representation (float32 engines round)
            Gradients g = e.gradients(batch);
            e.step(batch);
            NetworkState after = e.exportState();
            double[] w = before.params().wRec();
            double[] expected = new double[w.length];
            for (int i = 0; i < w.length; i++) expected[i] = cfg.hebbian().update(w[i], g.hebbian()[i], 0.0);
            assertClose(expected, after.params().wRec(), "W_rec");
            assertArrayEquals(before.adamM().wRec(), after.adamM().wRec(), "m_W_rec frozen");
            assertArrayEquals(before.adamV().wRec(), after.adamV().wRec(), "v_W_rec frozen");
            assertNotEquals(before.params().wOut()[0], after.params().wOut()[0], "W_out still learns by Adam");
        }
    }

    @Test
    void mixedStatesUpdateStrongByAdamAndWeakByHebbianWithFrozenMoments() {
        ModelConfig cfg = config(SwitchMode.NONE);
        NetworkState before = Fixtures.randomState(SHAPE, 0.5, 31);
        Batch batch = Fixtures.randomBatch(SHAPE, 6, 2, LossKind.XENT, false, 32);
        try (Engine e = create(cfg, before)) {
            before = e.exportState(); // the engine's own representation (float32 engines round)
            Gradients g = e.gradients(batch);
            e.step(batch);
            NetworkState after = e.exportState();
            int n = before.params().wRec().length;
            double[] w = new double[n], m = new double[n], v = new double[n];
            adamByRule(before, g.grads(), 1.0, ParamTensor.W_REC, w, m, v, cfg.adam(), before.strong());
            for (int i = 0; i < n; i++) {
                if (before.strong()[i] == 0) w[i] = cfg.hebbian().update(before.params().wRec()[i], g.hebbian()[i], 0.0);
            }
            assertClose(w, after.params().wRec(), "W_rec");
            assertClose(m, after.adamM().wRec(), "m_W_rec");
            assertClose(v, after.adamV().wRec(), "v_W_rec");
        }
    }

    @Test
    void weakToStrongStartsWithZeroMomentsAndStrongToWeakKeepsThem() {
        ModelConfig cfg = config(SwitchMode.THRESHOLD).withHebbian(new HebbianConfig(HebbianRule.PLAIN, 0.0, 0.0, Double.POSITIVE_INFINITY));
        NetworkState before = Fixtures.randomState(SHAPE, 0.5, 41);
        double theta = cfg.switching().theta();
        double[] w = before.params().wRec();
        // Synapse 0: WEAK but already above theta -> goes up. Synapse 1: STRONG far below -> goes down.
        w[0] = 2 * theta;
        before.strong()[0] = 0;
        w[1] = 0.01 * theta;
        before.strong()[1] = 1;
        assertNotEquals(0.0, before.adamM().wRec()[0]);
        Batch batch = Fixtures.randomBatch(SHAPE, 4, 2, LossKind.XENT, false, 42);
        try (Engine e = create(cfg, before)) {
            before = e.exportState(); // the engine's own representation (float32 engines round)
            StepStats stats = e.step(batch);
            NetworkState after = e.exportState();
            assertEquals(1, after.strong()[0]);
            assertEquals(0.0, after.adamM().wRec()[0], 0.0);
            assertEquals(0.0, after.adamV().wRec()[0], 0.0);
            assertEquals(0, after.strong()[1]);
            assertNotEquals(0.0, after.adamV().wRec()[1], "moments of a synapse that went WEAK are kept, frozen");
            assertTrue(stats.switchesUp() >= 1 && stats.switchesDown() >= 1);
            int n = SHAPE.hidden() * SHAPE.hidden();
            for (int i = 0; i < n; i++) {
                assertEquals(Math.abs(after.params().wRec()[i]) >= theta ? 1 : 0, after.strong()[i], "S after threshold switching at " + i);
            }
            assertEquals(after.strongCount(), stats.strongCount());
        }
    }

    @Test
    void thresholdComparesWithThetaExactlyNotWithThetaRoundedToFloat() {
        // theta lies just above 0.5, so rounding it to the nearest float gives 0.5 itself: a weight
        // of exactly 0.5 is below theta (stays WEAK), the next float above 0.5 is not (goes STRONG).
        double theta = 0.5 + 1e-12;
        double above = Math.nextUp(0.5f);
        ModelConfig cfg = config(SwitchMode.THRESHOLD)
                .withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, theta, 0.0, 0.1, Double.NaN))
                .withHebbian(new HebbianConfig(HebbianRule.PLAIN, 0.0, 0.0, Double.POSITIVE_INFINITY)); // W stays put
        NetworkState before = withStrong(Fixtures.randomState(SHAPE, 0.0, 45), 0);
        double[] w = before.params().wRec();
        for (int i = 0; i < w.length; i++) w[i] = (i % 2 == 0 ? 1 : -1) * (i % 3 == 0 ? above : 0.5);
        try (Engine e = create(cfg, before)) {
            e.step(Fixtures.randomBatch(SHAPE, 3, 2, LossKind.XENT, false, 46));
            NetworkState after = e.exportState();
            for (int i = 0; i < w.length; i++) {
                assertEquals(w[i], after.params().wRec()[i], 0.0, "W_rec[" + i + "] unchanged with eta_h = 0");
                assertEquals(i % 3 == 0 ? 1 : 0, after.strong()[i], "S[" + i + "] for |W| = " + Math.abs(w[i]) + ", theta = " + theta);
            }
        }
    }

    @Test
    void hysteresisKeepsStrongSynapsesInsideTheBand() {
        ModelConfig cfg = config(SwitchMode.THRESHOLD);
        cfg = cfg.withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.4, 0.5, 0.1, Double.NaN)); // band [0.2, 0.4)
        NetworkState before = withStrong(Fixtures.randomState(SHAPE, 1.0, 51), 1);
        double[] w = before.params().wRec();
        for (int i = 0; i < w.length; i++) w[i] = (i % 2 == 0 ? 1 : -1) * (0.21 + 0.17 * (i % 7) / 7.0); // all within [0.21, 0.38]
        Batch batch = Fixtures.randomBatch(SHAPE, 4, 2, LossKind.XENT, false, 52);
        try (Engine e = create(cfg.withAdam(new AdamConfig(1e-4, 0.9, 0.999, 1e-8)), before)) {
            StepStats stats = e.step(batch);
            assertEquals(0, stats.switchesDown(), "every synapse stays STRONG inside the band");
            assertEquals(w.length, e.exportState().strongCount());
        }
        ModelConfig noHysteresis = cfg.withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.4, 0.0, 0.1, Double.NaN))
                .withAdam(new AdamConfig(1e-4, 0.9, 0.999, 1e-8));
        try (Engine e = create(noHysteresis, before)) {
            StepStats stats = e.step(batch);
            assertEquals(w.length, stats.switchesDown(), "without hysteresis all fall below theta");
        }
    }

    @Test
    void stochasticSwitchingFollowsThePhiloxDraws() {
        ModelConfig cfg = config(SwitchMode.STOCHASTIC);
        cfg = cfg.withSwitching(new SwitchConfig(SwitchMode.STOCHASTIC, 0.3, 0.0, 0.9, 0.1)).withSeed(0xABCDEF0123L);
        NetworkState before = Fixtures.randomState(SHAPE, 0.5, 61);
        Batch batch = Fixtures.randomBatch(SHAPE, 4, 2, LossKind.XENT, false, 62);
        try (Engine e = create(cfg, before)) {
            before = e.exportState(); // the engine's own representation (float32 engines round)
            e.step(batch);
            NetworkState after = e.exportState();
            int n = SHAPE.hidden();
            int flips = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int idx = i * n + j;
                    boolean was = before.strong()[idx] == 1;
                    double a = Math.abs(after.params().wRec()[idx]);
                    double x = was ? (0.3 - a) / 0.1 : (a - 0.3) / 0.1;
                    double p = 0.9 / (1 + Math.exp(-x));
                    int[] o = Philox.block(j, i, (int) before.iteration(), 5, (int) cfg.seed(), (int) (cfg.seed() >>> 32));
                    boolean flip = (o[0] & 0xFFFFFFFFL) < (long) Math.floor(p * 4294967296.0);
                    assertEquals(was != flip, after.strong()[idx] == 1, "synapse " + i + "," + j);
                    if (flip) flips++;
                }
            }
            assertTrue(flips > 0, "some synapses flipped");
        }
    }

    @Test
    void clippingScalesEveryGradientByClipOverNorm() {
        ModelConfig cfg = config(SwitchMode.NONE).withClip(0.05);
        NetworkState before = Fixtures.randomState(SHAPE, 0.6, 71);
        Batch batch = Fixtures.randomBatch(SHAPE, 6, 3, LossKind.XENT, false, 72);
        try (Engine e = create(cfg, before)) {
            before = e.exportState(); // the engine's own representation (float32 engines round)
            Gradients g = e.gradients(batch);
            double sum = 0;
            for (ParamTensor t : ParamTensor.values()) {
                double[] a = g.grads().get(t);
                for (int i = 0; i < a.length; i++) if (t != ParamTensor.W_REC || before.strong()[i] == 1) sum += a[i] * a[i];
            }
            double norm = Math.sqrt(sum);
            assertClose(norm, g.gradNorm(), "grad norm over G*S");
            assertTrue(norm > 0.05, "the case must clip: norm " + norm);
            StepStats stats = e.step(batch);
            assertClose(0.05 / norm, stats.clipScale(), "clip scale");
            NetworkState after = e.exportState();
            for (ParamTensor t : ParamTensor.values()) {
                int n = before.params().get(t).length;
                double[] w = new double[n], m = new double[n], v = new double[n];
                adamByRule(before, g.grads(), 0.05 / norm, t, w, m, v, cfg.adam(), t == ParamTensor.W_REC ? before.strong() : null);
                if (t == ParamTensor.W_REC) {
                    for (int i = 0; i < n; i++) if (before.strong()[i] == 0) w[i] = after.params().wRec()[i]; // Hebbian: other test
                }
                assertClose(m, after.adamM().get(t), "m_" + t.fileName());
                assertClose(w, after.params().get(t), t.fileName());
            }
        }
    }

    @Test
    void hebbianTermOfAHandBuiltNetwork() {
        // N = 2, alpha = 1, relu, no noise, W_in = I, b = 0, W = [[0, .5], [0, 0]], u = (1,0), (0,2), (3,1):
        // r_{-1} = 0, r_0 = (1, 0), r_1 = (0, 2), r_2 = (3 + .5 * 2, 1) = (4, 1).
        NetworkShape shape = new NetworkShape(2, 2, 1);
        Parameters p = Parameters.zeros(shape);
        p.set(ParamTensor.W_IN, new double[] {1, 0, 0, 1});
        p.set(ParamTensor.W_REC, new double[] {0, 0.5, 0, 0});
        NetworkState state = NetworkState.fresh(p, new byte[4]);
        Batch batch = new Batch(3, 1, 2, 1, new double[] {1, 0, 0, 2, 3, 1}, new double[] {0, 0, 0}, null,
                new double[] {1, 1, 1}, null);
        double[][] expectedH = {
            {0.0, 8.0 / 3, 2.0 / 3, 2.0 / 3},                           // plain: (1/3) sum_t r_t r_{t-1}^T
            {0.0, 8.0 / 3, 2.0 / 3, 2.0 / 3},                           // oja: same H
            {-0.5555555555555556, 1.5555555555555556, 1.0 / 3, 0.0},    // covariance: centred rates
        };
        double[][] expectedW = {
            {0.0, 0.5 + 0.5 * 8.0 / 3 - 0.05, 1.0 / 3, 1.0 / 3},        // W + eta H - lambda W, eta .5, lambda .1
            {0.0, 0.5 + 0.5 * (8.0 / 3 - 17.0 / 3 * 0.5) - 0.05, 1.0 / 3, 1.0 / 3}, // Q_0 = (1 + 0 + 16) / 3
            {-0.2777777777777778, 0.5 + 0.5 * 1.5555555555555556 - 0.05, 1.0 / 6, 0.0},
        };
        HebbianRule[] rules = {HebbianRule.PLAIN, HebbianRule.OJA, HebbianRule.COVARIANCE};
        for (int r = 0; r < rules.length; r++) {
            ModelConfig cfg = ModelConfig.defaults(LossKind.MSE).withAlpha(1.0).withSigmaRec(0).withActivation(Activation.RELU)
                    .withHebbian(new HebbianConfig(rules[r], 0.5, 0.1, Double.POSITIVE_INFINITY))
                    .withSwitching(new SwitchConfig(SwitchMode.NONE, 1.0, 0, 0.1, Double.NaN));
            try (Engine e = create(cfg, state)) {
                assertClose(expectedH[r], e.gradients(batch).hebbian(), rules[r].key() + " H");
                e.step(batch);
                assertClose(expectedW[r], e.exportState().params().wRec(), rules[r].key() + " W");
            }
        }
    }

    @Test
    void exportImportRoundTripAndDeterminism() {
        ModelConfig cfg = config(SwitchMode.THRESHOLD);
        NetworkState s = Fixtures.randomState(SHAPE, 0.4, 81);
        Batch batch = Fixtures.randomBatch(SHAPE, 5, 3, LossKind.XENT, false, 82);
        try (Engine a = create(cfg, s); Engine b = create(cfg, s)) {
            StepStats sa = a.step(batch);
            StepStats sb = b.step(batch);
            assertEquals(sa, sb);
            NetworkState exported = a.exportState();
            a.step(batch);
            a.importState(exported);
            assertEquals(exported.iteration(), a.exportState().iteration());
            assertArrayEquals(exported.params().wRec(), a.exportState().params().wRec());
            assertEquals(b.step(batch), a.step(batch));
            assertArrayEquals(b.exportState().params().wRec(), a.exportState().params().wRec());
        }
        // The engine works on its own copy: the caller's state is untouched.
        assertEquals(Fixtures.randomState(SHAPE, 0.4, 81).params().wRec()[3], s.params().wRec()[3], 0.0);
    }

    @Test
    void forwardLossEqualsStepLossAndChangesNothing() {
        ModelConfig cfg = config(SwitchMode.THRESHOLD);
        NetworkState s = Fixtures.randomState(SHAPE, 0.4, 91);
        Batch batch = Fixtures.randomBatch(SHAPE, 5, 3, LossKind.XENT, false, 92);
        try (Engine e = create(cfg, s)) {
            ForwardResult f = e.forward(batch);
            assertEquals(5 * 3 * SHAPE.nOut(), f.outputs().length);
            assertClose(f.loss(), e.forward(batch).loss(), "forward is repeatable");
            assertClose(f.loss(), e.gradients(batch).loss(), "gradients loss");
            assertClose(f.loss(), e.step(batch).loss(), "step loss");
        }
    }
}
