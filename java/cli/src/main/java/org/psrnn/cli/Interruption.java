package org.psrnn.cli;

import java.io.PrintWriter;
import org.psrnn.train.StopRequest;

/**
 * Ctrl-C and SIGTERM during training: the JVM's shutdown hook asks the training loop to stop,
 * then waits until the current iteration is done and the checkpoint, metrics and report are
 * written. The JVM then exits with 130 (SIGINT) or 143 (SIGTERM).
 */
final class Interruption implements AutoCloseable {
    private static final long WAIT_SECONDS = 300;
    private final StopRequest stop = new StopRequest();
    private final Thread hook;
    private volatile boolean active = true;

    Interruption(PrintWriter err) {
        hook = new Thread(() -> {
            if (!active) return;
            stop.request();
            if (!stop.awaitFinished(WAIT_SECONDS)) {
                err.println("psrnn: training did not stop within " + WAIT_SECONDS + " s; the last checkpoint is the previous one");
                err.flush();
            }
        }, "psrnn-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    StopRequest stop() {
        return stop;
    }

    /** Training is over (however it ended): the hook has nothing more to wait for. */
    @Override
    public void close() {
        active = false;
        stop.finished();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and will return now
        }
    }
}
