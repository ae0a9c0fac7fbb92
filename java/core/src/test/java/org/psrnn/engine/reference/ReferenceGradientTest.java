package org.psrnn.engine.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.psrnn.engine.Gradients;
import org.psrnn.model.Activation;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;

/** BPTT against central finite differences of the loss, in double precision. */
class ReferenceGradientTest {
    private static final NetworkShape SHAPE = new NetworkShape(3, 6, 4);
    private static final double STEP = 1e-5;

    enum NoiseKind { NONE, EXPLICIT, PHILOX }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (LossKind l : LossKind.values()) {
                for (NoiseKind n : NoiseKind.values()) cases.add(Arguments.of(a, l, n));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} noise={2}")
    @MethodSource("cases")
    void bpttMatchesFiniteDifferences(Activation activation, LossKind loss, NoiseKind noise) {
        long seed = 1000L * activation.ordinal() + 10L * loss.ordinal() + noise.ordinal();
        ModelConfig cfg = ModelConfig.defaults(loss).withActivation(activation).withAlpha(0.3)
                .withSigmaRec(noise == NoiseKind.NONE ? 0.0 : 0.3).withSeed(seed)
                .withSwitching(new SwitchConfig(SwitchMode.NONE, Double.NaN, 0, 0.1, Double.NaN));
        NetworkState state = Fixtures.randomState(SHAPE, 0.5, seed);
        Batch batch = Fixtures.randomBatch(SHAPE, 7, 3, loss, noise == NoiseKind.EXPLICIT, seed + 1);

        Gradients g = new ReferenceEngine(cfg, state).gradients(batch);
        double worst = 0;
        String where = "";
        for (ParamTensor t : ParamTensor.values()) {
            double[] values = state.params().get(t);
            double[] fd = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                double saved = values[i];
                values[i] = saved + STEP;
                double plus = new ReferenceEngine(cfg, state).forward(batch).loss();
                values[i] = saved - STEP;
                double minus = new ReferenceEngine(cfg, state).forward(batch).loss();
                values[i] = saved;
                fd[i] = (plus - minus) / (2 * STEP);
            }
            double scale = Fixtures.maxAbs(fd);
            assertTrue(scale > 1e-6, t.fileName() + " has a gradient to check");
            double rel = Fixtures.maxAbsDiff(fd, g.grads().get(t)) / scale;
            if (rel > worst) {
                worst = rel;
                where = t.fileName();
            }
        }
        assertTrue(worst <= 1e-6, "relative error " + worst + " in " + where);
    }
}
