package org.psrnn.engine.cpu;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.psrnn.engine.StepStats;
import org.psrnn.model.Batch;
import org.psrnn.model.InitConfig;
import org.psrnn.model.Initialization;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.Preset;
import org.psrnn.task.RandomBatch;

/**
 * The parts of one cpu-engine iteration (psRNN preset {@code switch}, B = 64, T = 100):
 * forward; forward + BPTT; forward + BPTT + the fused G/H pass; the fused update and switching
 * pass; the whole iteration. BPTT alone is {@code forwardBackward - forward}, the G/H pass
 * {@code gradients - forwardBackward}.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar CpuEngineBenchmark [-p hidden=256]}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuEngineBenchmark {
    @Param({"128", "256", "512", "1024", "2048"})
    public int hidden;

    @Param({"64"})
    public int batch;

    @Param({"100"})
    public int steps;

    private CpuEngine engine;
    private Batch data;

    @Setup(Level.Trial)
    public void setUp() {
        NetworkShape shape = new NetworkShape(3, hidden, 3);
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT);
        cfg = cfg.withSwitching(Preset.SWITCH.configure(cfg.switching()));
        var init = Initialization.initialize(shape, cfg, InitConfig.DEFAULT, Preset.SWITCH);
        engine = new CpuEngine(init.config(), init.state(), Runtime.getRuntime().availableProcessors());
        data = RandomBatch.classification(shape, steps, batch, 42);
        engine.benchGradients(data); // buffers and gradients for the update benchmark
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public double forward() {
        return engine.benchForward(data);
    }

    @Benchmark
    public double forwardBackward() {
        return engine.benchForwardBackward(data);
    }

    @Benchmark
    public void gradients() {
        engine.benchGradients(data);
    }

    @Benchmark
    public void update() {
        engine.benchUpdate();
    }

    @Benchmark
    public StepStats iteration() {
        return engine.step(data);
    }
}
