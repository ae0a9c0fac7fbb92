package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;
import org.psrnn.testing.Gpu;

/**
 * Out of GPU memory: a message with the bytes needed and free, and an engine that still works
 * afterwards. (N = 512 on the emulated device, whose 8 GiB are as far out of reach.)
 */
@Gpu
class CudaMemoryTest {
    @Test
    void aBatchTooLargeForTheGpuSaysWhatItNeedsAndTheEngineGoesOn() {
        NetworkShape shape = new NetworkShape(3, Gpu.Condition.emulated() ? 512 : 4096, 3);
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT).withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.01, 0, 0.1, Double.NaN));
        try (CudaEngine engine = new CudaEngine(cfg, Fixtures.randomState(shape, 0.5, 1), 0, 0)) {
            // 1000 steps x 20000 trials x 4096 units: hundreds of GB of activations, more than any single GPU holds
            // (x 512 units: tens of GB, more than the emulated device's 8 GiB).
            Batch huge = Fixtures.randomBatch(shape, 1000, 20000, LossKind.XENT, false, 2);
            CudaException e = assertThrows(CudaException.class, () -> engine.forward(huge));
            assertEquals(CudaLibrary.ERROR_OUT_OF_MEMORY, e.status(), e.getMessage());
            assertTrue(e.getMessage().matches(".*batches of 1000 steps x 20000 trials need \\d+ bytes \\(\\S+ GiB\\) of GPU memory for "
                    + "activations; \\d+ bytes \\(\\S+ GiB\\) of \\S+ GiB are free on device 0"), e.getMessage());
            Batch small = Fixtures.randomBatch(shape, 5, 4, LossKind.XENT, false, 3);
            assertTrue(Double.isFinite(engine.step(small).loss()), "the engine goes on with a batch that fits");
        }
    }
}
