package org.psrnn.train;

import static org.psrnn.config.ConfigKeys.BATCH;
import static org.psrnn.config.ConfigKeys.CHECKPOINT_EVERY;
import static org.psrnn.config.ConfigKeys.CRITERION;
import static org.psrnn.config.ConfigKeys.EVAL_BATCH;
import static org.psrnn.config.ConfigKeys.EVAL_EVERY;
import static org.psrnn.config.ConfigKeys.ITERATIONS;
import static org.psrnn.config.ConfigKeys.STOP_AT_CRITERION;

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
    /** The configuration table's defaults ({@link org.psrnn.config.ConfigKeys}); a run's criterion is its task's. */
    public static final TrainSettings DEFAULT = new TrainSettings(ITERATIONS.defaultValue(), BATCH.defaultValue(), EVAL_EVERY.defaultValue(),
            EVAL_BATCH.defaultValue(), CRITERION.defaultValue(), STOP_AT_CRITERION.defaultValue(), CHECKPOINT_EVERY.defaultValue());

    public TrainSettings {
        Check.positive("iterations", iterations);
        Check.positive("batch", batch);
        Check.positive("eval_every", evalEvery);
        Check.positive("eval_batch", evalBatch);
        Check.inRange("criterion", criterion, 0, false, 1, true);
        Check.nonNegative("checkpoint_every", checkpointEvery);
    }
}
