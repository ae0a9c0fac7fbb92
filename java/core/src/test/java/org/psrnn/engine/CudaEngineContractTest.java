package org.psrnn.engine;

import org.psrnn.engine.cuda.CudaEngine;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;
import org.psrnn.testing.Gpu;

/** The engine contract on the cuda engine, recurrent products in the form it picks (persistent where W fits on chip). */
@Gpu
class CudaEngineContractTest extends EngineContract {
    @Override
    protected Engine create(ModelConfig config, NetworkState state) {
        return new CudaEngine(config, state, 0, 0);
    }

    @Override
    protected double tolerance() {
        return 2e-5;
    }
}
