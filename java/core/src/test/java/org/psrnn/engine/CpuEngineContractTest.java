package org.psrnn.engine;

import org.psrnn.engine.cpu.CpuEngine;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/** The engine contract on the cpu engine, two threads (so the batch and row splits are exercised). */
class CpuEngineContractTest extends EngineContract {
    @Override
    protected Engine create(ModelConfig config, NetworkState state) {
        return new CpuEngine(config, state, 2);
    }

    @Override
    protected double tolerance() {
        return 2e-5;
    }
}
