package org.psrnn.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs side by side: at most {@code workers} at a time, each engine on its share of the cores, and
 * the first failure rethrown as it was thrown (a mistake in the input stays one clear line). A
 * comparison's runs and the demo's two train this way.
 */
public final class RunPool {
    private RunPool() {}

    /** The engine threads each of {@code workers} runs side by side gets: the cores shared out, at least one. */
    public static int engineThreads(int workers) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
    }

    /** Runs every task, {@code workers} at a time, and returns their results in task order. */
    public static <T> List<T> run(List<Callable<T>> tasks, int workers) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, Math.max(1, tasks.size()))));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) futures.add(pool.submit(t));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
