package org.psrnn.engine;

import org.psrnn.engine.cuda.CudaEngine;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/**
 * The engine contract on the cuda engine with the blocked per-step kernels (psrnn.cuda.kernel =
 * blocked: register-blocked, replayed from a CUDA graph as the tiled ones). A top-level class:
 * Maven's test runner leaves out nested ones.
 */
class CudaBlockedEngineContractTest extends CudaEngineContractTest {
    @Override
    protected Engine create(ModelConfig config, NetworkState state) {
        return new CudaEngine(config, state, 0, 4);
    }
}
