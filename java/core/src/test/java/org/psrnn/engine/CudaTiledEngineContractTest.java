package org.psrnn.engine;

import org.psrnn.engine.cuda.CudaEngine;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/**
 * The engine contract on the cuda engine with the tiled per-step kernels replayed from a CUDA
 * graph (the form for networks whose W does not fit on chip). A top-level class: Maven's test
 * runner leaves out nested ones.
 */
class CudaTiledEngineContractTest extends CudaEngineContractTest {
    @Override
    protected Engine create(ModelConfig config, NetworkState state) {
        return new CudaEngine(config, state, 0, 1);
    }
}
