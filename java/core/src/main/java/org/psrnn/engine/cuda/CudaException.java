package org.psrnn.engine.cuda;

import org.psrnn.engine.EngineException;

/** A call into libpsrnn_cuda.so failed; {@link #status()} is its psrnn_status, the message the library's. */
public final class CudaException extends EngineException {
    private final int status;

    CudaException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * PSRNN_ERROR_ARGUMENT (1), _NO_DEVICE (2), _OUT_OF_MEMORY (3), _CUDA (4) or _UNSUPPORTED (5:
     * the form of the recurrent kernels asked for cannot run this network on this GPU).
     */
    public int status() {
        return status;
    }

    /** Whether the device ran out of memory. */
    public boolean outOfMemory() {
        return status == CudaLibrary.ERROR_OUT_OF_MEMORY;
    }
}
