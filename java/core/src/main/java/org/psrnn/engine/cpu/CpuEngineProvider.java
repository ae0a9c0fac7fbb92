package org.psrnn.engine.cpu;

import java.util.Optional;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/** Registers the cpu engine with {@link org.psrnn.engine.Engines}. */
public final class CpuEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return CpuEngine.NAME;
    }

    @Override
    public String description() {
        int threads = defaultThreads();
        return "float32, " + threads + " thread" + (threads == 1 ? "" : "s") + ", " + Kernels.best().name();
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Engine create(ModelConfig config, NetworkState state) {
        return new CpuEngine(config, state, defaultThreads());
    }

    @Override
    public Engine create(ModelConfig config, NetworkState state, int threads) {
        return new CpuEngine(config, state, threads > 0 ? threads : defaultThreads());
    }

    /** All cores, or the system property {@code psrnn.threads}. */
    static int defaultThreads() {
        String p = System.getProperty("psrnn.threads");
        if (p != null) {
            try {
                return Math.max(1, Integer.parseInt(p.strip()));
            } catch (NumberFormatException ignored) {
                // fall through to all cores
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
