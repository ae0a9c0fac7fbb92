package org.psrnn.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads that run one parallel region at a time: {@code run(body)} calls
 * {@code body.accept(p)} for every {@code p} in {@code [0, size)}, part {@code 0} on the calling
 * thread, and returns when all are done. No allocation per region (the training loop calls it a
 * few times per iteration); idle workers park.
 */
final class WorkerPool implements AutoCloseable {
    private final int size;
    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile IntConsumer task;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int size) {
        if (size < 1) throw new IllegalArgumentException("size " + size);
        this.size = size;
        this.workers = new Thread[size - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = Thread.ofPlatform().daemon().name("psrnn-cpu-" + part).unstarted(() -> work(part));
            workers[w].start();
        }
    }

    int size() {
        return size;
    }

    /** The ids of the threads that run the parts: the caller's first, then the workers'. */
    long[] threadIds(Thread caller) {
        long[] ids = new long[size];
        ids[0] = caller.threadId();
        for (int w = 0; w < workers.length; w++) ids[w + 1] = workers[w].threadId();
        return ids;
    }

    /** Runs {@code body} on every part and waits; a failure in any part is rethrown here. */
    void run(IntConsumer body) {
        if (size == 1) {
            body.accept(0);
            return;
        }
        failure = null;
        task = body;
        remaining.set(size - 1);
        generation++; // publishes task to the workers
        for (Thread w : workers) LockSupport.unpark(w);
        try {
            body.accept(0);
        } catch (Throwable t) {
            failure = t;
        }
        int spins = 0;
        while (remaining.get() > 0) {
            if (++spins < 20_000) Thread.onSpinWait();
            else LockSupport.parkNanos(10_000);
        }
        task = null;
        Throwable f = failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException(f);
    }

    private void work(int part) {
        int seen = 0;
        while (!closed) {
            int g = generation;
            if (g == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = g;
            try {
                task.accept(part);
            } catch (Throwable t) {
                failure = t;
            }
            remaining.decrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }

    /** The part {@code p} of {@code [0, total)} split into {@code parts} nearly equal ranges, aligned to {@code align}: {from, to}. */
    static int rangeStart(int total, int parts, int p, int align) {
        int units = (total + align - 1) / align;
        return Math.min(total, (int) ((long) units * p / parts) * align);
    }
}
