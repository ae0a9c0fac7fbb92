package org.psrnn.train;

/**
 * Training produced a NaN or an infinity: the run stops, naming the iteration and the quantity,
 * and keeps the last checkpoint written from a finite state.
 */
public final class DivergedException extends RuntimeException {
    private final long iteration;
    private final String quantity;

    /** {@code weights} says which parameter tensors are no longer finite (see {@code Trainer.nonFinite}). */
    public DivergedException(long iteration, String quantity, double value, String weights) {
        super("training diverged at iteration " + iteration + ": " + quantity + " = " + value + " (" + weights + ")"
                + "; the last finite state is in checkpoint.npz. Lower lr or eta_h, add decay (lambda) or a clamp (w_max), or clip harder.");
        this.iteration = iteration;
        this.quantity = quantity;
    }

    public long iteration() {
        return iteration;
    }

    public String quantity() {
        return quantity;
    }
}
