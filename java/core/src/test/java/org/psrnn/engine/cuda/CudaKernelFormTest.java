package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;

/**
 * Which form of the recurrent products the cuda engine asks the library for, without a GPU: a
 * resumed run's recorded form unless psrnn.cuda.kernel names one, and where the recorded form
 * cannot run, one line naming the option that accepts the other.
 */
class CudaKernelFormTest {
    /** The library's refusal of the persistent form, as psrnn_create words it. */
    private static final String NO_FIT = "psrnn_create: the persistent kernel cannot run this network (N = 4096, 524416 bytes of W "
            + "per block, 232448 allowed): its rows of W do not fit in a block's shared memory";

    @Test
    void aResumedRunAsksForItsRecordedFormUnlessThePropertyNamesOne() {
        assertEquals(0, CudaKernelForms.kernelToAsk(null, null), "a new run: auto");
        assertEquals(1, CudaKernelForms.kernelToAsk(null, "tiled"));
        assertEquals(2, CudaKernelForms.kernelToAsk("persistent", null), "the recorded form, not auto's choice here");
        assertEquals(1, CudaKernelForms.kernelToAsk("tiled", null));
        assertEquals(2, CudaKernelForms.kernelToAsk("persistent", " Auto "), "auto leaves the recorded form");
        assertEquals(1, CudaKernelForms.kernelToAsk("persistent", "tiled"), "a named form is accepted over the recorded one");
        assertEquals(2, CudaKernelForms.kernelToAsk("tiled", "persistent"));
        assertEquals(4, CudaKernelForms.kernelToAsk(null, "blocked"));
        assertEquals(4, CudaKernelForms.kernelToAsk("blocked", null), "a run that trained blocked resumes blocked");
        assertEquals(1, CudaKernelForms.kernelToAsk("blocked", "tiled"));
    }

    @Test
    void unknownFormsAreRefused() {
        assertEquals("psrnn.cuda.kernel = 'fast' is not allowed: must be one of auto, tiled, persistent, fused, blocked",
                assertThrows(InvalidInputException.class, () -> CudaKernelForms.kernelToAsk("tiled", "fast")).getMessage());
        for (String bad : new String[] {"auto", "Tiled", ""}) {
            assertEquals("the checkpoint's kernel_form = '" + bad + "' is not allowed: the cuda engine's forms are tiled, persistent, fused and blocked",
                    assertThrows(InvalidInputException.class, () -> CudaKernelForms.kernelToAsk(bad, null)).getMessage());
        }
    }

    @Test
    void aRecordedFormThatCannotRunHereIsRefusedNamingTheOptionForTheOther() {
        List<Integer> asked = new ArrayList<>();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CudaKernelForms.inForm("persistent", null, kind -> {
            asked.add(kind);
            throw new CudaException(CudaLibrary.ERROR_UNSUPPORTED, NO_FIT);
        }));
        assertEquals(List.of(2), asked);
        assertEquals("the run trained with the cuda engine's persistent kernels (its checkpoint records them), but on this GPU the "
                + "persistent kernel cannot run this network (N = 4096, 524416 bytes of W per block, 232448 allowed): its rows of W "
                + "do not fit in a block's shared memory; to continue with the tiled kernels, whose sums round differently, set "
                + "-Dpsrnn.cuda.kernel=tiled (for ./psrnn: PSRNN_JAVA_OPTS=-Dpsrnn.cuda.kernel=tiled)", e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void aPersistentFormAskedForByThePropertyIsRefusedAsTheProperty() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CudaKernelForms.inForm(null, "persistent", kind -> {
            throw new CudaException(CudaLibrary.ERROR_UNSUPPORTED, NO_FIT);
        }));
        assertEquals("psrnn.cuda.kernel = persistent is not allowed here: on this GPU the persistent kernel cannot run this network "
                + "(N = 4096, 524416 bytes of W per block, 232448 allowed): its rows of W do not fit in a block's shared memory; set it "
                + "to tiled or auto", e.getMessage());
    }

    @Test
    void theOtherFormIsAskedForWhenThePropertyAcceptsItAndOtherFailuresPassThrough() {
        List<Integer> asked = new ArrayList<>();
        assertNull(CudaKernelForms.inForm("persistent", "tiled", kind -> {
            asked.add(kind);
            return null;
        }));
        assertEquals(List.of(1), asked);
        CudaException memory = new CudaException(CudaLibrary.ERROR_OUT_OF_MEMORY, "psrnn_create: the network needs 9 bytes");
        assertSame(memory, assertThrows(CudaException.class, () -> CudaKernelForms.inForm("persistent", null, kind -> {
            throw memory;
        })));
    }
}
