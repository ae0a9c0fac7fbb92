package org.psrnn.engine.cuda;

import java.util.Locale;

/** The two forms of the cuda engine's recurrent products (psrnn.cuda.kernel's tiled and persistent). */
public enum RecurrentForm {
    /** One launch of forward_tiled (backward_tiled) per time step, replayed from a CUDA graph. */
    TILED,
    /** One cooperative launch of forward_persistent (backward_persistent) for all T steps, a grid barrier per step. */
    PERSISTENT;

    /** The name psrnn.cuda.kernel uses. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
