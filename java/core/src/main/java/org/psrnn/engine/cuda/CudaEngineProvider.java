package org.psrnn.engine.cuda;

import static org.psrnn.engine.cuda.CudaEngine.KERNEL_PROPERTY;
import static org.psrnn.engine.cuda.CudaEngine.MATH_PROPERTY;

import java.util.List;
import java.util.Optional;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/** Registers the cuda engine with {@link org.psrnn.engine.Engines}. */
public final class CudaEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return CudaEngine.NAME;
    }

    @Override
    public String description() {
        if (CudaAvailability.get().emulated()) {
            return "float32 on the EMULATED device (" + CudaLibrary.EMULATED_ENV + "): the CUDA kernels run on the CPU "
                    + "(libpsrnn_cuda_emu.so), a slow correctness instrument, not a GPU";
        }
        return "float32 on one NVIDIA GPU, hand-written kernels (libpsrnn_cuda.so)";
    }

    @Override
    public Optional<String> unavailableReason() {
        return CudaAvailability.get().reason();
    }

    @Override
    public Optional<String> notChosenByAuto() {
        return CudaAvailability.get().emulated() ? Optional.of("its device is the emulated one, a test instrument; auto never picks it")
                : Optional.empty();
    }

    @Override
    public List<String> details() {
        return CudaAvailability.get().details();
    }

    @Override
    public Engine create(ModelConfig config, NetworkState state) {
        return create(config, state, 0, null);
    }

    @Override
    public Engine create(ModelConfig config, NetworkState state, int threads, String kernelForm) {
        unavailableReason().ifPresent(why -> {
            throw new InvalidInputException("engine 'cuda' is not available here: " + why);
        });
        int device = Integer.getInteger("psrnn.cuda.device", 0);
        return CudaKernelForms.inForm(kernelForm, System.getProperty(KERNEL_PROPERTY), System.getProperty(MATH_PROPERTY),
                (kind, math) -> new CudaEngine(config, state, device, kind, math));
    }
}
