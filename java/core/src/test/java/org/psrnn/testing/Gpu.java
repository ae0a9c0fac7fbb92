package org.psrnn.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.psrnn.engine.cuda.CudaEngineProvider;
import org.psrnn.engine.cuda.CudaLibrary;

/**
 * Tests that need a GPU: tagged {@code gpu}, and skipped (reported as skipped, with the reason
 * the cuda engine gives) where the cuda engine cannot run. {@code ./psrnn test} runs them twice:
 * on a real GPU where there is one, and on the emulated device (java/core/pom.xml's gpu-emulated pass,
 * {@code -Dpsrnn.cuda.emulated=true}), where {@link Condition#emulated()} lets a test shrink its
 * sizes to what the emulation affords while still reaching every kernel path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("gpu")
@ExtendWith(Gpu.Condition.class)
public @interface Gpu {
    /** Disables the annotated tests where there is no usable GPU. */
    final class Condition implements ExecutionCondition {
        /** Why the cuda engine cannot run here, or empty. */
        public static Optional<String> unavailableReason() {
            return new CudaEngineProvider().unavailableReason();
        }

        /** Whether the cuda engine can run here. */
        public static boolean available() {
            return unavailableReason().isEmpty();
        }

        /** Whether the cuda engine runs here on the emulated device (the CPU), not a GPU. */
        public static boolean emulated() {
            return available() && CudaLibrary.load().emulated();
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return unavailableReason().map(why -> ConditionEvaluationResult.disabled("no usable GPU: " + why))
                    .orElseGet(() -> ConditionEvaluationResult.enabled(emulated() ? "the cuda engine runs here on the emulated device"
                            : "the cuda engine can run here"));
        }
    }
}
