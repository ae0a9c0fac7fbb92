package org.psrnn.train;

import java.io.IOException;

/**
 * Writes what a reader looks at once a run has finished (plots, report.html), from everything the
 * run produced. Training calls it last, after weights.npz and summary.json are written; the
 * command line passes one that draws, a program embedding psrnn passes {@link #NONE} or its own.
 */
@FunctionalInterface
public interface RunReporter {
    /** Writes nothing. */
    RunReporter NONE = run -> {};

    /** Called once per finished (or diverged, or interrupted) run. */
    void write(TrainingRun.Outcome run) throws IOException;
}
