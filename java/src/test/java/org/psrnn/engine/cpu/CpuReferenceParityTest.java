package org.psrnn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.psrnn.engine.Engine;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.engine.reference.ReferenceEngine;
import org.psrnn.model.Activation;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.rng.Streams;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.Preset;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.rules.Switching;
import org.psrnn.testing.Fixtures;

/**
 * One iteration on the cpu engine against the reference, on random states: every preset and
 * switch mode, every activation, loss and Hebbian rule, Philox and explicit noise. Loss,
 * gradients, H and the new parameters within 2e-4 relative; S identical except for synapses
 * within 1e-5 relative of a threshold (or of a stochastic decision's boundary).
 */
class CpuReferenceParityTest {
    private static final double TOLERANCE = 2e-4;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int c = 0;
        for (Kernels kernels : new Kernels[] {Kernels.best(), ScalarKernels.INSTANCE}) {
            for (Preset preset : Preset.values()) {
                for (Activation a : Activation.values()) {
                    cases.add(Arguments.of(kernels, preset, a, LossKind.values()[c % 2], HebbianRule.values()[c % 3], c % 2 == 1, c));
                    c++;
                }
            }
            // The two switching modes under the other rules and sizes that leave vector tails.
            for (SwitchMode mode : new SwitchMode[] {SwitchMode.THRESHOLD, SwitchMode.STOCHASTIC}) {
                for (HebbianRule rule : HebbianRule.values()) {
                    cases.add(Arguments.of(kernels, mode == SwitchMode.THRESHOLD ? Preset.SWITCH : Preset.SWITCH_STOCHASTIC,
                            Activation.TANH, LossKind.XENT, rule, false, c++));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} {2} {3} {4} explicitNoise={5} #{6}")
    @MethodSource("cases")
    void oneIterationMatchesTheReference(Kernels kernels, Preset preset, Activation activation, LossKind loss, HebbianRule rule,
                                         boolean explicitNoise, int c) {
        int[] sizes = {7, 33, 48, 64, 19, 130};
        NetworkShape shape = new NetworkShape(3, sizes[c % sizes.length], 4);
        NetworkState state = Fixtures.randomState(shape, preset == Preset.BP ? 1.0 : preset == Preset.HEBB ? 0.0 : 0.5, 100 + c);
        if (preset == Preset.BP || preset == Preset.HEBB) java.util.Arrays.fill(state.strong(), (byte) (preset == Preset.BP ? 1 : 0));
        Batch batch = Fixtures.randomBatch(shape, 6, 5, loss, explicitNoise, 200 + c);
        double[] abs = state.params().wRec().clone();
        for (int i = 0; i < abs.length; i++) abs[i] = Math.abs(abs[i]);
        java.util.Arrays.sort(abs);
        double theta = abs[abs.length * 3 / 4];
        SwitchConfig sw = new SwitchConfig(preset.switchMode(), theta, 0.1, 0.6, Double.NaN);
        ModelConfig cfg = ModelConfig.defaults(loss).withActivation(activation).withAlpha(0.3).withSigmaRec(0.2)
                .withAdam(new AdamConfig(0.01, 0.9, 0.999, 1e-8)).withClip(c % 3 == 0 ? 0.1 : 0)
                .withHebbian(new HebbianConfig(rule, 0.05, 0.01, c % 4 == 0 ? 0.5 : Double.POSITIVE_INFINITY))
                .withSwitching(sw).withSeed(0xC0FFEEL + c);

        try (Engine ref = new ReferenceEngine(cfg, state); Engine cpu = new CpuEngine(cfg, state, 2, kernels)) {
            NetworkState start = cpu.exportState(); // float-rounded: give the reference the same start
            ref.importState(start);
            Gradients gr = ref.gradients(batch), gc = cpu.gradients(batch);
            close(gr.loss(), gc.loss(), "loss");
            for (ParamTensor t : ParamTensor.values()) close(gr.grads().get(t), gc.grads().get(t), "grad_" + t.fileName());
            close(gr.hebbian(), gc.hebbian(), "H");
            close(gr.gradNorm(), gc.gradNorm(), "grad norm");

            StepStats sr = ref.step(batch), sc = cpu.step(batch);
            close(sr.loss(), sc.loss(), "step loss");
            close(sr.clipScale(), sc.clipScale(), "clip scale");
            NetworkState ar = ref.exportState(), ac = cpu.exportState();
            for (ParamTensor t : ParamTensor.values()) {
                close(ar.params().get(t), ac.params().get(t), t.fileName());
                close(ar.adamM().get(t), ac.adamM().get(t), "m_" + t.fileName());
                close(ar.adamV().get(t), ac.adamV().get(t), "v_" + t.fileName());
            }
            assertEquals(ar.iteration(), ac.iteration());
            int n = shape.hidden(), mismatched = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int idx = i * n + j;
                    if (ar.strong()[idx] == ac.strong()[idx]) continue;
                    assertTrue(nearBoundary(sw, start.strong()[idx] == 1, ar.params().wRec()[idx], cfg.seed(), start.iteration(), i, j),
                            "S differs at (" + i + ", " + j + ") away from any threshold: |W| = " + Math.abs(ar.params().wRec()[idx]));
                    mismatched++;
                }
            }
            assertTrue(mismatched <= 1, mismatched + " synapses differ");
        }
    }

    /** Whether a synapse's switching decision is within 1e-5 (relative) of flipping. */
    private static boolean nearBoundary(SwitchConfig sw, boolean was, double w, long seed, long k, int i, int j) {
        double a = Math.abs(w);
        return switch (sw.mode()) {
            case NONE -> false;
            case THRESHOLD -> Math.abs(a - sw.theta()) <= 1e-5 * sw.theta()
                    || Math.abs(a - (1 - sw.hysteresis()) * sw.theta()) <= 1e-5 * sw.theta();
            case STOCHASTIC -> {
                double p = was ? Switching.downProbability(sw, a) : Switching.upProbability(sw, a);
                yield Math.abs(Streams.switchingWord(seed, k, i, j) - p * 0x1p32) <= 1e-5 * 0x1p32;
            }
        };
    }

    private static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.max(Math.abs(expected), 1e-6),
                what + ": reference " + expected + ", cpu " + actual);
    }

    private static void close(double[] expected, double[] actual, String what) {
        double scale = Math.max(Fixtures.maxAbs(expected), 1e-6);
        double diff = Fixtures.maxAbsDiff(expected, actual);
        assertTrue(diff <= TOLERANCE * scale, what + ": max difference " + diff + " against max |value| " + scale);
    }
}
