package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import org.psrnn.engine.cuda.DeviceSpec;
import org.psrnn.engine.cuda.KernelModel;
import org.psrnn.engine.cuda.LaunchCosts;
import org.psrnn.engine.cuda.RecurrentForm;
import org.psrnn.engine.cuda.TensorMath;
import org.psrnn.model.Batch;
import org.psrnn.model.InitConfig;
import org.psrnn.model.Initialization;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.Preset;
import org.psrnn.task.RandomBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Training iterations per second of one engine at one size, for users comparing machines and engines. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time full training iterations (MODEL.md steps 1-7) of an engine on random data.",
                "Prints a table and ends with a line iterations_per_second=<value>.",
                "With --engine cuda --model: the napkin math of each kernel instead (FLOPs, bytes, modelled time), no GPU needed."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--engine", defaultValue = "${bundle:default.engine}", paramLabel = "NAME", description = "engine (default ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--hidden", defaultValue = "256", paramLabel = "N", description = "recurrent units (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B", description = "trials per batch (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "T", description = "time steps per trial (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--rule", defaultValue = "${bundle:default.rule}", paramLabel = "NAME", description = "preset (default ${DEFAULT-VALUE})")
    String rule;

    @Option(names = "--activation", defaultValue = "${bundle:default.activation}", paramLabel = "NAME", description = "relu, tanh, softplus, retanh (default ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "time to measure (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "S", description = "seconds of warm-up first (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--peak", description = "also measure this machine's float32 roof (FMA loop in registers, all cores)")
    boolean peak;

    @Option(names = "--model", description = "with --engine cuda: print the napkin math of each kernel (FLOPs, bytes, modelled time) "
            + "instead of measuring; needs no GPU")
    boolean model;

    @Option(names = "--device", defaultValue = "h200", paramLabel = "NAME", description = "the GPU the model assumes: h100 or h200 "
            + "(default ${DEFAULT-VALUE})")
    String device;

    @Override
    public Integer call() {
        NetworkShape shape = new NetworkShape(3, org.psrnn.Check.positive("hidden", hidden), 3);
        org.psrnn.Check.positive("batch", batch);
        org.psrnn.Check.positive("steps", steps);
        org.psrnn.Check.positive("seconds", seconds);
        Preset preset = Preset.parse(rule);
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT).withActivation(org.psrnn.model.Activation.parse(activation));
        cfg = cfg.withSwitching(preset.configure(cfg.switching()));
        DeviceSpec gpu = DeviceSpec.named(device);
        if (model) return printModel(shape, cfg, preset, gpu);
        var init = Initialization.initialize(shape, cfg, InitConfig.DEFAULT, preset);
        Batch data = RandomBatch.classification(shape, steps, batch, 7);
        EngineProvider provider = Engines.find(engine);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "psrnn bench: engine %s (%s), N=%d B=%d T=%d rule %s, %s%n", provider.name(), provider.description(),
                hidden, batch, steps, preset.key(), activation);
        o.flush();
        try (Engine e = provider.create(init.config(), init.state())) {
            if (e instanceof org.psrnn.engine.cuda.CudaEngine c) o.printf(Locale.ROOT, "recurrent_kernel=%s%n", c.kernelForm());
            run(e, data, warmup);
            long start = System.nanoTime();
            int iterations = run(e, data, seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double perSecond = iterations / elapsed;
            boolean hebbian = init.state().strongCount() < hidden * hidden;
            double flops = flopsPerIteration(shape, batch, steps, hebbian);
            o.printf(Locale.ROOT, "%-8s %6s %5s %5s %12s %14s %10s%n", "engine", "N", "B", "T", "ms/iteration", "iterations/s", "GFLOP/s");
            o.printf(Locale.ROOT, "%-8s %6d %5d %5d %12.2f %14.2f %10.1f%n", provider.name(), hidden, batch, steps,
                    1000.0 / perSecond, perSecond, flops * perSecond / 1e9);
            o.printf(Locale.ROOT, "(%d iterations in %.1f s; %.3g GFLOP per iteration)%n", iterations, elapsed, flops / 1e9);
            if (e instanceof org.psrnn.engine.cuda.CudaEngine c) {
                RecurrentForm form = RecurrentForm.valueOf(c.recurrentKernel().toUpperCase(Locale.ROOT));
                KernelModel m = new KernelModel(shape.nIn(), hidden, shape.nOut(), batch, steps, form, hebbian, covariance(cfg), c.tensorMath());
                double roof = m.kernels(gpu).stream().mapToDouble(k -> k.rooflineSeconds(gpu, LaunchCosts.DEFAULT)).sum();
                o.printf(Locale.ROOT, "model (%s, %s form): roofline %.3f ms per iteration; this run: %.1f%% of the roof (psrnn bench --model "
                        + "for each kernel)%n", gpu.key(), m.formName(), 1e3 * roof, 100 * roof * perSecond);
            }
            if (peak) {
                int threads = Runtime.getRuntime().availableProcessors();
                double roof = org.psrnn.engine.cpu.Peak.measureGflops(threads, 3.0);
                o.printf(Locale.ROOT, "peak_gflops=%.1f (FMA loop in registers, %d threads); this run: %.0f%% of it%n", roof, threads,
                        100 * flops * perSecond / 1e9 / roof);
            }
            o.printf(Locale.ROOT, "iterations_per_second=%.4f%n", perSecond);
        }
        return 0;
    }

    /**
     * The --model table for each form (the fused and persistent ones only where they fit on chip),
     * then the tiled form with tensor-core math (psrnn.cuda.math tf32x3 and tf32), with no engine made.
     */
    private int printModel(NetworkShape shape, ModelConfig cfg, Preset preset, DeviceSpec d) {
        if (!engine.strip().equalsIgnoreCase("cuda")) {
            throw new InvalidInputException("--model is for --engine cuda, not --engine " + engine);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "psrnn bench --model: the cuda engine's kernels, one iteration, N=%d B=%d T=%d n_in=%d n_out=%d rule %s "
                + "(with H, %s Hebbian rule), on the %s%n", hidden, batch, steps, shape.nIn(), shape.nOut(), preset.key(),
                cfg.hebbian().rule().name().toLowerCase(Locale.ROOT), d.name());
        KernelModelTable.printAssumptions(o, d, LaunchCosts.DEFAULT);
        for (RecurrentForm form : new RecurrentForm[] {RecurrentForm.FUSED, RecurrentForm.PERSISTENT, RecurrentForm.TILED, RecurrentForm.BLOCKED}) {
            KernelModel m = new KernelModel(shape.nIn(), hidden, shape.nOut(), batch, steps, form, true, covariance(cfg));
            if (form == RecurrentForm.PERSISTENT && !m.persistentFits(d)) {
                o.printf(Locale.ROOT, "persistent form: does not fit (%d rows of W per block need more than %d bytes of shared memory); "
                        + "auto runs the tiled form%n", (hidden + d.sms() - 1) / d.sms(), d.sharedBytesPerBlock());
                continue;
            }
            if (form == RecurrentForm.FUSED && !m.fusedFits(d)) {
                o.printf(Locale.ROOT, "fused form: does not fit (%d rows and columns of W and rows of G and H per block need more than %d bytes "
                        + "of shared memory)%n", (hidden + d.sms() - 1) / d.sms(), d.sharedBytesPerBlock());
                continue;
            }
            KernelModelTable.print(o, m, d, LaunchCosts.DEFAULT);
        }
        for (TensorMath math : new TensorMath[] {TensorMath.TF32X3, TensorMath.TF32}) {
            KernelModelTable.print(o, new KernelModel(shape.nIn(), hidden, shape.nOut(), batch, steps, RecurrentForm.TILED, true, covariance(cfg),
                    math), d, LaunchCosts.DEFAULT);
        }
        return 0;
    }

    private static boolean covariance(ModelConfig cfg) {
        return cfg.hebbian().rule() == org.psrnn.rules.HebbianRule.COVARIANCE;
    }

    private static int run(Engine e, Batch data, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        do {
            e.step(data);
            n++;
        } while (System.nanoTime() < end);
        return n;
    }

    /**
     * Floating-point operations of one iteration: {@code 2 B N^2 T} each for the forward product,
     * BPTT's product, G and (when any synapse is WEAK) H, plus the input/output layers, the
     * element-wise work and the update of W.
     */
    static double flopsPerIteration(NetworkShape s, int batch, int steps, boolean hebbian) {
        double n = s.hidden(), samples = (double) batch * steps;
        double recurrent = (hebbian ? 8 : 6) * samples * n * n;
        double layers = 2 * samples * n * (2 * s.nIn() + 3 * s.nOut());
        double elementwise = 10 * samples * n;
        double update = 15 * n * n;
        return recurrent + layers + elementwise + update;
    }
}
