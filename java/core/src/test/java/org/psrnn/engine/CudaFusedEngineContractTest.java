package org.psrnn.engine;

import org.psrnn.engine.cuda.CudaEngine;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/**
 * The engine contract on the cuda engine's fused form: the whole iteration as one cooperative
 * kernel (cuda/fused.cuh). A top-level class: Maven's test runner leaves out nested ones.
 */
class CudaFusedEngineContractTest extends CudaEngineContractTest {
    @Override
    protected Engine create(ModelConfig config, NetworkState state) {
        return new CudaEngine(config, state, 0, 3);
    }
}
