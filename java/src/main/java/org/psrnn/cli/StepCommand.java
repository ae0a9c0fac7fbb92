package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.psrnn.engine.Engine;
import org.psrnn.engine.Engines;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.DType;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
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

    @Option(names = "--state", required = true, paramLabel = "FILE",
            description = "state .npz: W_in, W_rec, W_out, b_rec, b_out, S_rec; optional m_<name>, v_<name>, iteration")
    Path state;

    @Option(names = "--batch", required = true, paramLabel = "FILE",
            description = "batch .npz: inputs (T,B,n_in), targets (T,B,n_out) or labels (T,B), mask (T,B), optional noise (T,B,N)")
    Path batch;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON with MODEL.md keys (alpha, lr, theta, ...); defaults otherwise")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the next state (.npz)")
    Path out;

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "NAME",
            description = "reference, cpu, cuda or auto (default: ${DEFAULT-VALUE})")
    String engineName;

    @Override
    public Integer call() throws IOException {
        ConfigFile cfg = config == null ? ConfigFile.empty() : ConfigFile.read(config, ConfigFile.MODEL_KEYS);
        StateFiles.LoadedState loaded = StateFiles.readState(state);
        NetworkShape shape = loaded.state().shape();
        Batch b = StateFiles.readBatch(batch, shape, cfg.loss().orElse(null));
        ModelConfig modelConfig = cfg.modelConfig(b.lossKind());
        b.requireFits(shape, modelConfig.loss());
        modelConfig.switching().requireResolved();

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
        Npz.write(out, next);

        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "iteration %d: loss=%.6g grad_norm=%.6g clip_scale=%.6g switches up=%d down=%d strong=%d/%d -> %s%n",
                loaded.state().iteration(), stats.loss(), stats.gradNorm(), stats.clipScale(), stats.switchesUp(),
                stats.switchesDown(), stats.strongCount(), shape.hidden() * shape.hidden(), out);
        return 0;
    }
}
