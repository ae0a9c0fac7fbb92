package org.psrnn.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.io.ConfigFile;

/**
 * The entry point for a Java program that trains psrnn networks: a run from configuration keys
 * (the names of {@code psrnn keys}, validated exactly as on the command line), on the engine it
 * names, with listeners told of every evaluation, trained into a run folder (config.json,
 * metrics.csv, checkpoint.npz, weights.npz, summary.json) like {@code psrnn train}'s, without
 * plots or report.
 *
 * <pre>{@code
 * TrainingRun.Outcome run = Training.of(Map.of("task", "dms", "rule", "switch", "hidden", "64", "iterations", "200"))
 *         .set("engine", "cpu")
 *         .onEvaluation((row, state, criterion) -> System.out.println(row.iteration() + " " + row.performance()))
 *         .trainInto(Path.of("runs/embedded"));
 * Long trials = run.summary().trialsToCriterion();     // null when never reached
 * }</pre>
 *
 * A bad key or value is an {@link org.psrnn.InvalidInputException} whose message names the key, the
 * value and what is allowed; a run that diverges ends in a {@link DivergedException} after its
 * folder is written.
 */
public final class Training {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private int threads;
    private boolean overwrite;
    private StopRequest stop;
    private PrintWriter progress = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    private Training() {}

    /** A run with {@code settings} (key -> value as text, e.g. "hidden" -> "64"); every other key at its default. */
    public static Training of(Map<String, String> settings) {
        Training t = new Training();
        settings.forEach(t::set);
        return t;
    }

    /** Sets one configuration key ("engine", "lr", "eta_h", ...) to {@code value}, as {@code --set KEY=VALUE} does. */
    public Training set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Calls {@code listener} after every evaluation (iteration 0, every eval_every iterations, the last). */
    public Training onEvaluation(EvaluationListener listener) {
        listeners.add(new TrainingListener() {
            @Override
            public void evaluated(org.psrnn.results.MetricsRow row, org.psrnn.model.NetworkState state, Criterion criterion) {
                listener.evaluated(row, state, criterion);
            }
        });
        return this;
    }

    /** Adds a listener of every evaluation, checkpoint and iteration. */
    public Training listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** At most {@code threads} CPU threads for the engine (0, the default: its own choice). */
    public Training threads(int threads) {
        if (threads < 0) throw new org.psrnn.InvalidInputException("threads = " + threads + " is not allowed: must be 0 (the engine's choice) or more");
        this.threads = threads;
        return this;
    }

    /** Whether a folder that already holds a run may be replaced (default: no, it is an error). */
    public Training overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /** A request another thread can make to stop training cleanly at the next iteration (resumable). */
    public Training stopWith(StopRequest stop) {
        this.stop = stop;
        return this;
    }

    /** Where progress lines go (default: nowhere). */
    public Training progressTo(PrintWriter out) {
        this.progress = out;
        return this;
    }

    /** The configuration these settings resolve to, checked: what {@link #trainInto} trains. */
    public RunConfig config() {
        ConfigFile c = ConfigFile.empty();
        for (Map.Entry<String, String> e : settings.entrySet()) c = c.with(e.getKey(), e.getValue(), RunConfig.allKeys(), "Training.set");
        return RunConfig.from(c);
    }

    /** Trains the run into {@code folder} and says how it went. */
    public TrainingRun.Outcome trainInto(Path folder) throws IOException {
        return TrainingRun.prepare(config(), folder, overwrite, "embedded: Training.trainInto")
                .train(progress, false, "", threads, stop, RunReporter.NONE, List.copyOf(listeners));
    }

    /** What {@link #onEvaluation} calls. */
    @FunctionalInterface
    public interface EvaluationListener {
        void evaluated(org.psrnn.results.MetricsRow row, org.psrnn.model.NetworkState state, Criterion criterion);
    }
}
