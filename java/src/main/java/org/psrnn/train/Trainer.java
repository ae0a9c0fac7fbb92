package org.psrnn.train;

import java.util.List;
import org.psrnn.analysis.Structure;
import org.psrnn.engine.Engine;
import org.psrnn.engine.ForwardResult;
import org.psrnn.engine.StepStats;
import org.psrnn.model.LossKind;
import org.psrnn.model.NetworkState;
import org.psrnn.task.Task;
import org.psrnn.task.TaskBatches;

/**
 * The training loop: one MODEL.md iteration per batch of the trial stream, an evaluation on a
 * fixed held-out batch every {@code eval_every} iterations (and before the first), trials to
 * criterion, and listeners for metrics, progress and checkpoints. Engine-independent.
 */
public final class Trainer {
    private final Task task;
    private final Engine engine;
    private final TrainSettings settings;
    private final LossKind loss;
    private final long seed;
    private final List<TrainingListener> listeners;

    public Trainer(Task task, Engine engine, TrainSettings settings, LossKind loss, long seed, List<TrainingListener> listeners) {
        this.task = task;
        this.engine = engine;
        this.settings = settings;
        this.loss = loss;
        this.seed = seed;
        this.listeners = List.copyOf(listeners);
    }

    /** How a run ended. */
    public record Result(MetricsRow last, Criterion criterion, boolean stoppedAtCriterion) {}

    public Result run() {
        TaskBatches.TaskBatch evalBatch = TaskBatches.evaluation(task, seed, settings.evalBatch(), loss);
        Criterion criterion = new Criterion(settings.criterion());
        long start = System.nanoTime();
        long k = engine.exportState().iteration();
        MetricsRow row = evaluate(evalBatch, k, Double.NaN, Double.NaN, 0, 0, start, criterion);

        double lossSum = 0, normSum = 0;
        long up = 0, down = 0;
        int since = 0;
        while (k < settings.iterations()) {
            StepStats s = engine.step(TaskBatches.training(task, seed, k, settings.batch(), loss).batch());
            if (!Double.isFinite(s.loss())) throw new DivergedException(k, "loss", s.loss());
            if (!Double.isFinite(s.gradNorm())) throw new DivergedException(k, "gradient norm", s.gradNorm());
            k++;
            since++;
            lossSum += s.loss();
            normSum += s.gradNorm();
            up += s.switchesUp();
            down += s.switchesDown();
            for (TrainingListener l : listeners) l.iterationDone(k, settings.iterations(), s.loss());
            if (k % settings.evalEvery() == 0 || k == settings.iterations()) {
                row = evaluate(evalBatch, k, lossSum / since, normSum / since, up, down, start, criterion);
                lossSum = normSum = 0;
                up = down = 0;
                since = 0;
                if (settings.stopAtCriterion() && criterion.trialsToCriterion().isPresent()) return new Result(row, criterion, true);
            }
        }
        return new Result(row, criterion, false);
    }

    /** Fails with the first tensor holding a NaN or an infinity. */
    static void requireFinite(NetworkState state, long k) {
        for (var t : org.psrnn.model.ParamTensor.values()) {
            for (double v : state.params().get(t)) {
                if (!Double.isFinite(v)) throw new DivergedException(k, t.fileName() + " (an entry)", v);
            }
        }
    }

    private MetricsRow evaluate(TaskBatches.TaskBatch evalBatch, long k, double meanLoss, double meanNorm, long up, long down,
                                long start, Criterion criterion) {
        ForwardResult f = engine.forward(evalBatch.batch());
        double performance = TaskBatches.performance(task, evalBatch, f.outputs());
        NetworkState state = engine.exportState();
        requireFinite(state, k);
        int n = state.shape().hidden();
        long trials = k * settings.batch();
        criterion.record(trials, performance);
        MetricsRow row = new MetricsRow(k, trials, meanLoss, f.loss(), performance, state.strongFraction(), up, down,
                Structure.antisymmetry(state.params().wRec(), n), meanNorm, (System.nanoTime() - start) / 1e9);
        for (TrainingListener l : listeners) l.evaluated(row, state, criterion);
        return row;
    }
}
