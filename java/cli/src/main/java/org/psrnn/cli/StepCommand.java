package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.Engine;
import org.psrnn.engine.Engines;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.io.DType;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.io.RunDirectory;
import org.psrnn.io.StateFiles;
import org.psrnn.model.Batch;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.ParamTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The verification surface: exactly one iteration of MODEL.md (steps 1-7) on a given state and
 * batch, writing the next state with the loss, the unclipped gradients and the Hebbian term.
 */
@Command(name = "step", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one training iteration (MODEL.md steps 1-7) on a saved state and batch.",
                "Writes the new state, plus loss, grad_<name> (unclipped) and hebb (H), in the precision of the input state."})
final class StepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "FILE",
            description = "state .npz: W_in, W_rec, W_out, b_rec, b_out, S_rec; optional m_<name>, v_<name>, iteration")
    Path state;

    @Option(names = "--batch", paramLabel = "FILE",
            description = "batch .npz: inputs (T,B,n_in), targets (T,B,n_out) or labels (T,B), mask (T,B), optional noise (T,B,N); "
                    + "with a run's config.json, by default the batch the run draws at the state's iteration")
    Path batch;

    @Option(names = "--save-batch", paramLabel = "FILE", description = "also write the batch of this iteration (.npz, float64), "
            + "for another implementation to step with")
    Path saveBatch;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON with MODEL.md keys (alpha, lr, theta, ...), MODEL.md's defaults "
            + "otherwise; or a run's config.json, whose settings (theta included) are used as training used them")
    Path config;

    @Option(names = "--run", paramLabel = "RUN", description = "a run folder: its checkpoint.npz as --state, its config.json as --config")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the next state (.npz)")
    Path out;

    @Option(names = "--engine", defaultValue = "${bundle:default.engine}", paramLabel = "NAME",
            description = "reference, cpu, cuda or auto (default: ${DEFAULT-VALUE})")
    String engineName;

    @Override
    public Integer call() throws IOException {
        if (run != null) useRun();
        if (state == null) throw new InvalidInputException("missing --state FILE (or --run RUN)");
        requireStateFile();
        requireOutputFile("--out", out);
        if (saveBatch != null) requireOutputFile("--save-batch", saveBatch);
        StepSettings settings = config == null ? StepSettings.defaults() : StepSettings.read(config);
        StateFiles.LoadedState loaded = StateFiles.readState(state);
        if (config == null && loaded.otherArrays().contains(RunDirectory.TRAINER)) {
            // MODEL.md's defaults are not the settings a run trained with (lr, eta_h, theta): ask for them.
            Path folder = state.getParent() != null ? state.getParent() : Path.of(".");
            throw new InvalidInputException(state + ": is a training checkpoint; give the settings it trained with: "
                    + (Files.isRegularFile(folder.resolve(RunDirectory.CONFIG))
                            ? "--config " + folder.resolve(RunDirectory.CONFIG) + ", or --run " + folder + " in place of --state"
                            : "--config with its run's config.json, or --run RUN in place of --state"));
        }
        NetworkShape shape = loaded.state().shape();
        settings.requireFits(shape, state);
        Batch b;
        if (batch != null) {
            b = StateFiles.readBatch(batch, shape, settings.loss().orElse(null));
        } else {
            b = settings.trainingBatch(loaded.state().iteration()).orElseThrow(() -> new InvalidInputException(
                    "missing --batch FILE (only a run's config.json, or another training configuration, can draw its own batch)"));
        }
        ModelConfig modelConfig = settings.model(b.lossKind());
        b.requireFits(shape, modelConfig.loss());

        Gradients g;
        StepStats stats;
        Map<String, NpyArray> arrays;
        try (Engine engine = Engines.create(engineName, modelConfig, loaded.state())) {
            g = engine.gradients(b);
            stats = engine.step(b);
            arrays = StateFiles.stateArrays(engine.exportState(), loaded.precision());
        }
        DType precision = loaded.precision();
        Map<String, NpyArray> next = new LinkedHashMap<>(arrays);
        next.put("loss", NpyArray.floating(precision, new double[] {stats.loss()}));
        for (ParamTensor t : ParamTensor.values()) {
            next.put("grad_" + t.fileName(), NpyArray.floating(precision, g.grads().get(t), t.shape(shape)));
        }
        next.put("hebb", NpyArray.floating(precision, g.hebbian(), shape.hidden(), shape.hidden()));
        next.put("grad_norm", NpyArray.floating(precision, new double[] {stats.gradNorm()}));
        next.put("switches_up", NpyArray.int64(new long[] {stats.switchesUp()}));
        next.put("switches_down", NpyArray.int64(new long[] {stats.switchesDown()}));
        if (saveBatch != null) Npz.write(saveBatch, StateFiles.batchArrays(b, DType.FLOAT64));
        Npz.write(out, next);

        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "iteration %d: loss=%.6g grad_norm=%.6g clip_scale=%.6g switches up=%d down=%d strong=%d/%d -> %s%n",
                loaded.state().iteration(), stats.loss(), stats.gradNorm(), stats.clipScale(), stats.switchesUp(),
                stats.switchesDown(), stats.strongCount(), shape.hidden() * shape.hidden(), out);
        return 0;
    }

    /** {@code --run RUN}: the run's checkpoint and config.json, in place of --state and --config. */
    private void useRun() {
        if (state != null || config != null) {
            throw new InvalidInputException("--run " + run + " takes the state and config from the run folder; drop "
                    + (state != null && config != null ? "--state and --config" : state != null ? "--state" : "--config"));
        }
        if (!Files.isRegularFile(run.resolve(RunDirectory.CONFIG))) {
            throw new InvalidInputException(run + ": not a psrnn run folder (it has no " + RunDirectory.CONFIG + "); --run takes a folder"
                    + " made by psrnn train");
        }
        if (!Files.isRegularFile(run.resolve(RunDirectory.CHECKPOINT))) {
            throw new InvalidInputException(run + ": has no " + RunDirectory.CHECKPOINT + "; --run takes a folder made by psrnn train");
        }
        state = run.resolve(RunDirectory.CHECKPOINT);
        config = run.resolve(RunDirectory.CONFIG);
    }

    /** A run folder given as the state is a near miss of --run; say so. */
    private void requireStateFile() {
        if (Files.isDirectory(state) && Files.isRegularFile(state.resolve(RunDirectory.CONFIG))) {
            throw new InvalidInputException(state + ": is a run folder; --state takes a state .npz file: use --run " + state
                    + ", or --state " + state.resolve(RunDirectory.CHECKPOINT) + " --config " + state.resolve(RunDirectory.CONFIG));
        }
    }

    /** The output must be a file in a folder that exists or can be made; checked before the iteration runs. */
    private static void requireOutputFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": is a folder; " + option + " takes the path of the .npz file to write, such as "
                    + file.resolve(option.equals("--out") ? "next.npz" : "batch.npz"));
        }
        for (Path p = file.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) return;
            if (Files.exists(p)) {
                throw new InvalidInputException(file + ": " + p + " is not a folder; " + option + " takes the path of the .npz file to write");
            }
        }
    }
}
