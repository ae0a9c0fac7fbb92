package org.psrnn.task;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.rng.Streams;

/**
 * Batches of trials from MODEL.md's trial stream: trial {@code b} of iteration {@code k} comes
 * from a generator seeded by {@link Streams#trialSeed}, so every engine sees the same data.
 */
public final class TaskBatches {
    /**
     * The iteration number whose trials form the held-out evaluation batch; training never
     * reaches it (counter words are 32 bits).
     */
    public static final long EVALUATION_ITERATION = 0xFFFFFFFFL;

    private TaskBatches() {}

    /** A batch and the trials it was made from. */
    public record TaskBatch(Batch batch, List<Trial> trials) {}

    /** The training batch of iteration {@code k}. */
    public static TaskBatch training(Task task, long seed, long k, int size, LossKind loss) {
        return make(task, seed, k, size, loss);
    }

    /** The fixed held-out batch used for every evaluation of a run. */
    public static TaskBatch evaluation(Task task, long seed, int size, LossKind loss) {
        return make(task, seed, EVALUATION_ITERATION, size, loss);
    }

    private static TaskBatch make(Task task, long seed, long k, int size, LossKind loss) {
        List<Trial> trials = new ArrayList<>(size);
        for (int b = 0; b < size; b++) trials.add(task.trial(new SplittableRandom(Streams.trialSeed(seed, k, b))));
        return of(task, trials, loss);
    }

    /** The batch of {@code task}'s {@code trials}, in order (trial {@code b} at batch position {@code b}), for {@code loss}. */
    public static TaskBatch of(Task task, List<Trial> trials, LossKind loss) {
        int steps = task.maxSteps(), nIn = task.inputs(), nOut = task.outputs(), size = trials.size();
        double[] inputs = new double[steps * size * nIn];
        double[] targets = loss == LossKind.MSE ? new double[steps * size * nOut] : null;
        int[] labels = loss == LossKind.XENT ? new int[steps * size] : null;
        double[] mask = new double[steps * size];
        for (int b = 0; b < size; b++) {
            Trial trial = trials.get(b);
            for (int t = 0; t < steps; t++) {
                int cell = t * size + b;
                System.arraycopy(trial.inputs(), t * nIn, inputs, cell * nIn, nIn);
                if (targets != null) System.arraycopy(trial.targets(), t * nOut, targets, cell * nOut, nOut);
                if (labels != null) labels[cell] = trial.labels()[t];
                mask[cell] = trial.mask()[t];
            }
        }
        return new TaskBatch(new Batch(steps, size, nIn, nOut, inputs, targets, labels, mask, null), List.copyOf(trials));
    }

    /**
     * The action each trial of {@code batch} chooses ({@link Task#chosenAction}) by the outputs
     * {@code y[t][b][k]} (time-major, as an engine returns them), in batch order.
     */
    public static int[] chosenActions(Task task, TaskBatch batch, double[] outputs) {
        int steps = batch.batch().steps(), size = batch.batch().size(), nOut = task.outputs();
        int[] chosen = new int[size];
        double[] y = new double[steps * nOut];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < steps; t++) System.arraycopy(outputs, (t * size + b) * nOut, y, t * nOut, nOut);
            chosen[b] = task.chosenAction(batch.trials().get(b), y);
        }
        return chosen;
    }

    /** The fraction of trials whose outputs {@code y[t][b][k]} (time-major, as an engine returns them) are correct. */
    public static double performance(Task task, TaskBatch batch, double[] outputs) {
        int steps = batch.batch().steps(), size = batch.batch().size(), nOut = task.outputs();
        int correct = 0;
        double[] y = new double[steps * nOut];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < steps; t++) System.arraycopy(outputs, (t * size + b) * nOut, y, t * nOut, nOut);
            if (task.correct(batch.trials().get(b), y)) correct++;
        }
        return correct / (double) size;
    }
}
