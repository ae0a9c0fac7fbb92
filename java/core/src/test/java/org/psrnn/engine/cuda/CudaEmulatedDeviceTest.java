package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.psrnn.engine.Engines;
import org.psrnn.testing.Gpu;

/**
 * Where the cuda engine runs on the emulated device (PSRNN_CUDA_EMULATED=1; java/core/pom.xml's
 * gpu-emulated pass), it says so plainly everywhere a user looks, and auto never picks it.
 */
@Gpu
class CudaEmulatedDeviceTest {
    @Test
    void theEmulatedDeviceSaysWhatItIsAndAutoPassesItOver() {
        Assumptions.assumeTrue(Gpu.Condition.emulated(), "a real GPU: nothing emulated here");
        CudaEngineProvider p = new CudaEngineProvider();
        assertTrue(p.unavailableReason().isEmpty());
        assertTrue(p.description().startsWith("float32 on the EMULATED device (PSRNN_CUDA_EMULATED): the CUDA kernels run on the CPU"),
                p.description());
        List<String> details = p.details();
        assertTrue(details.get(0).startsWith("library: ") && details.get(0).endsWith("libpsrnn_cuda_emu.so"), details.toString());
        assertTrue(details.contains("the emulated device: no CUDA runtime or driver takes part; the kernels, compiled by g++, run on the CPU"),
                details.toString());
        assertTrue(details.stream().anyMatch(d -> d.startsWith("device 0: EMULATED, not a GPU: psrnn emulated device (CPU, sm_90 limits, ")),
                details.toString());
        assertEquals("cpu", Engines.find(Engines.AUTO).name(), "auto never picks the emulated device");
        assertEquals("cuda", Engines.find("cuda").name(), "asked for by name, it runs");
        String notice = Engines.autoNotice(Engines.AUTO).orElseThrow();
        assertEquals("engine auto: cuda is passed over (its device is the emulated one, a test instrument; auto never picks it); using cpu",
                notice);
    }
}
