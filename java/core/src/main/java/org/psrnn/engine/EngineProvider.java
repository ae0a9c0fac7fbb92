package org.psrnn.engine;

import java.util.List;
import java.util.Optional;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/** Makes engines of one kind, and says whether it can on this machine. */
public interface EngineProvider {
    /** The name users select it by. */
    String name();

    /** One line: precision, parallelism, what it is for. */
    String description();

    /** Empty when engines of this kind can run here; otherwise why not, in words a user can act on. */
    Optional<String> unavailableReason();

    /**
     * Why {@code auto} passes over this kind even where it can run (the cuda engine on its emulated
     * device, a test instrument); empty when auto may pick it.
     */
    default Optional<String> notChosenByAuto() {
        return Optional.empty();
    }

    /** What this kind found on the machine (library, driver, devices), a line each; empty when nothing to say. */
    default List<String> details() {
        return List.of();
    }

    /** An engine for {@code config} holding a copy of {@code state}. */
    Engine create(ModelConfig config, NetworkState state);

    /**
     * As {@link #create(ModelConfig, NetworkState)}, using at most {@code threads} CPU threads
     * (0: the engine's default), for callers that run several engines side by side.
     */
    default Engine create(ModelConfig config, NetworkState state, int threads) {
        return create(config, state);
    }

    /**
     * As {@link #create(ModelConfig, NetworkState, int)}, for a run that continues: in the kernel
     * form {@code kernelForm} it recorded ({@link Engine#kernelForm()}; null when none was), so it
     * sums in the same order as before. Where that form cannot run here, an
     * {@link org.psrnn.InvalidInputException} says so and names the option that accepts another.
     * Engines with one form ignore it.
     */
    default Engine create(ModelConfig config, NetworkState state, int threads, String kernelForm) {
        return create(config, state, threads);
    }
}
