package org.psrnn.engine.cuda;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.psrnn.engine.reference.ReferenceEngine;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;
import org.psrnn.testing.Gpu;
import org.psrnn.testing.Parity;

/**
 * One cuda engine's iterations, each against the reference from the engine's state before it.
 * psrnn_step captures a whole iteration as a CUDA graph once per batch shape and form and replays
 * it; what changes between iterations (the batch and its mask, k and with it Adam's bias
 * corrections, whether step 5 runs) must reach the replay. The calls: k = 0, 1 (the first graph
 * replayed), a jump to k = 3 = hebb_until (step 5 off: another graph), a jump to 1000 with a
 * smaller batch, 1001 at the first shape (the step-5-off graph replayed), back to k = 1 with
 * explicit noise, k = 2 without (the first graph again), and a larger batch (buffers grown).
 */
@Gpu
class CudaGraphReplayTest {
    /** {steps, trials, k to jump to first (-1: none), explicit noise (1)} per call. */
    private static final int[][] CALLS = {
        {6, 5, -1, 0}, {6, 5, -1, 0}, {6, 5, 3, 0}, {4, 3, 1000, 0}, {6, 5, -1, 0}, {6, 5, 1, 1}, {6, 5, -1, 0}, {8, 7, -1, 0},
    };

    @ParameterizedTest(name = "recurrent kernel {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void everyIterationOfOneEngineMatchesTheReference(int kernel) {
        NetworkShape shape = new NetworkShape(3, 20, 4);
        NetworkState state = Fixtures.randomState(shape, 0.5, 41);
        state.setIteration(0);
        double[] abs = state.params().wRec().clone();
        for (int i = 0; i < abs.length; i++) abs[i] = Math.abs(abs[i]);
        Arrays.sort(abs);
        ModelConfig cfg = ModelConfig.defaults(LossKind.MSE).withAlpha(0.3).withSigmaRec(0.2).withAdam(new AdamConfig(0.01, 0.9, 0.999, 1e-8))
                .withHebbian(new HebbianConfig(HebbianRule.PLAIN, 0.05, 0.01, Double.POSITIVE_INFINITY).withControl(HebbianTerm.ACTIVITY, 3))
                .withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, abs[abs.length * 3 / 4], 0.1, 0.6, Double.NaN)).withSeed(0xBEEFL);
        try (CudaEngine cuda = new CudaEngine(cfg, state, 0, kernel); ReferenceEngine ref = new ReferenceEngine(cfg, state)) {
            for (int c = 0; c < CALLS.length; c++) {
                int[] call = CALLS[c];
                if (call[2] >= 0) {
                    NetworkState now = cuda.exportState();
                    now.setIteration(call[2]);
                    cuda.importState(now);
                }
                Batch b = Fixtures.randomBatch(shape, call[0], call[1], LossKind.MSE, call[3] == 1, 500 + c);
                Parity.stepMatches(cfg, ref, cuda, b, "cuda (kernel " + kernel + ") call " + c);
            }
        }
    }
}
