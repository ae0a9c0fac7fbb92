package org.psrnn.engine.cuda;

import static org.psrnn.engine.cuda.CudaEngine.KERNEL_PROPERTY;
import static org.psrnn.engine.cuda.CudaEngine.MATH_PROPERTY;

import java.util.Locale;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.cuda.CudaCodes.KernelForm;

/**
 * Which form of the recurrent products, and which arithmetic for them, a cuda engine asks for:
 * the ones {@value CudaEngine#KERNEL_PROPERTY} and {@value CudaEngine#MATH_PROPERTY} name, else
 * the ones a resumed run recorded, else auto and fp32; and the message that says how to go on
 * when they cannot run on this GPU. A run records both as its kernel form ({@link #formName}):
 * the form alone for fp32 ("tiled", "persistent"), the form and the arithmetic for tensor-core
 * math ("tiled+tf32x3", "tiled+tf32").
 */
final class CudaKernelForms {
    private CudaKernelForms() {}

    /** Makes an engine from psrnn_config's recurrent_kernel and tensor_math codes. */
    @FunctionalInterface
    interface Maker {
        CudaEngine make(int recurrentKernel, int tensorMath);
    }

    /** The kernel form a run records for the form the library chose and the arithmetic asked for. */
    static String formName(KernelForm form, TensorMath math) {
        return math == TensorMath.FP32 ? form.key() : form.key() + "+" + math.key();
    }

    /**
     * The recurrent_kernel code to ask the library for: the form {@code property} (the value of
     * psrnn.cuda.kernel, null when unset) names; where it is unset or auto and the run recorded a
     * form ({@code recorded}, null when none), that one, so a resumed run sums as it did.
     */
    static int kernelToAsk(String recorded, String property) {
        return CudaCodes.RECURRENT_KERNEL.code(formToAsk(recorded, property));
    }

    /**
     * The tensor_math code to ask the library for: the arithmetic {@code property} (the value of
     * psrnn.cuda.math, null when unset) names; where it is unset, the one the run recorded
     * ({@code recorded}, null when none), else fp32.
     */
    static int mathToAsk(String recorded, String property) {
        return CudaCodes.TENSOR_MATH.code(mathOf(recorded, property));
    }

    private static KernelForm formToAsk(String recorded, String property) {
        String k = property == null ? "auto" : property.strip().toLowerCase(Locale.ROOT);
        KernelForm asked = KernelForm.named(k);
        if (asked == null) {
            throw new InvalidInputException(KERNEL_PROPERTY + " = '" + k + "' is not allowed: must be one of auto, tiled, persistent, fused, blocked");
        }
        if (asked != KernelForm.AUTO || recorded == null) return asked;
        return recordedForm(recorded);
    }

    private static TensorMath mathOf(String recorded, String property) {
        if (property != null) {
            String m = property.strip().toLowerCase(Locale.ROOT);
            TensorMath asked = TensorMath.named(m);
            if (asked == null) throw new InvalidInputException(MATH_PROPERTY + " = '" + m + "' is not allowed: must be one of fp32, tf32x3, tf32");
            return asked;
        }
        if (recorded == null) return TensorMath.FP32;
        recordedForm(recorded);
        int plus = recorded.indexOf('+');
        return plus < 0 ? TensorMath.FP32 : TensorMath.named(recorded.substring(plus + 1));
    }

    /** The form of a checkpoint's kernel_form, once the whole name is one a run records. */
    private static KernelForm recordedForm(String recorded) {
        int plus = recorded.indexOf('+');
        KernelForm form = KernelForm.named(plus < 0 ? recorded : recorded.substring(0, plus));
        TensorMath math = plus < 0 ? TensorMath.FP32 : TensorMath.named(recorded.substring(plus + 1));
        if (form == null || form == KernelForm.AUTO || math == null || (plus >= 0 && math == TensorMath.FP32)) {
            throw new InvalidInputException("the checkpoint's kernel_form = '" + recorded
                    + "' is not allowed: the cuda engine's forms are tiled, persistent, fused and blocked, with +tf32x3 or +tf32 after one for"
                    + " tensor-core math");
        }
        return form;
    }

    /**
     * An engine from {@code make} in the form and arithmetic {@link #kernelToAsk} and
     * {@link #mathToAsk} pick. Where they cannot run on this GPU, one line that says so and names
     * the option that accepts another.
     */
    static CudaEngine inForm(String recorded, String kernelProperty, String mathProperty, Maker make) {
        KernelForm asked = formToAsk(recorded, kernelProperty);
        TensorMath math = mathOf(recorded, mathProperty);
        try {
            return make.make(CudaCodes.RECURRENT_KERNEL.code(asked), CudaCodes.TENSOR_MATH.code(math));
        } catch (CudaException e) {
            if (e.status() != CudaLibrary.ERROR_UNSUPPORTED) throw e;
            String why = e.getMessage().replaceFirst("^psrnn_create: ", "");
            if (math != TensorMath.FP32) {
                if (mathProperty != null) {
                    throw new InvalidInputException(MATH_PROPERTY + " = " + math.key() + " is not allowed here: " + why + "; set it to fp32", e);
                }
                throw new InvalidInputException("the run trained with the cuda engine's " + math.key() + " tensor-core products (its "
                        + "checkpoint records " + recorded + "), but " + why + "; to continue in fp32, whose sums round differently, set -D"
                        + MATH_PROPERTY + "=fp32 (for ./psrnn: PSRNN_JAVA_OPTS=-D" + MATH_PROPERTY + "=fp32)", e);
            }
            if (asked == KernelForm.AUTO) throw e;
            String form = asked.key(), other = (asked == KernelForm.TILED ? KernelForm.PERSISTENT : KernelForm.TILED).key();
            if (formToAsk(null, kernelProperty) != KernelForm.AUTO) {
                throw new InvalidInputException(KERNEL_PROPERTY + " = " + form + " is not allowed here: on this GPU " + why + "; set it to "
                        + other + " or auto", e);
            }
            throw new InvalidInputException("the run trained with the cuda engine's " + form + " kernels (its checkpoint records them), but "
                    + "on this GPU " + why + "; to continue with the " + other + " kernels, whose sums round differently, set -D"
                    + KERNEL_PROPERTY + "=" + other + " (for ./psrnn: PSRNN_JAVA_OPTS=-D" + KERNEL_PROPERTY + "=" + other + ")", e);
        }
    }
}
