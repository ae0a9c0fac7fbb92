package org.psrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.rng.Streams;
import org.psrnn.rules.Preset;
import org.psrnn.rules.SwitchMode;

class InitializationTest {
    private static final NetworkShape SHAPE = new NetworkShape(4, 200, 3);

    @Test
    void weightsComeFromPhiloxWithModelMdScales() {
        Parameters p = Initialization.initialParameters(SHAPE, 1.5, 9);
        assertEquals(1.5 / Math.sqrt(200) * Streams.initRecurrent(9, 3, 7), p.wRec()[3 * 200 + 7], 0.0);
        assertEquals(0.5 * Streams.initInput(9, 5, 2), p.wIn()[5 * 4 + 2], 0.0);
        assertEquals(1 / Math.sqrt(200) * Streams.initOutput(9, 2, 11), p.wOut()[2 * 200 + 11], 0.0);
        double sumSq = 0;
        for (double w : p.wRec()) sumSq += w * w;
        assertEquals(1.5 * 1.5 / 200, sumSq / p.wRec().length, 0.0003); // Var W = g^2 / N
        for (double b : p.bRec()) assertEquals(0.0, b);
        assertArrayEquals(p.wRec(), Initialization.initialParameters(SHAPE, 1.5, 9).wRec());
        assertNotEquals(p.wRec()[0], Initialization.initialParameters(SHAPE, 1.5, 10).wRec()[0]);
    }

    @Test
    void thetaIsTheQuantileLikeNumpy() {
        // numpy.quantile([0.1, -0.4, 0.2, 0.3, -0.5], 0.77) = 0.4 + 0.08 * (0.5 - 0.4) = 0.408
        assertEquals(0.408, Initialization.thetaFromStrongFraction(new double[] {0.1, -0.4, 0.2, 0.3, -0.5}, 0.23), 1e-15);
        assertEquals(0.5, Initialization.thetaFromStrongFraction(new double[] {0.1, -0.4, 0.2, 0.3, -0.5}, 0.0), 0.0);
        assertEquals(0.1, Initialization.thetaFromStrongFraction(new double[] {0.1, -0.4, 0.2, 0.3, -0.5}, 1.0), 0.0);
    }

    private static Initialization.Initialized init(Preset preset, InitConfig init) {
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT);
        return Initialization.initialize(SHAPE, cfg.withSwitching(preset.configure(cfg.switching())), init, preset);
    }

    @Test
    void presetsSetInitialStates() {
        var sw = init(Preset.SWITCH, InitConfig.DEFAULT);
        assertEquals(0.23, sw.state().strongFraction(), 0.001);
        assertEquals(SwitchMode.THRESHOLD, sw.config().switching().mode());
        double theta = sw.config().switching().theta();
        double[] w = sw.state().params().wRec();
        for (int i = 0; i < w.length; i++) assertEquals(Math.abs(w[i]) >= theta, sw.state().strong()[i] == 1);

        var bp = init(Preset.BP, InitConfig.DEFAULT);
        assertEquals(1.0, bp.state().strongFraction());
        assertEquals(SwitchMode.NONE, bp.config().switching().mode());
        assertArrayEquals(w, bp.state().params().wRec()); // same seed, same weights, whatever the rule

        var hebb = init(Preset.HEBB, InitConfig.DEFAULT);
        assertEquals(0.0, hebb.state().strongFraction());

        var fixed = init(Preset.FIXED, new InitConfig(1.0, 0.4));
        assertEquals(0.4, fixed.state().strongFraction(), 0.02);
        assertEquals(SwitchMode.NONE, fixed.config().switching().mode());
        // Random, not by magnitude: STRONG synapses are no larger on average than WEAK ones.
        double strongMean = 0, weakMean = 0;
        int strong = 0;
        for (int i = 0; i < w.length; i++) {
            if (fixed.state().strong()[i] == 1) {
                strongMean += Math.abs(w[i]);
                strong++;
            } else {
                weakMean += Math.abs(w[i]);
            }
        }
        assertEquals(weakMean / (w.length - strong), strongMean / strong, 0.005);

        var stoch = init(Preset.SWITCH_STOCHASTIC, InitConfig.DEFAULT);
        assertEquals(SwitchMode.STOCHASTIC, stoch.config().switching().mode());
        assertArrayEquals(sw.state().strong(), stoch.state().strong());
        assertEquals(0.1 * theta, stoch.config().switching().effectiveTemp(), 1e-15);
    }

    @Test
    void givenThetaIsKept() {
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT);
        cfg = cfg.withSwitching(cfg.switching().withTheta(0.03));
        var sw = Initialization.initialize(SHAPE, cfg, InitConfig.DEFAULT, Preset.SWITCH);
        assertEquals(0.03, sw.config().switching().theta());
        assertTrue(sw.state().strongFraction() > 0.5);
    }
}
