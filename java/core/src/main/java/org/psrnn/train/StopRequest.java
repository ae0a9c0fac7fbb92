package org.psrnn.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop training cleanly (Ctrl-C, SIGTERM): the loop finishes the current iteration,
 * writes a checkpoint, metrics and the report, then reports back through {@link #finished()}.
 */
public final class StopRequest {
    private volatile boolean requested;
    private final long stopAt;
    private final CountDownLatch done = new CountDownLatch(1);

    /** A request made later, by {@link #request()}. */
    public StopRequest() {
        this(Long.MAX_VALUE);
    }

    /** A request that stands once {@code iteration} iterations are done (tests, scripted stops). */
    public StopRequest(long iteration) {
        this.stopAt = iteration;
    }

    public void request() {
        requested = true;
    }

    /** Whether the loop, with {@code iteration} iterations done, should stop now. */
    public boolean requested(long iteration) {
        return requested || iteration >= stopAt;
    }

    /** Called once the run's files are written (or the run ended any other way). */
    public void finished() {
        done.countDown();
    }

    /** Waits until {@link #finished()}, at most {@code seconds}; true when it came. */
    public boolean awaitFinished(long seconds) {
        try {
            return done.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
