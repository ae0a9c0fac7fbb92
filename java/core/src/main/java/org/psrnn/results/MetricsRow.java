package org.psrnn.results;

import java.util.Locale;

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
 * @param seconds        wall-clock seconds of training so far
 */
public record MetricsRow(long iteration, long trials, double loss, double evalLoss, double performance, double strongFraction,
                         long switchesUp, long switchesDown, double antisymmetry, double gradNorm, double seconds) {

    public static final String HEADER =
            "iteration,trials,loss,eval_loss,performance,strong_fraction,switches_up,switches_down,antisymmetry,grad_norm,seconds";

    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%d,%d,%s,%s,%.3f", iteration, trials, num(loss), num(evalLoss),
                num(performance), num(strongFraction), switchesUp, switchesDown, num(antisymmetry), num(gradNorm), seconds);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** Parses a line written by {@link #toCsv()}. */
    public static MetricsRow parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 11) throw new IllegalArgumentException("expected 11 fields: " + line);
        return new MetricsRow(Long.parseLong(f[0]), Long.parseLong(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), d(f[8]), d(f[9]), Double.parseDouble(f[10]));
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
