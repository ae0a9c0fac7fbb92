package org.psrnn.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import org.psrnn.io.RunDirectory;
import org.psrnn.io.StateFiles;
import org.psrnn.model.LossKind;
import org.psrnn.model.NetworkState;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.rng.Streams;
import org.psrnn.task.Psychometric;
import org.psrnn.task.Task;
import org.psrnn.task.TaskBatches;
import org.psrnn.task.Trial;

/**
 * Measures a network's psychometric curve (MODEL.md "Psychometric curve"): {@link #TRIALS_PER_VALUE}
 * trials at each value of the task's grid, from the psychometric trial stream (Philox tag 9) of
 * the run's seed, run forward through the engine one value per batch, each trial's choice
 * decoded as performance decodes it, and the curve fitted. The forward pass only observes: the
 * network does not change.
 */
public final class PsychometricProbe {
    /** Trials at each value: the share of a choice near 1/2 is then known to about 0.035 (one s.e.). */
    public static final int TRIALS_PER_VALUE = 200;

    private PsychometricProbe() {}

    /** The curve of {@code engine}'s network on {@code task} for the run of {@code seed}, trained with {@code loss}; empty for a task without one. */
    public static Optional<PsychometricCurve> measure(Task task, Engine engine, long seed, LossKind loss) {
        Optional<Psychometric> design = task.psychometric();
        if (design.isEmpty()) return Optional.empty();
        double[] values = design.get().values();
        int positive = design.get().positiveChoice(), negative = design.get().negativeChoice();
        List<PsychometricCurve.Point> points = new ArrayList<>(values.length);
        for (int v = 0; v < values.length; v++) {
            List<Trial> trials = new ArrayList<>(TRIALS_PER_VALUE);
            for (int j = 0; j < TRIALS_PER_VALUE; j++) {
                trials.add(design.get().trialAt(values[v], new SplittableRandom(Streams.psychometricTrialSeed(seed, v, j))));
            }
            TaskBatches.TaskBatch batch = TaskBatches.of(task, trials, loss);
            int[] chosen = TaskBatches.chosenActions(task, batch, engine.forward(batch.batch()).outputs());
            long pos = 0, neg = 0, neither = 0;
            for (int action : chosen) {
                if (action == positive) pos++;
                else if (action == negative) neg++;
                else neither++;
            }
            points.add(PsychometricCurve.Point.of(values[v], pos, neg, neither));
        }
        return Optional.of(PsychometricCurve.of(design.get(), points));
    }

    /**
     * The curve of the network {@code state} of the run {@code config}, on an engine of
     * {@code provider} with at most {@code threads} threads in {@code kernelForm} (null: its
     * default); empty, and no engine made, for a task without one.
     */
    public static Optional<PsychometricCurve> measure(RunConfig config, EngineProvider provider, NetworkState state, int threads,
                                                      String kernelForm) {
        Task task = config.createTask();
        if (task.psychometric().isEmpty()) return Optional.empty();
        try (Engine engine = provider.create(config.model(), state, threads, kernelForm)) {
            return measure(task, engine, config.model().seed(), config.model().loss());
        }
    }

    /**
     * The curve of a finished run's final network: the state of its checkpoint.npz (weights.npz's,
     * in float32, where it has none), on the engine it trained on where that can run here, else on
     * the one {@code auto} picks. Empty for a task without one.
     */
    public static Optional<PsychometricCurve> ofRun(RunDirectory dir) {
        RunConfig config = TrainingRun.readConfig(dir);
        if (config.createTask().psychometric().isEmpty()) return Optional.empty();
        Path checkpoint = dir.path(RunDirectory.CHECKPOINT);
        NetworkState state = StateFiles.readState(Files.isRegularFile(checkpoint) ? checkpoint : dir.path(RunDirectory.WEIGHTS)).state();
        String recorded = dir.recordedEngine();
        boolean here = recorded != null && Engines.all().stream().anyMatch(p -> p.name().equals(recorded) && p.unavailableReason().isEmpty());
        return measure(config, Engines.find(here ? recorded : Engines.AUTO), state, 0, null);
    }
}
