package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

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
    /** The library; skipped where the build could not make it (no nvcc), failed where it should have. */
    private static CudaLibrary library() {
        try {
            return CudaLibrary.load();
        } catch (EngineException e) {
            if (!e.getMessage().contains("built without libpsrnn_cuda.so")) throw e;
            boolean nvcc = onPath("nvcc") || Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"));
            if (nvcc && !Boolean.getBoolean("psrnn.skipNative")) {
                fail("nvcc is here, so native-build/build.sh should have built libpsrnn_cuda.so into the jar: " + e.getMessage());
            }
            Assumptions.abort(e.getMessage());
            throw e;
        }
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    private static ModelConfig config() {
        return ModelConfig.defaults(LossKind.XENT).withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.3, 0, 0.1, Double.NaN));
    }

    @Test
    void libraryLoadsAndItsStructsMatchTheBinding() {
        CudaLibrary lib = library(); // load() checks the ABI version and the three struct sizes
        assertEquals(176, CudaStructs.CONFIG.byteSize()); // 13 int32, 4 bytes of padding, 14 doubles, the seed
        assertEquals(48, CudaStructs.BATCH.byteSize());
        assertEquals(48, CudaStructs.STATS.byteSize());
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

    /** A caller of the C API directly gets the limits the Java side checks, before any device is looked for. */
    @Test
    void theLibraryChecksEverySettingItself() {
        CudaLibrary lib = library();
        Object[][] bad = {
            {"alpha", 1.5, "alpha = 1.5 is not allowed: must be in (0, 1]"},
            {"clip", -1.0, "clip = -1"},
            {"beta2", 1.0, "beta2 = 1 are not allowed: each must be in [0, 1)"},
            {"w_max", 0.0, "w_max = 0 is not allowed: must be > 0"},
            {"theta", Double.NaN, "theta = nan is not allowed: must be finite and >= 0"},
            {"hysteresis", 1.0, "hysteresis = 1 is not allowed: must be in [0, 1)"},
            {"temp", 0.0, "stochastic switching needs temp > 0"},
        };
        for (Object[] b : bad) {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                var cfg = CudaMarshal.configStruct(arena, config(), new NetworkShape(3, 8, 2), 0, 0);
                if (b[0].equals("temp")) CudaStructs.setConfigInt(cfg, "switch_mode", 1);
                CudaStructs.setConfigDouble(cfg, (String) b[0], (Double) b[1]);
                var out = arena.allocate(java.lang.foreign.ValueLayout.ADDRESS);
                CudaException e = assertThrows(CudaException.class, () -> lib.call("psrnn_create", lib.create, cfg, 0, out), b[0].toString());
                assertEquals(CudaLibrary.ERROR_ARGUMENT, e.status(), e.getMessage());
                assertTrue(e.getMessage().startsWith("psrnn_create: ") && e.getMessage().contains((String) b[2]), e.getMessage());
            }
        }
    }

    /** A driver older than the library's CUDA (535/550/570 drivers and a CUDA 13 build): both versions and the two ways out. */
    @Test
    void aDriverOlderThanTheLibrarysCudaIsNamedWithBothVersions() {
        assertTrue(CudaLibrary.driverTooOld(13000, 13000).isEmpty());
        assertTrue(CudaLibrary.driverTooOld(13020, 13000).isEmpty());
        assertTrue(CudaLibrary.driverTooOld(0, 13000).isEmpty(), "no driver: said elsewhere");
        assertEquals("the NVIDIA driver supports CUDA 12.4, but this libpsrnn_cuda.so was built with CUDA 13.0, which needs a newer driver "
                + "(CUDA 13 needs a driver of the R580 family or newer); update the driver, or build psrnn with a CUDA toolkit no newer "
                + "than 12.4 (NVCC=/usr/local/cuda-12.4/bin/nvcc ./psrnn build)", CudaLibrary.driverTooOld(12040, 13000).orElseThrow());
    }

    @Test
    void withoutAGpuEveryCudaPathSaysWhy() {
        Assumptions.assumeFalse(Gpu.Condition.available(), "a GPU is here");
        String why = new CudaEngineProvider().unavailableReason().orElseThrow();
        assertTrue(why.startsWith("no NVIDIA driver") || why.startsWith("no usable CUDA device") || why.startsWith("this psrnn was built without")
                || why.startsWith("the NVIDIA driver supports CUDA"), why);
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
