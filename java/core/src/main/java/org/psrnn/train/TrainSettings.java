package org.psrnn.train;

import org.psrnn.Check;

/**
 * How long and how a network is trained and evaluated.
 *
 * @param iterations      training iterations (batches)
 * @param batch           trials per training batch {@code B}
 * @param evalEvery       evaluate every this many iterations (and before the first and after the last)
 * @param evalBatch       trials in the fixed held-out evaluation batch
 * @param criterion       the performance that counts as learned, in (0, 1]
 * @param stopAtCriterion stop once trials to criterion is known
 * @param checkpointEvery also write a checkpoint every this many iterations; 0: only with each
 *                        evaluation (and when training stops)
 */
public record TrainSettings(int iterations, int batch, int evalEvery, int evalBatch, double criterion, boolean stopAtCriterion,
                            int checkpointEvery) {
    public static final TrainSettings DEFAULT = new TrainSettings(2000, 32, 25, 128, 0.9, false, 0);

    public TrainSettings {
        Check.positive("iterations", iterations);
        Check.positive("batch", batch);
        Check.positive("eval_every", evalEvery);
        Check.positive("eval_batch", evalBatch);
        Check.inRange("criterion", criterion, 0, false, 1, true);
        Check.nonNegative("checkpoint_every", checkpointEvery);
    }
}
