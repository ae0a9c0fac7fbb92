package org.psrnn.results;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * summary.json's "plasticity": a run's STRONG-set turnover and Hebbian alignment, from its
 * evaluations (metrics.csv). Turnover accumulates, so the last evaluation says it; overlap with
 * the previous evaluation and alignment vary from one evaluation to the next, so their mean over
 * the evaluations where they are defined says it (the first has no previous one).
 */
public final class PlasticitySummary {
    private PlasticitySummary() {}

    /** The names, in the order the file and comparisons give them. */
    public static final String[] NAMES = {"ever_strong_fraction", "jaccard_initial", "jaccard_previous_mean", "hebb_grad_cosine_mean",
        "hebb_grad_sign_agreement_mean"};

    /** What each means against a known case, in the order of {@link #NAMES}. */
    private static final String[] REFERENCES = {"share of synapses STRONG at some evaluation; the initial share if S never moves",
        "Jaccard overlap of the last STRONG set with the initial one; 1 if S never moves",
        "mean Jaccard overlap of the STRONG set with the previous evaluation's; 1 if S never moves",
        "mean cosine of H and -G over WEAK synapses; 0 for no alignment",
        "mean share of WEAK synapses whose H has the sign of -G; 0.5 for no alignment"};

    /** The reference of the metric called {@code name} (one of {@link #NAMES}). */
    public static String reference(String name) {
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equals(name)) return REFERENCES[i];
        throw new IllegalArgumentException("no plasticity metric " + name);
    }

    /** The values for the evaluations {@code rows} by name, in {@link #NAMES} order; null where undefined (no evaluation measured it). */
    public static Map<String, Double> of(List<MetricsRow> rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        MetricsRow last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        out.put(NAMES[0], orNull(last == null ? Double.NaN : last.measured().turnover().everStrongFraction()));
        out.put(NAMES[1], orNull(last == null ? Double.NaN : last.measured().turnover().jaccardInitial()));
        out.put(NAMES[2], orNull(mean(rows.stream().mapToDouble(r -> r.measured().turnover().jaccardPrevious()).toArray())));
        out.put(NAMES[3], orNull(mean(rows.stream().mapToDouble(r -> r.measured().alignment().cosine()).toArray())));
        out.put(NAMES[4], orNull(mean(rows.stream().mapToDouble(r -> r.measured().alignment().signAgreement()).toArray())));
        return out;
    }

    /** The mean of the defined values, in order; NaN where there is none. */
    static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
