package org.psrnn.engine;

import org.psrnn.model.Batch;
import org.psrnn.model.NetworkState;

/**
 * An engine owns the parameters, synapse states and Adam moments of one network (on the heap, in
 * native memory or on a GPU) and computes MODEL.md on them. Tasks, the training loop, metrics
 * and files never know which engine runs.
 */
public interface Engine extends AutoCloseable {
    /** The name users select it by ({@code reference}, {@code cpu}, {@code cuda}). */
    String name();

    /** One full training iteration, MODEL.md steps 1-7. */
    StepStats step(Batch batch);

    /** The forward pass alone (step 1) and the loss, with the current state; nothing changes. */
    ForwardResult forward(Batch batch);

    /** Loss, unclipped gradients and Hebbian term of this state on this batch (steps 1-2 and H of step 5); nothing changes. */
    Gradients gradients(Batch batch);

    /** A copy of the engine's state. */
    NetworkState exportState();

    /** Replaces the engine's state with a copy of {@code state} (same shape). */
    void importState(NetworkState state);

    /**
     * Where an engine has kernel forms that sum in different orders (the cuda engine's
     * {@code tiled} and {@code persistent}), the one it runs: a run records it in its checkpoint
     * and continues in it (EngineProvider's {@code create} with a kernel form). Null for an engine
     * with one form.
     */
    default String kernelForm() {
        return null;
    }

    @Override
    default void close() {}
}
