package org.psrnn.train;

import org.psrnn.model.NetworkState;
import org.psrnn.results.MetricsRow;

/** What the training loop tells the outside world: metrics, progress, checkpoints. */
public interface TrainingListener {
    /** After every evaluation, with the new row and the current state (for checkpoints). */
    default void evaluated(MetricsRow row, NetworkState state, Criterion criterion) {}

    /** At every evaluation and when the loop stops early, with everything needed to continue exactly. */
    default void checkpoint(Trainer.Progress progress, NetworkState state) {}

    /** After every iteration; cheap implementations only. */
    default void iterationDone(long iteration, long total, double loss) {}
}
