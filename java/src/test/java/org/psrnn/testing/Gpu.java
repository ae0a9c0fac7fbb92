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
import org.psrnn.engine.cuda.CudaEngine;

/**
 * Tests that need a GPU: tagged {@code gpu}, and skipped (reported as skipped, with the reason
 * the cuda engine gives) where the cuda engine cannot run.
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
            return new CudaEngine.Provider().unavailableReason();
        }

        /** Whether the cuda engine can run here. */
        public static boolean available() {
            return unavailableReason().isEmpty();
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return unavailableReason().map(why -> ConditionEvaluationResult.disabled("no usable GPU: " + why))
                    .orElseGet(() -> ConditionEvaluationResult.enabled("the cuda engine can run here"));
        }
    }
}
