package org.psrnn.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import org.psrnn.engine.Engine;
import org.psrnn.engine.StepStats;
import org.psrnn.engine.reference.ReferenceEngine;
import org.psrnn.model.Batch;
import org.psrnn.model.InitConfig;
import org.psrnn.model.Initialization;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.Preset;
import org.psrnn.task.RandomBatch;

/**
 * One full training iteration (MODEL.md steps 1-7) of the reference engine, for a psRNN
 * ({@code switch}) and the BP baseline. Run: {@code java -jar bench/target/benchmarks.jar Reference}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ReferenceIterationBenchmark {
    @Param({"64", "128"})
    public int hidden;

    @Param({"16"})
    public int batch;

    @Param({"50"})
    public int steps;

    @Param({"switch", "bp"})
    public String rule;

    private Engine engine;
    private Batch data;

    @Setup(Level.Trial)
    public void setUp() {
        NetworkShape shape = new NetworkShape(3, hidden, 3);
        Preset preset = Preset.parse(rule);
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT);
        var init = Initialization.initialize(shape, cfg.withSwitching(preset.configure(cfg.switching())), InitConfig.DEFAULT, preset);
        engine = new ReferenceEngine(init.config(), init.state());
        data = RandomBatch.classification(shape, steps, batch, 42);
    }

    @Benchmark
    public StepStats iteration() {
        return engine.step(data);
    }
}
