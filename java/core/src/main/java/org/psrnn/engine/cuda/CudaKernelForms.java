package org.psrnn.engine.cuda;

import static org.psrnn.engine.cuda.CudaEngine.KERNEL_PROPERTY;

import java.util.Locale;
import java.util.function.IntFunction;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.cuda.CudaCodes.KernelForm;

/**
 * Which form of the recurrent products a cuda engine asks for: the one {@value CudaEngine#KERNEL_PROPERTY}
 * names, else the one a resumed run recorded, else auto; and the message that says how to go on
 * when that form cannot run on this GPU.
 */
final class CudaKernelForms {
    private CudaKernelForms() {}

    /**
     * The recurrent_kernel code to ask the library for: the form {@code property} (the value of
     * psrnn.cuda.kernel, null when unset) names; where it is unset or auto and the run recorded a
     * form ({@code recorded}, null when none), that one, so a resumed run sums as it did.
     */
    static int kernelToAsk(String recorded, String property) {
        return CudaCodes.RECURRENT_KERNEL.code(formToAsk(recorded, property));
    }

    private static KernelForm formToAsk(String recorded, String property) {
        String k = property == null ? "auto" : property.strip().toLowerCase(Locale.ROOT);
        KernelForm asked = KernelForm.named(k);
        if (asked == null) {
            throw new InvalidInputException(KERNEL_PROPERTY + " = '" + k + "' is not allowed: must be one of auto, tiled, persistent, fused, blocked");
        }
        if (asked != KernelForm.AUTO || recorded == null) return asked;
        KernelForm form = KernelForm.named(recorded);
        if (form == null || form == KernelForm.AUTO) {
            throw new InvalidInputException("the checkpoint's kernel_form = '" + recorded
                    + "' is not allowed: the cuda engine's forms are tiled, persistent, fused and blocked");
        }
        return form;
    }

    /**
     * An engine from {@code make} in the form {@link #kernelToAsk} picks. Where that form cannot
     * run on this GPU, one line that says so and names the option that accepts the other form.
     */
    static CudaEngine inForm(String recorded, String property, IntFunction<CudaEngine> make) {
        KernelForm asked = formToAsk(recorded, property);
        try {
            return make.apply(CudaCodes.RECURRENT_KERNEL.code(asked));
        } catch (CudaException e) {
            if (e.status() != CudaLibrary.ERROR_UNSUPPORTED || asked == KernelForm.AUTO) throw e;
            String form = asked.key(), other = (asked == KernelForm.TILED ? KernelForm.PERSISTENT : KernelForm.TILED).key();
            String why = "on this GPU " + e.getMessage().replaceFirst("^psrnn_create: ", "");
            if (formToAsk(null, property) != KernelForm.AUTO) {
                throw new InvalidInputException(KERNEL_PROPERTY + " = " + form + " is not allowed here: " + why + "; set it to " + other
                        + " or auto", e);
            }
            throw new InvalidInputException("the run trained with the cuda engine's " + form + " kernels (its checkpoint records them), but "
                    + why + "; to continue with the " + other + " kernels, whose sums round differently, set -D" + KERNEL_PROPERTY + "="
                    + other + " (for ./psrnn: PSRNN_JAVA_OPTS=-D" + KERNEL_PROPERTY + "=" + other + ")", e);
        }
    }
}
