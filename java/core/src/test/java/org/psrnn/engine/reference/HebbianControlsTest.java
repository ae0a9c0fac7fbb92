package org.psrnn.engine.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.engine.Gradients;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.rng.Streams;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;

/**
 * The two controls of the Hebbian mechanism on the reference (MODEL.md step 5), held to what the
 * contract says of them rather than to another computation of the same formula: the random term
 * has H's norm over the WEAK synapses, Philox stream 8's pattern and none of H's direction;
 * {@code hebb_until} leaves WEAK synapses exactly as they are from its iteration on.
 */
class HebbianControlsTest {
    private static final int N = 24;
    private static final double ETA = 0.5;
    private static final NetworkShape SHAPE = new NetworkShape(3, N, 2);

    private static ModelConfig config(HebbianTerm term, int until) {
        // No decay and no switching: a WEAK synapse changes by eta_h times its term, nothing else.
        return ModelConfig.defaults(LossKind.MSE).withSigmaRec(0.1).withSeed(77)
                .withHebbian(new HebbianConfig(HebbianRule.PLAIN, ETA, 0.0, Double.POSITIVE_INFINITY).withControl(term, until))
                .withSwitching(new SwitchConfig(SwitchMode.NONE, 0.1, 0, 0.1, Double.NaN));
    }

    /** The change of every WEAK synapse over one step, divided by eta_h (0 on STRONG ones); {@code h} gets the step's H. */
    private static double[] weakTerm(ModelConfig cfg, NetworkState start, Batch batch, double[] h) {
        try (ReferenceEngine e = new ReferenceEngine(cfg, start)) {
            Gradients g = e.gradients(batch); // the activity H of the coming step: same iteration, same noise
            System.arraycopy(g.hebbian(), 0, h, 0, h.length);
            double[] before = e.exportState().params().wRec();
            e.step(batch);
            double[] after = e.exportState().params().wRec();
            double[] term = new double[before.length];
            for (int idx = 0; idx < term.length; idx++) {
                if (start.strong()[idx] == 0) term[idx] = (after[idx] - before[idx]) / ETA;
            }
            return term;
        }
    }

    @Test
    void theRandomTermHasTheNormOfHOverWeakSynapsesAndNoneOfItsDirection() {
        NetworkState start = Fixtures.randomState(SHAPE, 0.3, 5);
        Batch batch = Fixtures.randomBatch(SHAPE, 7, 4, LossKind.MSE, false, 6);
        double[] h = new double[N * N];
        double[] activity = weakTerm(config(HebbianTerm.ACTIVITY, HebbianConfig.ALWAYS), start, batch, h);
        double[] random = weakTerm(config(HebbianTerm.RANDOM, HebbianConfig.ALWAYS), start, batch, new double[N * N]);

        double hh = 0, rr = 0, hr = 0, aa = 0, ha = 0;
        int weak = 0;
        for (int idx = 0; idx < h.length; idx++) {
            if (start.strong()[idx] != 0) continue;
            weak++;
            hh += h[idx] * h[idx];
            rr += random[idx] * random[idx];
            hr += h[idx] * random[idx];
            aa += activity[idx] * activity[idx];
            ha += h[idx] * activity[idx];
        }
        assertTrue(weak > N * N / 2, weak + " WEAK synapses");
        // The plain rule adds H itself: the check sees the term the step applies.
        assertEquals(1.0, ha / Math.sqrt(hh * aa), 1e-9, "the activity term is H");
        // The control: H's norm over the WEAK synapses (not over all of them) ...
        assertEquals(Math.sqrt(hh), Math.sqrt(rr), 1e-9 * Math.sqrt(hh), "norm over WEAK synapses");
        // ... in no relation to H's direction (chance: |cos| about 1 / sqrt(#WEAK) = 0.05) ...
        assertTrue(Math.abs(hr / Math.sqrt(hh * rr)) < 0.2, "cosine of the random term and H: " + hr / Math.sqrt(hh * rr));
        // ... and proportional to the normals of Philox (j, i, k, 8), k the iteration.
        double c = Double.NaN;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                int idx = i * N + j;
                if (start.strong()[idx] != 0) continue;
                double ratio = random[idx] / Streams.normal(77, j, i, (int) start.iteration(), 8);
                if (Double.isNaN(c)) c = ratio;
                assertEquals(c, ratio, 1e-7 * Math.abs(c), "R / z at (" + i + ", " + j + ")");
            }
        }
        assertTrue(c > 0, "c = " + c);
    }

    @Test
    void afterHebbUntilWeakSynapsesStayExactlyWhereTheyAre() {
        NetworkState start = Fixtures.randomState(SHAPE, 0.3, 8);
        Batch batch = Fixtures.randomBatch(SHAPE, 6, 3, LossKind.MSE, false, 9);
        int until = (int) start.iteration() + 2; // two iterations with step 5, then three without
        try (ReferenceEngine e = new ReferenceEngine(config(HebbianTerm.ACTIVITY, until), start)) {
            double[][] w = new double[5][];
            w[0] = e.exportState().params().wRec();
            for (int k = 1; k < 5; k++) {
                e.step(batch);
                w[k] = e.exportState().params().wRec();
            }
            double[] weakAt = new double[5];
            boolean strongMoved = false;
            for (int k = 0; k < 5; k++) {
                double[] weakOnly = w[k].clone();
                for (int idx = 0; idx < weakOnly.length; idx++) {
                    if (start.strong()[idx] != 0) {
                        strongMoved |= k > 0 && w[k][idx] != w[k - 1][idx];
                        weakOnly[idx] = 0;
                    }
                }
                weakAt[k] = java.util.Arrays.stream(weakOnly).map(Math::abs).sum();
                if (k >= 3) assertArrayEquals(stripStrong(w[2], start), weakOnly, 0.0, "WEAK synapses after iteration " + (k - 1));
            }
            assertTrue(weakAt[1] != weakAt[0] && weakAt[2] != weakAt[1], "the two iterations below hebb_until change WEAK synapses");
            assertTrue(strongMoved, "BPTT goes on for STRONG synapses");
        }
    }

    private static double[] stripStrong(double[] w, NetworkState start) {
        double[] out = w.clone();
        for (int idx = 0; idx < out.length; idx++) if (start.strong()[idx] != 0) out[idx] = 0;
        return out;
    }
}
