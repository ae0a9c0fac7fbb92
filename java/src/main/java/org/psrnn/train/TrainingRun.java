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
import org.psrnn.io.ConfigFile;
import org.psrnn.model.NetworkState;
import org.psrnn.report.HtmlReport;
import org.psrnn.report.Plots;

/**
 * One training run from a configuration to a finished run folder: initialise, train with
 * progress, and leave config.json, metrics.csv, weights.npz, checkpoint.npz, summary.json and
 * the plots behind.
 */
public final class TrainingRun {
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";

    private TrainingRun() {}

    /** How a finished run went. */
    public record Outcome(RunDirectory dir, RunConfig config, Trainer.Result result, StructureMetrics structure, String engine) {}

    /**
     * Trains the run {@code config} into {@code out}. {@code log} receives progress
     * ({@code terminal}: rewritten in place); {@code label} prefixes progress lines.
     */
    public static Outcome execute(RunConfig config, Path out, boolean overwrite, PrintWriter log, boolean terminal, String label,
                                  String command) throws IOException {
        return execute(config, out, overwrite, log, terminal, label, command, 0, null);
    }

    /**
     * As above, the engine limited to {@code threads} CPU threads (0: its default), for runs side
     * by side; {@code stop} (may be null) asks for a clean early stop.
     */
    public static Outcome execute(RunConfig config, Path out, boolean overwrite, PrintWriter log, boolean terminal, String label,
                                  String command, int threads, StopRequest stop) throws IOException {
        // Everything a mistake in the configuration can fail is done before the folder exists.
        Initialization.Initialized init = Initialization.initialize(config.shape(), config.model(), config.init(), config.rule());
        RunConfig resolved = config.withModel(init.config());
        EngineProvider provider = Engines.find(config.engine());
        RunDirectory dir = RunDirectory.create(out, overwrite);
        Map<String, Object> written = resolved.toMap();
        written.put("theta_from", config.model().switching().thetaGiven() ? "given" : "strong_fraction");
        dir.writeConfig(written, Provenance.of(provider, command));
        double[] wInit = init.state().params().wRec().clone();
        return train(dir, resolved, provider, init.state(), wInit, null, Trainer.Progress.fresh(resolved.training().criterion()),
                new ArrayList<>(), log, terminal, label, threads, stop);
    }

    /**
     * Continues the run in {@code dir} from its checkpoint, exactly where it stopped: on the same
     * engine and thread count it ends bit-identical to a run that was never interrupted (up to the
     * wall-clock column of metrics.csv). It continues on the engine the run trained on (provenance),
     * not on whatever {@code auto} would pick now; {@code engine} (may be null) overrides that. An
     * engine with several kernel forms continues in the one the checkpoint records, or refuses
     * with the option that accepts another where that one cannot run here.
     */
    public static Outcome resume(Path run, String engine, PrintWriter log, boolean terminal, String label, int threads,
                                 StopRequest stop) throws IOException {
        RunDirectory dir = RunDirectory.open(run);
        RunConfig config = readConfig(dir);
        String used = dir.recordedEngine();
        if (engine != null) {
            config = config.withEngine(engine);
        } else if (used != null) {
            config = config.withEngine(used);
            String name = used;
            Engines.all().stream().filter(p -> p.name().equals(name)).findFirst().flatMap(EngineProvider::unavailableReason)
                    .ifPresent(why -> {
                        throw new org.psrnn.InvalidInputException(run + " trained on the " + name + " engine, which is not available here ("
                                + why + "); add --engine NAME to continue on another one (its results then differ by rounding)");
                    });
        }
        RunDirectory.Checkpoint cp = dir.readCheckpoint();
        if (cp.trainer().length != Trainer.Progress.SIZE) {
            throw new org.psrnn.InvalidInputException(dir.path(RunDirectory.CHECKPOINT) + ": trainer has " + cp.trainer().length
                    + " numbers, expected " + Trainer.Progress.SIZE + "; not a checkpoint of this psrnn version");
        }
        if (!cp.state().shape().equals(config.shape())) {
            throw new org.psrnn.InvalidInputException(dir.path(RunDirectory.CHECKPOINT) + ": network shape " + cp.state().shape()
                    + " does not match config.json's " + config.shape());
        }
        List<MetricsRow> rows = new ArrayList<>();
        for (MetricsRow r : dir.readMetrics()) if (r.iteration() <= cp.state().iteration()) rows.add(r);
        MetricsRow last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        Trainer.Progress progress = Trainer.Progress.fromArray(cp.trainer(), config.training().criterion(), last);
        return train(dir, config, Engines.find(config.engine()), cp.state(), cp.wRecInit(), cp.kernelForm(), progress, rows, log,
                terminal, label, threads, stop);
    }

    /** The configuration recorded in a run folder. */
    public static RunConfig readConfig(RunDirectory dir) {
        Map<String, Object> raw = dir.readConfig();
        raw.remove("theta_from");
        return RunConfig.from(ConfigFile.fromMap(dir.path(RunDirectory.CONFIG).toString(), raw, RunConfig.allKeys()));
    }

    /** Trains from {@code start}; {@code kernelForm} is the form a resumed run's checkpoint records (null: none, or a new run). */
    private static Outcome train(RunDirectory dir, RunConfig config, EngineProvider provider, NetworkState start, double[] wInit,
                                 String kernelForm, Trainer.Progress progress, List<MetricsRow> rows, PrintWriter log, boolean terminal,
                                 String label, int threads, StopRequest stop) throws IOException {
        Engine created;
        try {
            created = provider.create(config.model(), start, threads, kernelForm);
        } catch (org.psrnn.InvalidInputException e) {
            throw kernelForm == null ? e : e.within(dir.root().toString());
        }
        // The form this engine runs goes into every checkpoint, so the run continues in it.
        String form = created.kernelForm();
        TrainingListener files = new TrainingListener() {
            @Override
            public void evaluated(MetricsRow row, NetworkState state, Criterion criterion) {
                rows.add(row);
                try {
                    dir.writeMetrics(rows);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void checkpoint(Trainer.Progress p, NetworkState state) {
                try {
                    dir.writeCheckpoint(state, wInit, p.toArray(), form);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        ProgressPrinter printer = new ProgressPrinter(log, terminal, label);
        Trainer.Result result;
        NetworkState last;
        DivergedException diverged = null;
        try (Engine engine = created) {
            Trainer trainer = new Trainer(config.createTask(), engine, config.training(), config.model().loss(), config.model().seed(),
                    List.of(files, printer), stop);
            result = trainer.run(progress);
            last = engine.exportState();
        } catch (DivergedException e) {
            // The report describes the last finite state, kept in the checkpoint; then the error goes on.
            diverged = e;
            result = new Trainer.Result(progress.last(), progress.criterion(), Trainer.Ending.DIVERGED, e.iteration());
            last = dir.readCheckpoint().state();
        } finally {
            printer.finish();
        }

        StructureMetrics structure = Structure.of(last.params().wRec(), wInit, last.strong(), config.hidden());
        dir.writeWeights(last, wInit);
        Map<String, Object> summary = summary(config, result, structure, provider.name());
        summary.put("weights_sha256", org.psrnn.io.Fingerprint.of(dir.readWeights()));
        if (diverged != null) summary.put("diverged", diverged.getMessage());
        dir.writeJson(SUMMARY, summary);
        double theta = config.model().switching().thetaGiven() ? config.model().switching().theta() : Double.NaN;
        Plots.drawAll(dir.plots(), rows, config.training().criterion(), last.params().wRec(), last.strong(), theta);
        HtmlReport.writeRun(dir.path(REPORT), "psrnn run: " + config.summary(), config.toMap(), summary, rows,
                config.training().criterion(), last.params().wRec(), last.strong(), theta);
        if (diverged != null) throw diverged;
        return new Outcome(dir, config, result, structure, provider.name());
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
        s.put("iterations", result.iterations());
        s.put("trials", result.last().trials());
        s.put("final_performance", result.last().performance());
        s.put("final_eval_loss", result.last().evalLoss());
        s.put("seconds", result.last().seconds());
        Map<String, Object> st = new LinkedHashMap<>();
        double[] values = structure.values();
        for (int i = 0; i < values.length; i++) st.put(StructureMetrics.NAMES[i], Double.isNaN(values[i]) ? null : values[i]);
        s.put("structure", st);
        s.put("ending", result.ending().name().toLowerCase(java.util.Locale.ROOT));
        s.put("written", Instant.now().toString());
        return s;
    }
}
