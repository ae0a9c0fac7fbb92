package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.EngineException;
import org.psrnn.engine.Engines;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;
import org.psrnn.testing.Gpu;

/**
 * The binding without a GPU: the library built here loads, its structs match the binding's
 * layouts, errors cross the boundary with the library's message, and every cuda path says why it
 * cannot run instead of failing obscurely.
 */
class CudaLibraryTest {
    private static CudaLibrary library() {
        try {
            return CudaLibrary.load();
        } catch (EngineException e) {
            Assumptions.assumeTrue(!e.getMessage().contains("built without libpsrnn_cuda.so"), e.getMessage());
            throw e;
        }
    }

    private static ModelConfig config() {
        return ModelConfig.defaults(LossKind.XENT).withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.3, 0, 0.1, Double.NaN));
    }

    @Test
    void libraryLoadsAndItsStructsMatchTheBinding() {
        CudaLibrary lib = library(); // load() checks the ABI version and the three struct sizes
        assertEquals(160, CudaLibrary.CONFIG.byteSize());
        assertEquals(48, CudaLibrary.BATCH.byteSize());
        assertEquals(48, CudaLibrary.STATS.byteSize());
        assertTrue(lib.versions().matches("CUDA runtime \\d+\\.\\d+, (no driver|driver \\d+\\.\\d+)"), lib.versions());
    }

    @Test
    void argumentErrorsArriveWithTheLibrarysMessage() {
        library();
        // The library checks its limits before it looks for a device, so this works anywhere.
        CudaException e = assertThrows(CudaException.class,
                () -> new CudaEngine(config(), Fixtures.randomState(new NetworkShape(9, 4, 2), 0.5, 1), 0, 0));
        assertEquals(CudaLibrary.ERROR_ARGUMENT, e.status());
        assertEquals("psrnn_create: n_in = 9 is not supported: the CUDA engine takes 1 to 8 inputs", e.getMessage());
    }

    @Test
    void withoutAGpuEveryCudaPathSaysWhy() {
        Assumptions.assumeFalse(Gpu.Condition.available(), "a GPU is here");
        String why = new CudaEngine.Provider().unavailableReason().orElseThrow();
        assertTrue(why.startsWith("no NVIDIA driver") || why.startsWith("no usable CUDA device") || why.startsWith("this psrnn was built without"),
                why);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Engines.create("cuda", config(), Fixtures.randomState(new NetworkShape(3, 8, 2), 0.5, 1)));
        assertEquals("engine 'cuda' is not available here: " + why, e.getMessage());
        assertEquals("cpu", Engines.find(Engines.AUTO).name(), "auto falls back to the cpu engine");
        if (why.startsWith("no NVIDIA driver") || why.startsWith("no usable")) {
            // Past the provider, the library itself refuses with its reason.
            CudaException c = assertThrows(CudaException.class,
                    () -> new CudaEngine(config(), Fixtures.randomState(new NetworkShape(3, 8, 2), 0.5, 1), 0, 0));
            assertEquals(CudaLibrary.ERROR_NO_DEVICE, c.status(), c.getMessage());
            assertTrue(c.getMessage().startsWith("psrnn_create: cudaGetDeviceCount: "), c.getMessage());
        }
    }
}
