package org.psrnn.engine;

import org.psrnn.engine.reference.ReferenceEngine;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

class ReferenceEngineContractTest extends EngineContract {
    @Override
    protected Engine create(ModelConfig config, NetworkState state) {
        return new ReferenceEngine(config, state);
    }

    @Override
    protected double tolerance() {
        return 1e-12;
    }
}
