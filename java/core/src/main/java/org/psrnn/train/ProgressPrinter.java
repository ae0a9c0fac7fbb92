package org.psrnn.train;

import java.io.PrintWriter;
import java.util.Locale;
import org.psrnn.model.NetworkState;
import org.psrnn.results.MetricsRow;
import org.psrnn.task.Task;

/**
 * Progress of a run: on a terminal one line rewritten in place a few times a second; otherwise
 * (a log, a pipe) one plain line per evaluation.
 */
public final class ProgressPrinter implements TrainingListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final long startNanos = System.nanoTime();
    private long firstIteration = -1;
    private long lastDraw;
    private MetricsRow lastRow;

    public ProgressPrinter(PrintWriter out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    /** Whether standard output is an interactive terminal. */
    public static boolean stdoutIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void iterationDone(long iteration, long total, double loss) {
        if (firstIteration < 0) firstIteration = iteration - 1;
        if (!terminal) return;
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && iteration < total) return;
        lastDraw = now;
        out.print("\r" + line(iteration, total, loss) + "   ");
        out.flush();
    }

    @Override
    public void evaluated(MetricsRow row, NetworkState state, Criterion criterion) {
        lastRow = row;
        if (terminal) return;
        out.println(line(row.iteration(), -1, row.loss()));
        out.flush();
    }

    /** Ends the in-place line on a terminal. */
    public void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    private String line(long iteration, long total, double loss) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long done = firstIteration < 0 ? 0 : iteration - firstIteration;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder s = new StringBuilder();
        if (!label.isEmpty()) s.append('[').append(label).append("] ");
        s.append("iteration ").append(iteration);
        if (total > 0) s.append('/').append(total);
        s.append(Double.isNaN(loss) ? "  loss -" : String.format(Locale.ROOT, "  loss %.4f", loss));
        if (lastRow != null) {
            s.append(String.format(Locale.ROOT, "  performance %.3f  strong %.3f", lastRow.performance(), lastRow.strongFraction()));
        }
        s.append(String.format(Locale.ROOT, "  %.1f it/s", rate));
        if (total > 0 && rate > 0) s.append("  ETA ").append(duration((total - iteration) / rate));
        return s.toString();
    }

    /**
     * What the progress lines' performance measures, for the line before them: a run's first
     * evaluation often reads below chance, because an untrained network tends to keep fixating
     * through the decision period, and only fixating where that is the answer scores.
     */
    public static String legend(RunConfig config) {
        Task task = config.createTask();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "performance = share of the %d held-out trials answered right; chance %s",
                config.training().evalBatch(), RunConfig.plain(task.chance())));
        if (!Double.isNaN(task.fixatingScore())) {
            s.append(", and ").append(RunConfig.plain(task.fixatingScore())).append(" while the network only fixates, as an untrained one often does");
        }
        return s.append(String.format(Locale.ROOT, "; criterion %s (best achievable %.3f)", RunConfig.plain(config.training().criterion()),
                task.ceiling())).toString();
    }

    /** A duration as {@code 1h02m}, {@code 3m05s} or {@code 12s}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}
