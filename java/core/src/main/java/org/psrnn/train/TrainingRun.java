package org.psrnn.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.psrnn.analysis.StrongSetHistory;
import org.psrnn.analysis.Structure;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import org.psrnn.io.RunDirectory;
import org.psrnn.model.Initialization;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.NetworkState;
import org.psrnn.results.Ending;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.Provenance;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.results.RunSummary;

/**
 * One training run from a configuration to a finished run folder: initialise, train with
 * progress, and leave config.json, metrics.csv, weights.npz, checkpoint.npz, summary.json and
 * the plots behind.
 */
public final class TrainingRun {

    private TrainingRun() {}

    /**
     * How a finished run went: its folder and configuration, how training ended, the structure of
     * the final W, the engine, the fingerprint of weights.npz, summary.json's content, every
     * evaluation and the final state (for a run that diverged, its last finite checkpoint).
     */
    public record Outcome(RunDirectory dir, RunConfig config, Trainer.Result result, StructureMetrics structure, String engine,
                          String fingerprint, RunSummary summary, List<MetricsRow> rows, NetworkState last) {}

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
        return execute(config, out, overwrite, log, terminal, label, command, threads, stop, RunReporter.NONE);
    }

    /** As above, {@code reporter} writing the run's report once it has finished. */
    public static Outcome execute(RunConfig config, Path out, boolean overwrite, PrintWriter log, boolean terminal, String label,
                                  String command, int threads, StopRequest stop, RunReporter reporter) throws IOException {
        return prepare(config, out, overwrite, command).train(log, terminal, label, threads, stop, reporter);
    }

    /**
     * The run {@code config} ready to train in {@code out}: everything a mistake in the input can
     * fail (the configuration, the engine, the folder) is checked, and config.json written, before
     * a command says anything about the run.
     */
    public static Prepared prepare(RunConfig config, Path out, boolean overwrite, String command) throws IOException {
        Initialization.Initialized init = Initialization.initialize(config.shape(), config.model(), config.init(), config.rule());
        RunConfig resolved = config.withModel(init.config());
        EngineProvider provider = Engines.find(config.engine());
        RunDirectory dir = RunDirectory.create(out, overwrite);
        Map<String, Object> written = resolved.toMap();
        written.put("theta_from", config.model().switching().thetaGiven() ? "given" : "strong_fraction");
        dir.writeConfig(written, Provenance.here(provider.name(), provider.description(), command));
        double[] wInit = init.state().params().wRec().clone();
        return new Prepared(dir, resolved, provider, init.state(), wInit, null, Trainer.Progress.fresh(resolved.training().criterion()),
                new ArrayList<>(), null, 0);
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
        return resume(run, engine, log, terminal, label, threads, stop, RunReporter.NONE);
    }

    /** As above, {@code reporter} writing the run's report once it has finished. */
    public static Outcome resume(Path run, String engine, PrintWriter log, boolean terminal, String label, int threads,
                                 StopRequest stop, RunReporter reporter) throws IOException {
        return prepareResume(run, engine, null, false).train(log, terminal, label, threads, stop, reporter);
    }

    /**
     * The run in {@code run} ready to continue, as {@link #resume} continues it; {@code iterations}
     * (may be null) raises its budget, which config.json then records. A run trained for K
     * iterations and raised to N ends as a run set to N from the start would, so the new budget
     * must not be below the old one, a run that stopped at the criterion cannot be raised, and a
     * run whose last evaluation came at the end of an old budget off the evaluation schedule
     * (K not a multiple of eval_every) cannot either: a run of N would not have evaluated there.
     * A run with nothing left to do comes back {@link Prepared#finished()}, its folder untouched.
     */
    public static Prepared prepareResume(Path run, String engine, Integer iterations) throws IOException {
        return prepareResume(run, engine, iterations, true);
    }

    /** As above; without {@code detectFinished} a finished run trains nothing and writes its outputs again. */
    private static Prepared prepareResume(Path run, String engine, Integer iterations, boolean detectFinished) throws IOException {
        RunDirectory dir = RunDirectory.open(run);
        RunConfig config = readConfig(dir);
        RunDirectory.Checkpoint cp = dir.readCheckpoint();
        if (cp.trainer().length != Trainer.Progress.SIZE) {
            throw new org.psrnn.InvalidInputException(dir.path(RunDirectory.CHECKPOINT) + ": trainer has " + cp.trainer().length
                    + " numbers, expected " + Trainer.Progress.SIZE + "; not a checkpoint of this psrnn version");
        }
        if (!cp.state().shape().equals(config.shape())) {
            throw new org.psrnn.InvalidInputException(dir.path(RunDirectory.CHECKPOINT) + ": network shape " + cp.state().shape()
                    + " does not match config.json's " + config.shape());
        }
        long at = cp.state().iteration();
        int budget = config.training().iterations();
        boolean atCriterion = config.training().stopAtCriterion() && Trainer.Progress.criterionKnown(cp.trainer());
        boolean raised = iterations != null && iterations != budget;
        if (raised) {
            if (iterations < budget) {
                throw new org.psrnn.InvalidInputException("--iterations " + iterations + " is not allowed with --resume " + run
                        + ": must be at least " + budget + ", the budget in its config.json (a budget can be raised, not lowered)");
            }
            if (atCriterion) {
                throw new org.psrnn.InvalidInputException("--iterations " + iterations + " is not allowed with --resume " + run + ": it stopped"
                        + " at the criterion after " + at + " iterations (stop_at_criterion), and would stop there again");
            }
            int every = config.training().evalEvery();
            if (at >= budget && budget % every != 0) {
                throw new org.psrnn.InvalidInputException("--iterations " + iterations + " is not allowed with --resume " + run + ": its budget, "
                        + budget + ", is not a multiple of eval_every = " + every + ", so it evaluated at iteration " + budget + " where a run of "
                        + iterations + " would not; only a run whose budget is a multiple of eval_every continues exactly");
            }
        }
        String done = raised || !detectFinished ? null : finished(dir, config, at, atCriterion);
        String used = dir.recordedEngine();
        if (engine != null) {
            config = config.withEngine(engine);
        } else if (used != null) {
            config = config.withEngine(used);
            if (done == null) {
                String name = used;
                Engines.all().stream().filter(p -> p.name().equals(name)).findFirst().flatMap(EngineProvider::unavailableReason)
                        .ifPresent(why -> {
                            throw new org.psrnn.InvalidInputException(run + " trained on the " + name + " engine, which is not available here ("
                                    + why + "); add --engine NAME to continue on another one (its results then differ by rounding)");
                        });
            }
        }
        EngineProvider provider = done == null ? Engines.find(config.engine()) : null;
        List<MetricsRow> rows = new ArrayList<>();
        for (MetricsRow r : dir.readMetrics()) if (r.iteration() <= at) rows.add(r);
        MetricsRow last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        StrongSetHistory history = cp.history() != null ? cp.history() : StrongSetHistory.from(cp.state().strong());
        Trainer.Progress progress = Trainer.Progress.fromArray(cp.trainer(), config.training().criterion(), last, history);
        if (raised) config = config.withIterations(iterations); // config.json records it once the engine exists
        return new Prepared(dir, config, provider, cp.state(), cp.wRecInit(), cp.kernelForm(), progress, rows, done, raised ? budget : 0);
    }

    /**
     * Why the run has nothing left to do (trained its whole budget, or stopped at the criterion,
     * and wrote weights and summary after), or null. A run whose last writes failed is not
     * finished: resuming writes them.
     */
    private static String finished(RunDirectory dir, RunConfig config, long at, boolean atCriterion) {
        int budget = config.training().iterations();
        if (at < budget && !atCriterion) return null;
        try {
            RunSummary s = dir.readSummary();
            boolean whole = s.iterations() == at && s.finishedNormally() && java.nio.file.Files.isRegularFile(dir.path(RunDirectory.WEIGHTS));
            if (!whole) return null;
        } catch (org.psrnn.InvalidInputException | java.io.UncheckedIOException e) {
            return null;
        }
        return atCriterion ? "stopped at the criterion after " + at + " of its " + budget + " iterations (stop_at_criterion)"
                : "trained all " + budget + " iterations";
    }

    private static List<TrainingListener> concat(List<TrainingListener> a, List<TrainingListener> b) {
        List<TrainingListener> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Records a raised budget in config.json, and in its provenance when and from what. */
    private static void raiseBudget(RunDirectory dir, int from, int to) throws IOException {
        Map<String, Object> doc = dir.readConfig();
        Provenance p = dir.readProvenance();
        if (p == null) p = new Provenance(null, null, null, null, 0, null, null, null, null, List.of());
        doc.put("iterations", to);
        dir.writeConfig(doc, p.withRaise(from, to));
    }

    /** The configuration recorded in a run folder. */
    public static RunConfig readConfig(RunDirectory dir) {
        Map<String, Object> raw = dir.readConfig();
        raw.remove("theta_from");
        return RunConfig.from(ConfigFile.fromMap(dir.path(RunDirectory.CONFIG).toString(), raw, RunConfig.allKeys()));
    }

    /**
     * A run whose inputs are checked and whose folder is written: what remains is training (or,
     * for a resumed run with nothing left to do, saying so).
     */
    public static final class Prepared {
        private final RunDirectory dir;
        private final RunConfig config;
        private final EngineProvider provider;
        private final NetworkState start;
        private final double[] wInit;
        private final String kernelForm;
        private final Trainer.Progress progress;
        private final List<MetricsRow> rows;
        private final String finished;
        /** The budget a resume raised the run's from (0: none): config.json records the raise once the engine is made. */
        private final int raisedFrom;

        private Prepared(RunDirectory dir, RunConfig config, EngineProvider provider, NetworkState start, double[] wInit,
                         String kernelForm, Trainer.Progress progress, List<MetricsRow> rows, String finished, int raisedFrom) {
            this.dir = dir;
            this.config = config;
            this.provider = provider;
            this.start = start;
            this.wInit = wInit;
            this.kernelForm = kernelForm;
            this.progress = progress;
            this.rows = rows;
            this.finished = finished;
            this.raisedFrom = raisedFrom;
        }

        public RunDirectory dir() {
            return dir;
        }

        public RunConfig config() {
            return config;
        }

        /** The iteration training starts from: 0, or the checkpoint's. */
        public long startIteration() {
            return start.iteration();
        }

        /** The engine it trains on (null for a finished run, which needs none). */
        public String engine() {
            return provider == null ? null : provider.name();
        }

        /** For a resumed run with nothing left to do, what it did ("trained all 2000 iterations"); else empty. */
        public java.util.Optional<String> finished() {
            return java.util.Optional.ofNullable(finished);
        }

        /** Trains (or continues) the run and writes its folder, as {@link TrainingRun#execute} describes; no report. */
        public Outcome train(PrintWriter log, boolean terminal, String label, int threads, StopRequest stop) throws IOException {
            return train(log, terminal, label, threads, stop, RunReporter.NONE);
        }

        /** As above, {@code reporter} writing the run's report once it has finished. */
        public Outcome train(PrintWriter log, boolean terminal, String label, int threads, StopRequest stop, RunReporter reporter)
                throws IOException {
            return train(log, terminal, label, threads, stop, reporter, List.of());
        }

        /** As above, {@code listeners} told of every evaluation, checkpoint and iteration besides the run's own files. */
        public Outcome train(PrintWriter log, boolean terminal, String label, int threads, StopRequest stop, RunReporter reporter,
                             List<TrainingListener> listeners) throws IOException {
            if (finished != null) throw new IllegalStateException(dir.root() + " has nothing left to train: " + finished);
            return TrainingRun.train(dir, config, provider, start, wInit, kernelForm, raisedFrom, progress, rows, log, terminal, label,
                    threads, stop, reporter, listeners);
        }
    }

    /** Trains from {@code start}; {@code kernelForm} is the form a resumed run's checkpoint records (null: none, or a new run). */
    private static Outcome train(RunDirectory dir, RunConfig config, EngineProvider provider, NetworkState start, double[] wInit,
                                 String kernelForm, int raisedFrom, Trainer.Progress progress, List<MetricsRow> rows, PrintWriter log,
                                 boolean terminal, String label, int threads, StopRequest stop, RunReporter reporter,
                                 List<TrainingListener> listeners) throws IOException {
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
                    dir.writeCheckpoint(state, wInit, p.toArray(), p.history(), form);
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
            if (raisedFrom > 0) raiseBudget(dir, raisedFrom, config.training().iterations()); // nothing can refuse the run now
            Trainer trainer = new Trainer(config.createTask(), engine, config.training(), config.model().loss(), config.model().seed(),
                    wInit, config.model().switching().theta(), concat(List.of(files, printer), listeners), stop);
            result = trainer.run(progress);
            last = engine.exportState();
        } catch (DivergedException e) {
            // The report describes the last finite state, kept in the checkpoint; then the error goes on.
            diverged = e;
            result = new Trainer.Result(progress.last(), progress.criterion(), Ending.DIVERGED, e.iteration());
            last = dir.readCheckpoint().state();
        } finally {
            printer.finish();
        }

        StructureMetrics structure = Structure.of(last.params().wRec(), wInit, last.strong(), config.model().switching().theta(), config.hidden());
        String fingerprint = dir.writeWeights(last, wInit);
        // At the end only, from the network the run ends with; a run stopped by a signal is not at its end.
        PsychometricCurve psychometric = result.ending() == Ending.INTERRUPTED ? null
                : PsychometricProbe.measure(config, provider, last, threads, form).orElse(null);
        RunSummary summary = RunSummaries.of(config, result, structure, rows, psychometric, provider.name(), fingerprint,
                diverged == null ? null : diverged.getMessage());
        dir.writeSummary(summary);
        Outcome outcome = new Outcome(dir, config, result, structure, provider.name(), fingerprint, summary, List.copyOf(rows), last);
        reporter.write(outcome);
        if (diverged != null) throw diverged;
        return outcome;
    }
}
