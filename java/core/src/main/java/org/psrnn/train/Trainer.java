package org.psrnn.train;

import java.util.List;
import org.psrnn.analysis.StrongSetHistory;
import org.psrnn.analysis.Structure;
import org.psrnn.engine.Engine;
import org.psrnn.engine.ForwardResult;
import org.psrnn.engine.StepStats;
import org.psrnn.model.LossKind;
import org.psrnn.model.NetworkState;
import org.psrnn.results.Ending;
import org.psrnn.results.MetricsRow;
import org.psrnn.task.Task;
import org.psrnn.task.TaskBatches;

/**
 * The training loop: one MODEL.md iteration per batch of the trial stream, an evaluation on a
 * fixed held-out batch every {@code eval_every} iterations (and before the first), trials to
 * criterion, checkpoints, a clean stop on request, and listeners for metrics, progress and files.
 * Evaluations only observe: they never change the state, so training's numbers do not depend on
 * what is measured. Engine-independent. Everything the loop carries between iterations is in {@link Progress}, so a
 * run resumed from a checkpoint continues exactly.
 */
public final class Trainer {
    private final Task task;
    private final Engine engine;
    private final TrainSettings settings;
    private final LossKind loss;
    private final long seed;
    private final List<TrainingListener> listeners;
    private final StopRequest stop;
    private final EvaluationProbe probe;

    /**
     * A loop training {@code engine}'s network on {@code task}; {@code wInit} (its W at iteration 0)
     * and {@code theta} (the switching threshold, NaN where unknown) are what evaluations measure
     * the change of W and the growth of WEAK synapses against.
     */
    public Trainer(Task task, Engine engine, TrainSettings settings, LossKind loss, long seed, double[] wInit, double theta,
                   List<TrainingListener> listeners, StopRequest stop) {
        this.task = task;
        this.engine = engine;
        this.probe = new EvaluationProbe(engine, wInit, theta);
        this.settings = settings;
        this.loss = loss;
        this.seed = seed;
        this.listeners = List.copyOf(listeners);
        this.stop = stop == null ? new StopRequest() : stop;
    }

    /** How a run ended: its last evaluation, the criterion, and the iterations done (an interrupted run may stop between evaluations). */
    public record Result(MetricsRow last, Criterion criterion, Ending ending, long iterations) {
        public boolean stoppedAtCriterion() {
            return ending == Ending.CRITERION;
        }
    }

    /**
     * What the loop carries from one iteration to the next: the accumulators of the metrics since
     * the last evaluation, the criterion, the STRONG sets turnover is measured against, the
     * training time so far.
     */
    public static final class Progress {
        long iteration;
        double lossSum, normSum, seconds;
        long up, down, since;
        Criterion criterion;
        MetricsRow last;
        StrongSetHistory history = new StrongSetHistory();

        /** The start of a new run. */
        public static Progress fresh(double criterion) {
            Progress p = new Progress();
            p.criterion = new Criterion(criterion);
            return p;
        }

        public long iteration() {
            return iteration;
        }

        /** The last evaluation. */
        public MetricsRow last() {
            return last;
        }

        public Criterion criterion() {
            return criterion;
        }

        /** The STRONG sets of the evaluations so far (a checkpoint keeps them; nothing observed before the first evaluation). */
        public StrongSetHistory history() {
            return history;
        }

        /** How many numbers {@link #toArray()} gives. */
        public static final int SIZE = 9;

        /** The numbers of a checkpoint (float64 holds them all exactly). */
        public double[] toArray() {
            long[] c = criterion.state();
            return new double[] {iteration, lossSum, normSum, since, up, down, c[0], c[1], seconds};
        }

        /** Whether the progress saved as {@code a} by {@link #toArray()} knows trials to criterion. */
        public static boolean criterionKnown(double[] a) {
            return a.length == SIZE && a[7] >= 0;
        }

        /** Progress saved by {@link #toArray()} and {@link #history()}, continuing after the metrics row {@code last}. */
        public static Progress fromArray(double[] a, double criterion, MetricsRow last, StrongSetHistory history) {
            if (a.length != SIZE) throw new IllegalArgumentException("trainer state has " + a.length + " numbers, expected " + SIZE);
            Progress p = new Progress();
            p.iteration = (long) a[0];
            p.lossSum = a[1];
            p.normSum = a[2];
            p.since = (long) a[3];
            p.up = (long) a[4];
            p.down = (long) a[5];
            p.criterion = new Criterion(criterion, (long) a[6], (long) a[7]);
            p.seconds = a[8];
            p.last = last;
            p.history = history;
            return p;
        }
    }

    /** Trains from {@code p} (a fresh start evaluates first) until the iterations are done, the criterion if asked, or a stop request. */
    public Result run(Progress p) {
        TaskBatches.TaskBatch evalBatch = TaskBatches.evaluation(task, seed, settings.evalBatch(), loss);
        long start = System.nanoTime() - (long) (p.seconds * 1e9);
        p.iteration = engine.exportState().iteration();
        if (p.last == null) {
            p.last = evaluate(evalBatch, p, start);
            checkpoint(p, start); // a finite state to return to from the first iteration on
        }

        // A run resumed after it stopped at the criterion has nothing left to do.
        if (settings.stopAtCriterion() && p.criterion.trialsToCriterion().isPresent()) {
            return new Result(p.last, p.criterion, Ending.CRITERION, p.iteration);
        }
        while (p.iteration < settings.iterations()) {
            if (stop.requested(p.iteration)) {
                checkpoint(p, start);
                return new Result(p.last, p.criterion, Ending.INTERRUPTED, p.iteration);
            }
            long k = p.iteration;
            StepStats s = engine.step(TaskBatches.training(task, seed, k, settings.batch(), loss).batch());
            if (!Double.isFinite(s.loss())) throw new DivergedException(k, "loss", s.loss(), nonFinite(engine.exportState()));
            if (!Double.isFinite(s.gradNorm())) throw new DivergedException(k, "gradient norm", s.gradNorm(), nonFinite(engine.exportState()));
            p.iteration = k + 1;
            p.since++;
            p.lossSum += s.loss();
            p.normSum += s.gradNorm();
            p.up += s.switchesUp();
            p.down += s.switchesDown();
            for (TrainingListener l : listeners) l.iterationDone(p.iteration, settings.iterations(), s.loss());
            if (p.iteration % settings.evalEvery() == 0 || p.iteration == settings.iterations()) {
                p.last = evaluate(evalBatch, p, start);
                checkpoint(p, start);
                if (settings.stopAtCriterion() && p.criterion.trialsToCriterion().isPresent()) {
                    return new Result(p.last, p.criterion, Ending.CRITERION, p.iteration);
                }
            } else if (settings.checkpointEvery() > 0 && p.iteration % settings.checkpointEvery() == 0) {
                checkpoint(p, start);
            }
        }
        return new Result(p.last, p.criterion, Ending.COMPLETED, p.iteration);
    }

    private void checkpoint(Progress p, long start) {
        p.seconds = (System.nanoTime() - start) / 1e9;
        NetworkState state = engine.exportState();
        requireFinite(state, p.iteration);
        for (TrainingListener l : listeners) l.checkpoint(p, state);
    }

    /** Fails with the first tensor holding a NaN or an infinity. */
    static void requireFinite(NetworkState state, long k) {
        for (var t : org.psrnn.model.ParamTensor.values()) {
            for (double v : state.params().get(t)) {
                if (!Double.isFinite(v)) throw new DivergedException(k, t.fileName() + " entry", v, nonFinite(state));
            }
        }
    }

    /** The parameter tensors holding NaN or infinite entries, with their counts ("W_rec: 12 of 1024 entries"); a NaN loss spreads to all. */
    static String nonFinite(NetworkState state) {
        StringBuilder s = new StringBuilder();
        for (var t : org.psrnn.model.ParamTensor.values()) {
            double[] values = state.params().get(t);
            long bad = java.util.Arrays.stream(values).filter(v -> !Double.isFinite(v)).count();
            if (bad > 0) s.append(s.isEmpty() ? "" : ", ").append(t.fileName()).append(": ").append(bad).append(" of ")
                    .append(values.length).append(" entries");
        }
        return s.isEmpty() ? "every weight still finite" : "not finite after the update: " + s;
    }

    private MetricsRow evaluate(TaskBatches.TaskBatch evalBatch, Progress p, long start) {
        ForwardResult f = engine.forward(evalBatch.batch());
        double performance = TaskBatches.performance(task, evalBatch, f.outputs());
        NetworkState state = engine.exportState();
        requireFinite(state, p.iteration);
        int n = state.shape().hidden();
        long trials = p.iteration * settings.batch();
        p.criterion.record(trials, performance);
        double meanLoss = p.since == 0 ? Double.NaN : p.lossSum / p.since;
        double meanNorm = p.since == 0 ? Double.NaN : p.normSum / p.since;
        var measured = probe.measure(state, evalBatch.batch(), p.history);
        MetricsRow row = new MetricsRow(p.iteration, trials, meanLoss, f.loss(), performance, state.strongFraction(), p.up, p.down,
                Structure.antisymmetry(state.params().wRec(), n), meanNorm, measured, (System.nanoTime() - start) / 1e9);
        p.lossSum = p.normSum = 0;
        p.up = p.down = 0;
        p.since = 0;
        for (TrainingListener l : listeners) l.evaluated(row, state, p.criterion);
        return row;
    }
}
