package org.psrnn.engine.cuda;

import java.util.Locale;

/** The forms of the cuda engine's iteration that the napkin model knows (psrnn.cuda.kernel's names). */
public enum RecurrentForm {
    /** One launch of forward_tiled (backward_tiled) per time step, replayed from a CUDA graph. */
    TILED,
    /** One cooperative launch of forward_persistent (backward_persistent) for all T steps, a grid barrier per step. */
    PERSISTENT,
    /** One cooperative launch of fused_iteration for MODEL.md steps 1-7 (cuda/fused.cuh). */
    FUSED,
    /** One launch of forward_blocked (backward_blocked) per time step, register-blocked, replayed from a CUDA graph as TILED. */
    BLOCKED;

    /** The name psrnn.cuda.kernel uses. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the form launches one kernel per time step (from a CUDA graph), reading W once per step. */
    public boolean perStep() {
        return this == TILED || this == BLOCKED;
    }
}
