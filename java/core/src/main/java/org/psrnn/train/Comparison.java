package org.psrnn.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.Engines;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.RunDirectory;
import org.psrnn.results.Ending;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.RunSummary;

/**
 * Every rule x seed of a comparison as a full run folder, in parallel, resumable: finished runs
 * are read back, interrupted ones continue from their checkpoint. Seed s gives every rule the
 * same initial weights and the same trials, so results pair up by seed.
 */
public final class Comparison {
    private Comparison() {}

    /** One run of the comparison: where it lives and how it is configured. */
    public record Job(String rule, long seed, Path dir, RunConfig config) {}

    /** A finished run. */
    public record Finished(Job job, RunSummary summary, List<MetricsRow> rows, RunDirectory dir) {}

    /** The learning rate {@code rule}'s runs trained at (one, in a comparison; several joined by commas otherwise). */
    public static String learningRate(List<Finished> runs, String rule) {
        return String.join(", ", runs.stream().filter(f -> f.job().rule().equals(rule))
                .map(f -> String.valueOf(f.job().config().toMap().get("lr"))).distinct().toList());
    }

    /** The jobs for {@code rules} x seeds {@code firstSeed ..} under {@code root}, each from {@code base} plus its rule, seed and extras. */
    public static List<Job> plan(ConfigFile base, List<String> rules, long firstSeed, int seeds, Path root,
                                 Map<String, Map<String, String>> perRule) {
        List<Job> jobs = new ArrayList<>();
        for (String rule : rules) {
            for (int s = 0; s < seeds; s++) {
                long seed = firstSeed + s;
                ConfigFile c = base.with("rule", rule, RunConfig.allKeys(), "--rules").with("seed", Long.toString(seed),
                        RunConfig.allKeys(), "--seeds");
                for (Map.Entry<String, String> e : perRule.getOrDefault(rule, Map.of()).entrySet()) {
                    c = c.with(e.getKey(), e.getValue(), RunConfig.allKeys(), "per-rule setting");
                }
                jobs.add(new Job(rule, seed, root.resolve(rule).resolve("seed" + seed), RunConfig.from(c)));
            }
        }
        return jobs;
    }

    /** Whether a run folder holds a finished run (a readable summary.json that does not say interrupted). */
    public static boolean finished(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunDirectory.SUMMARY)) || !Files.isRegularFile(dir.resolve(RunDirectory.CONFIG))) return false;
        try {
            return RunDirectory.open(dir).readSummary().ending() != Ending.INTERRUPTED;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * Runs every job not yet finished, {@code parallel} at a time (engines share the cores), and
     * returns all of them finished, in plan order. Once {@code stop} is requested no queued job
     * starts, the running ones stop at their checkpoint, and only the finished ones are returned.
     * A folder holding a run of another configuration is an error, not overwritten.
     */
    public static List<Finished> run(List<Job> jobs, int parallel, PrintWriter log, StopRequest stop) throws IOException {
        return run(jobs, parallel, log, stop, RunReporter.NONE);
    }

    /** As above, {@code reporter} writing each run's report as it finishes. */
    public static List<Finished> run(List<Job> jobs, int parallel, PrintWriter log, StopRequest stop, RunReporter reporter)
            throws IOException {
        for (Job j : jobs) requireSameConfig(j);
        int workers = Math.max(1, Math.min(parallel, jobs.size()));
        int engineThreads = RunPool.engineThreads(workers);
        long todo = jobs.stream().filter(j -> !finished(j.dir())).count();
        log.printf(Locale.ROOT, "psrnn compare: %d runs, %d finished already, %d to train, %d at a time%n", jobs.size(),
                jobs.size() - todo, todo, workers);
        log.flush();
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger trained = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
        for (Job j : jobs) {
            if (finished(j.dir())) continue;
            tasks.add(() -> {
                // After Ctrl-C a queued run (none of its iterations trained here yet, hence 0) does not
                // start: it keeps what it had (nothing, or its checkpoint) rather than a new folder written
                // at iteration 0 and stopped at once, one queued run after another, before the exit.
                if (stop != null && stop.requested(0)) return null;
                train(j, log, engineThreads, stop, reporter);
                if (finished(j.dir())) {
                    // Across the whole comparison: the runs' own lines give each run's ETA only.
                    int k = trained.incrementAndGet();
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    synchronized (log) {
                        log.printf(Locale.ROOT, "psrnn compare: %d of %d runs done (%s%s)%n", k, todo, ProgressPrinter.duration(elapsed),
                                k < todo ? ", about " + ProgressPrinter.duration(elapsed / k * (todo - k)) + " left" : "");
                        log.flush();
                    }
                }
                return null;
            });
        }
        RunPool.run(tasks, workers);
        List<Finished> done = new ArrayList<>();
        for (Job j : jobs) {
            if (!finished(j.dir())) continue; // stopped by a signal
            done.add(read(j));
        }
        return done;
    }

    /**
     * Trains one job on {@code threads} engine threads: continues it from its checkpoint where it
     * has one, else starts it. A run that diverges is a result like any other (its summary says
     * so), not an error. The runs of {@link #run} train this way, and so does any other executor.
     */
    public static void train(Job j, PrintWriter log, int threads, StopRequest stop, RunReporter reporter) throws IOException {
        String label = j.rule() + " seed " + j.seed();
        try {
            if (Files.isRegularFile(j.dir().resolve(RunDirectory.CHECKPOINT)) && Files.isRegularFile(j.dir().resolve(RunDirectory.CONFIG))) {
                // An engine named on the command line wins; auto continues on the run's own engine.
                String engine = Engines.AUTO.equals(j.config().engine()) ? null : j.config().engine();
                TrainingRun.resume(j.dir(), engine, log, false, label, threads, stop, reporter);
            } else {
                TrainingRun.execute(j.config(), j.dir(), true, log, false, label, "psrnn compare", threads, stop, reporter);
            }
        } catch (DivergedException e) {
            // A result like any other: its summary says so, and it counts as never reaching the
            // criterion unless it reached it before diverging.
            log.println("[" + label + "] " + e.getMessage());
            log.flush();
        }
    }

    /** A finished job's run, read from its folder. */
    public static Finished read(Job j) {
        RunDirectory dir = RunDirectory.open(j.dir());
        return new Finished(j, dir.readSummary(), dir.readMetrics(), dir);
    }

    /** A folder that already holds a run must hold this job's run: same configuration but for the engine. */
    public static void requireSameConfig(Job j) {
        if (!Files.isRegularFile(j.dir().resolve(RunDirectory.CONFIG))) return;
        Map<String, Object> want = comparable(j.config().toMap());
        Map<String, Object> have = comparable(TrainingRun.readConfig(RunDirectory.open(j.dir())).toMap());
        if (!want.equals(have)) {
            Map<String, String> diff = new LinkedHashMap<>();
            for (String k : want.keySet()) if (!String.valueOf(want.get(k)).equals(String.valueOf(have.get(k)))) diff.put(k, have.get(k) + " -> " + want.get(k));
            throw new InvalidInputException(j.dir() + " holds a run of another configuration (" + diff
                    + "); choose another --out, or remove that folder");
        }
    }

    private static Map<String, Object> comparable(Map<String, Object> m) {
        Map<String, Object> c = new LinkedHashMap<>(m);
        c.remove("engine");
        c.remove("theta"); // resolved from strong_fraction at initialisation
        return c;
    }
}
