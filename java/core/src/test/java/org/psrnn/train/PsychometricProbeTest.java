package org.psrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.engine.Engine;
import org.psrnn.engine.ForwardResult;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.NetworkState;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.task.DelayMatchSample;
import org.psrnn.task.PerceptualDecisionMaking;
import org.psrnn.task.TaskConfig;

/**
 * The probe on stand-in networks whose curves are known without it: the ideal observer of
 * PerceptualDecisionMaking, and a network that keeps fixating.
 */
class PsychometricProbeTest {
    /** An engine whose forward pass is {@code outputs}; nothing else. */
    private record StandIn(java.util.function.Function<Batch, double[]> outputs) implements Engine {
        @Override
        public String name() {
            return "stand-in";
        }

        @Override
        public ForwardResult forward(Batch batch) {
            return new ForwardResult(outputs.apply(batch), Double.NaN);
        }

        @Override
        public StepStats step(Batch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Gradients gradients(Batch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NetworkState exportState() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void importState(NetworkState state) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * The ideal observer: it sums ring unit 2 minus ring unit 1 over every step and outputs that
     * sum for action 2 and its negative for action 1 throughout, so it chooses by the sign of the
     * evidence. At signed coherence c the evidence is normal with mean c (100 steps of c / 100) and
     * s.d. sqrt(200) x 0.2236 = 3.162, so P(action 2) = Phi(c / 3.162): bias 0, and P = 0.75 at
     * c = 0.6745 x 3.162 = 2.13 %.
     */
    private static double[] idealObserver(Batch batch) {
        int steps = batch.steps(), size = batch.size(), nIn = batch.nIn(), nOut = batch.nOut();
        double[] y = new double[steps * size * nOut];
        for (int b = 0; b < size; b++) {
            double evidence = 0;
            for (int t = 0; t < steps; t++) evidence += batch.inputs()[(t * size + b) * nIn + 2] - batch.inputs()[(t * size + b) * nIn + 1];
            for (int t = 0; t < steps; t++) {
                y[(t * size + b) * nOut + 1] = -evidence;
                y[(t * size + b) * nOut + 2] = evidence;
            }
        }
        return y;
    }

    @Test
    void theIdealObserversCurveHasItsKnownThreshold() {
        var task = new PerceptualDecisionMaking(TaskConfig.DEFAULT);
        PsychometricCurve curve = PsychometricProbe.measure(task, new StandIn(PsychometricProbeTest::idealObserver), 5, LossKind.XENT)
                .orElseThrow();
        assertEquals("signed coherence", curve.variable());
        assertEquals(11, curve.points().size());
        for (PsychometricCurve.Point p : curve.points()) {
            assertEquals(PsychometricProbe.TRIALS_PER_VALUE, p.trials());
            assertEquals(0, p.neither(), "the observer always chooses");
            double want = org.psrnn.analysis.PairedTests.normalCdf(p.x() / 3.162);
            // 200 trials: s.e. at most 0.035.
            assertEquals(want, p.positiveFraction(), 0.12, "share at " + p.x());
        }
        assertEquals(0, curve.bias(), 0.5);
        assertEquals(2.13, curve.threshold(), 0.4, "a logistic through a normal curve: threshold near the probit's");
        assertEquals(1 / (4 * curve.threshold() / Math.log(3)), curve.slope(), 1e-12);
        // The trials come from the seed's own stream: the same seed, the same curve.
        assertEquals(curve, PsychometricProbe.measure(task, new StandIn(PsychometricProbeTest::idealObserver), 5, LossKind.XENT).orElseThrow());
    }

    @Test
    void aNetworkThatKeepsFixatingChoosesNeitherAndHasNoFit() {
        var task = new PerceptualDecisionMaking(TaskConfig.DEFAULT);
        PsychometricCurve curve = PsychometricProbe.measure(task, new StandIn(b -> new double[b.steps() * b.size() * b.nOut()]), 1,
                LossKind.XENT).orElseThrow();
        for (PsychometricCurve.Point p : curve.points()) {
            assertEquals(p.trials(), p.neither());
            assertNull(p.positiveFraction());
        }
        assertNull(curve.bias());
        assertNull(curve.threshold());
    }

    @Test
    void aTaskWithoutACurveMeasuresNothing() {
        assertTrue(PsychometricProbe.measure(new DelayMatchSample(TaskConfig.DEFAULT), new StandIn(b -> {
            throw new AssertionError("no forward pass for a task without a curve");
        }), 1, LossKind.XENT).isEmpty());
    }
}
