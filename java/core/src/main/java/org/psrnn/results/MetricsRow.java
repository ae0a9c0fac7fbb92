package org.psrnn.results;

import java.util.Locale;
import org.psrnn.analysis.EvaluationMetrics;

/**
 * One evaluation of a run: where training is, how well the network does on the held-out batch,
 * and the state of its recurrent matrix.
 *
 * @param iteration      iterations done
 * @param trials         training trials seen ({@code iteration * B})
 * @param loss           mean training loss since the previous evaluation (NaN before training)
 * @param evalLoss       loss on the held-out batch
 * @param performance    fraction of held-out trials correct
 * @param strongFraction share of STRONG synapses
 * @param switchesUp     WEAK -> STRONG switches since the previous evaluation
 * @param switchesDown   STRONG -> WEAK switches since the previous evaluation
 * @param antisymmetry   antisymmetry index of W
 * @param gradNorm       mean global gradient norm since the previous evaluation (NaN before training)
 * @param measured       turnover, alignment, WEAK growth and rank ({@link EvaluationMetrics#NONE} in an older file)
 * @param seconds        wall-clock seconds of training so far
 */
public record MetricsRow(long iteration, long trials, double loss, double evalLoss, double performance, double strongFraction,
                         long switchesUp, long switchesDown, double antisymmetry, double gradNorm, EvaluationMetrics measured,
                         double seconds) {

    /** The columns of every metrics.csv, before the measured ones. */
    private static final String FIRST = "iteration,trials,loss,eval_loss,performance,strong_fraction,switches_up,switches_down,antisymmetry,grad_norm";

    /** The header of metrics.csv: the wall clock stays the last column, so a reader can drop it as the only non-reproducible one. */
    public static final String HEADER = FIRST + "," + String.join(",", EvaluationMetrics.NAMES) + ",seconds";

    /** The header of a metrics.csv written before the measured columns existed; such a file still reads. */
    public static final String OLD_HEADER = FIRST + ",seconds";

    private static final int FIELDS = 11 + EvaluationMetrics.NAMES.length;

    /** Whether {@code line} is the header of a metrics.csv this class reads. */
    public static boolean isHeader(String line) {
        return HEADER.equals(line) || OLD_HEADER.equals(line);
    }

    public String toCsv() {
        StringBuilder more = new StringBuilder();
        double[] v = measured.values();
        for (int i = 0; i < v.length; i++) {
            boolean count = EvaluationMetrics.COUNTS.contains(EvaluationMetrics.NAMES[i]) && v[i] == Math.rint(v[i]);
            more.append(count ? Long.toString((long) v[i]) : num(v[i])).append(',');
        }
        return String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%d,%d,%s,%s,%s%.3f", iteration, trials, num(loss), num(evalLoss),
                num(performance), num(strongFraction), switchesUp, switchesDown, num(antisymmetry), num(gradNorm), more, seconds);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** Parses a line written by {@link #toCsv()}, or one of a file with {@link #OLD_HEADER} (its measured columns all NaN). */
    public static MetricsRow parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != FIELDS && f.length != 11) throw new IllegalArgumentException("expected " + FIELDS + " fields (or 11, before "
                + "the measured columns): " + line);
        EvaluationMetrics measured = EvaluationMetrics.NONE;
        if (f.length == FIELDS) {
            double[] v = new double[EvaluationMetrics.NAMES.length];
            for (int i = 0; i < v.length; i++) v[i] = d(f[10 + i]);
            measured = EvaluationMetrics.fromValues(v);
        }
        return new MetricsRow(Long.parseLong(f[0]), Long.parseLong(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), d(f[8]), d(f[9]), measured, Double.parseDouble(f[f.length - 1]));
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
