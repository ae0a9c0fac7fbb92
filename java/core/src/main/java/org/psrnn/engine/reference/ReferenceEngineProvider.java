package org.psrnn.engine.reference;

import java.util.Optional;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/** Registers the reference engine with {@link org.psrnn.engine.Engines}. */
public final class ReferenceEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return ReferenceEngine.NAME;
    }

    @Override
    public String description() {
        return "float64, one thread, plain loops: the oracle every engine is tested against";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Engine create(ModelConfig config, NetworkState state) {
        return new ReferenceEngine(config, state);
    }
}
