package org.psrnn.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.analysis.Structure;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.cli.Provenance;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import org.psrnn.io.RunDirectory;
import org.psrnn.model.Initialization;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.report.Plots;
import org.psrnn.task.Task;

/**
 * One training run from a configuration to a finished run folder: initialise, train with
 * progress, and leave config.json, metrics.csv, weights.npz, checkpoint.npz, summary.json and
 * the plots behind.
 */
public final class TrainingRun {
    public static final String SUMMARY = "summary.json";

    private TrainingRun() {}

    /** How a finished run went. */
    public record Outcome(RunDirectory dir, RunConfig config, Trainer.Result result, StructureMetrics structure, String engine) {}

    /**
     * Trains the run {@code config} into {@code out}. {@code log} receives progress
     * ({@code terminal}: rewritten in place); {@code label} prefixes progress lines.
     */
    public static Outcome execute(RunConfig config, Path out, boolean overwrite, PrintWriter log, boolean terminal, String label,
                                  String command) throws IOException {
        return execute(config, out, overwrite, log, terminal, label, command, 0);
    }

    /** As above, the engine limited to {@code threads} CPU threads (0: its default), for runs side by side. */
    public static Outcome execute(RunConfig config, Path out, boolean overwrite, PrintWriter log, boolean terminal, String label,
                                  String command, int threads) throws IOException {
        RunDirectory dir = RunDirectory.create(out, overwrite);
        Task task = config.createTask();
        NetworkShape shape = config.shape();
        Initialization.Initialized init = Initialization.initialize(shape, config.model(), config.init(), config.rule());
        RunConfig resolved = config.withModel(init.config());
        EngineProvider provider = Engines.find(config.engine());
        double[] wInit = init.state().params().wRec().clone();

        Map<String, Object> provenance = Provenance.of(provider, command);
        Map<String, Object> written = resolved.toMap();
        written.put("theta_from", config.model().switching().thetaGiven() ? "given" : "strong_fraction");
        dir.writeConfig(written, provenance);

        List<MetricsRow> rows = new ArrayList<>();
        TrainingListener files = new TrainingListener() {
            @Override
            public void evaluated(MetricsRow row, NetworkState state, Criterion criterion) {
                rows.add(row);
                try {
                    dir.writeMetrics(rows);
                    dir.writeCheckpoint(state, wInit);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        ProgressPrinter progress = new ProgressPrinter(log, terminal, label);
        Trainer.Result result;
        NetworkState last;
        try (Engine engine = provider.create(resolved.model(), init.state(), threads)) {
            Trainer trainer = new Trainer(task, engine, resolved.training(), resolved.model().loss(), resolved.model().seed(),
                    List.of(files, progress));
            result = trainer.run();
            last = engine.exportState();
        } finally {
            progress.finish();
        }

        int n = shape.hidden();
        StructureMetrics structure = Structure.of(last.params().wRec(), wInit, last.strong(), n);
        dir.writeWeights(last, wInit);
        dir.writeCheckpoint(last, wInit);
        dir.writeJson(SUMMARY, summary(resolved, result, structure, provider.name()));
        double theta = resolved.model().switching().thetaGiven() ? resolved.model().switching().theta() : Double.NaN;
        Plots.drawAll(dir.plots(), rows, resolved.training().criterion(), last.params().wRec(), last.strong(), theta);
        return new Outcome(dir, resolved, result, structure, provider.name());
    }

    /** The headline numbers of a run, as written to summary.json. */
    public static Map<String, Object> summary(RunConfig config, Trainer.Result result, StructureMetrics structure, String engine) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("task", config.task());
        s.put("rule", config.rule().key());
        s.put("seed", config.toMap().get("seed"));
        s.put("engine", engine);
        var ttc = result.criterion().trialsToCriterion();
        s.put("reached_criterion", ttc.isPresent());
        s.put("trials_to_criterion", ttc.isPresent() ? ttc.getAsLong() : null);
        s.put("criterion", result.criterion().threshold());
        s.put("iterations", result.last().iteration());
        s.put("trials", result.last().trials());
        s.put("final_performance", result.last().performance());
        s.put("final_eval_loss", result.last().evalLoss());
        s.put("seconds", result.last().seconds());
        Map<String, Object> st = new LinkedHashMap<>();
        double[] values = structure.values();
        for (int i = 0; i < values.length; i++) st.put(StructureMetrics.NAMES[i], Double.isNaN(values[i]) ? null : values[i]);
        s.put("structure", st);
        s.put("finished", Instant.now().toString());
        return s;
    }
}
