package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.cuda.CudaCodes.KernelForm;

/**
 * Which form of the recurrent products, and which arithmetic, the cuda engine asks the library
 * for, without a GPU: a resumed run's recorded form and arithmetic unless psrnn.cuda.kernel or
 * psrnn.cuda.math names one, and where the recorded ones cannot run, one line naming the option
 * that accepts another.
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
            assertEquals("the checkpoint's kernel_form = '" + bad + "' is not allowed: the cuda engine's forms are tiled, persistent, fused and "
                    + "blocked, with +tf32x3 or +tf32 after one for tensor-core math",
                    assertThrows(InvalidInputException.class, () -> CudaKernelForms.kernelToAsk(bad, null)).getMessage());
        }
    }

    @Test
    void tensorMathIsRecordedAfterTheFormAndResumedUnlessThePropertyNamesOne() {
        assertEquals("tiled", CudaKernelForms.formName(KernelForm.TILED, TensorMath.FP32), "fp32 records the form alone, as before");
        assertEquals("persistent", CudaKernelForms.formName(KernelForm.PERSISTENT, TensorMath.FP32));
        assertEquals("tiled+tf32x3", CudaKernelForms.formName(KernelForm.TILED, TensorMath.TF32X3));
        assertEquals("tiled+tf32", CudaKernelForms.formName(KernelForm.TILED, TensorMath.TF32));
        assertEquals(0, CudaKernelForms.mathToAsk(null, null), "a new run: fp32");
        assertEquals(0, CudaKernelForms.mathToAsk("tiled", null), "an old checkpoint resumes in fp32");
        assertEquals(0, CudaKernelForms.mathToAsk("persistent", null));
        assertEquals(1, CudaKernelForms.mathToAsk(null, "tf32x3"));
        assertEquals(2, CudaKernelForms.mathToAsk(null, " TF32 "));
        assertEquals(1, CudaKernelForms.mathToAsk("tiled+tf32x3", null), "the recorded arithmetic");
        assertEquals(2, CudaKernelForms.mathToAsk("tiled+tf32", null));
        assertEquals(0, CudaKernelForms.mathToAsk("tiled+tf32x3", "fp32"), "a named arithmetic is accepted over the recorded one");
        assertEquals(1, CudaKernelForms.mathToAsk("tiled+tf32", "tf32x3"));
        assertEquals(1, CudaKernelForms.kernelToAsk("tiled+tf32x3", null), "the recorded form, before its arithmetic");
        assertEquals(1, CudaKernelForms.kernelToAsk("tiled+tf32", " auto "));
        for (String name : new String[] {"tiled", "persistent", "tiled+tf32x3", "tiled+tf32"}) {
            KernelForm form = CudaCodes.RECURRENT_KERNEL.key(CudaKernelForms.kernelToAsk(name, null));
            TensorMath math = CudaCodes.TENSOR_MATH.key(CudaKernelForms.mathToAsk(name, null));
            assertEquals(name, CudaKernelForms.formName(form, math), "read back as written");
        }
    }

    @Test
    void unknownArithmeticIsRefused() {
        assertEquals("psrnn.cuda.math = 'fp16' is not allowed: must be one of fp32, tf32x3, tf32",
                assertThrows(InvalidInputException.class, () -> CudaKernelForms.mathToAsk(null, " FP16")).getMessage());
        for (String bad : new String[] {"tiled+fp32", "tiled+", "tiled+tf16", "+tf32", "tiled+tf32+tf32", "auto+tf32"}) {
            assertEquals("the checkpoint's kernel_form = '" + bad + "' is not allowed: the cuda engine's forms are tiled, persistent, fused and "
                    + "blocked, with +tf32x3 or +tf32 after one for tensor-core math",
                    assertThrows(InvalidInputException.class, () -> CudaKernelForms.mathToAsk(bad, null)).getMessage(), bad);
            assertThrows(InvalidInputException.class, () -> CudaKernelForms.kernelToAsk(bad, null), bad);
        }
    }

    /** The library's refusal of tensor-core math on the persistent form, as psrnn_create words it. */
    private static final String NO_TENSOR = "psrnn_create: tensor_math = 1 (tf32x3) is for the tiled kernels only; recurrent_kernel = 2 "
            + "(persistent) has no tensor-core form";

    @Test
    void tensorMathThatCannotRunIsRefusedNamingTheOptionForFp32() {
        List<Integer> asked = new ArrayList<>();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CudaKernelForms.inForm("tiled+tf32x3", "persistent", null,
                (kind, math) -> {
                    asked.add(kind);
                    asked.add(math);
                    throw new CudaException(CudaLibrary.ERROR_UNSUPPORTED, NO_TENSOR);
                }));
        assertEquals(List.of(2, 1), asked, "the form the property names, the arithmetic the run recorded");
        assertEquals("the run trained with the cuda engine's tf32x3 tensor-core products (its checkpoint records tiled+tf32x3), but "
                + "tensor_math = 1 (tf32x3) is for the tiled kernels only; recurrent_kernel = 2 (persistent) has no tensor-core form; to "
                + "continue in fp32, whose sums round differently, set -Dpsrnn.cuda.math=fp32 (for ./psrnn: "
                + "PSRNN_JAVA_OPTS=-Dpsrnn.cuda.math=fp32)", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> CudaKernelForms.inForm(null, "persistent", "tf32x3", (kind, math) -> {
            throw new CudaException(CudaLibrary.ERROR_UNSUPPORTED, NO_TENSOR);
        }));
        assertEquals("psrnn.cuda.math = tf32x3 is not allowed here: tensor_math = 1 (tf32x3) is for the tiled kernels only; "
                + "recurrent_kernel = 2 (persistent) has no tensor-core form; set it to fp32", e.getMessage());
    }

    @Test
    void aRecordedFormThatCannotRunHereIsRefusedNamingTheOptionForTheOther() {
        List<Integer> asked = new ArrayList<>();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CudaKernelForms.inForm("persistent", null, null, (kind, math) -> {
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
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CudaKernelForms.inForm(null, "persistent", null, (kind, math) -> {
            throw new CudaException(CudaLibrary.ERROR_UNSUPPORTED, NO_FIT);
        }));
        assertEquals("psrnn.cuda.kernel = persistent is not allowed here: on this GPU the persistent kernel cannot run this network "
                + "(N = 4096, 524416 bytes of W per block, 232448 allowed): its rows of W do not fit in a block's shared memory; set it "
                + "to tiled or auto", e.getMessage());
    }

    @Test
    void theOtherFormIsAskedForWhenThePropertyAcceptsItAndOtherFailuresPassThrough() {
        List<Integer> asked = new ArrayList<>();
        assertNull(CudaKernelForms.inForm("persistent", "tiled", null, (kind, math) -> {
            asked.add(kind);
            return null;
        }));
        assertEquals(List.of(1), asked);
        CudaException memory = new CudaException(CudaLibrary.ERROR_OUT_OF_MEMORY, "psrnn_create: the network needs 9 bytes");
        assertSame(memory, assertThrows(CudaException.class, () -> CudaKernelForms.inForm("persistent", null, null, (kind, math) -> {
            throw memory;
        })));
    }
}
