package org.psrnn.report;

import static org.psrnn.report.HtmlPage.configuration;
import static org.psrnn.report.HtmlPage.esc;
import static org.psrnn.report.HtmlPage.figure;
import static org.psrnn.report.HtmlPage.head;
import static org.psrnn.report.HtmlPage.meanSem;
import static org.psrnn.report.HtmlPage.num;
import static org.psrnn.report.HtmlPage.p;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.psrnn.analysis.BimodalitySplit;
import org.psrnn.analysis.Describe;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.io.AtomicFiles;
import org.psrnn.results.Metric;
import org.psrnn.results.PairTest;
import org.psrnn.results.PlasticitySummary;
import org.psrnn.results.Provenance;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.train.Comparison;
import org.psrnn.train.ComparisonJson;
import org.psrnn.train.ComparisonSummary;
import org.psrnn.train.PsychometricProbe;
import org.psrnn.train.RunConfig;

/**
 * A comparison's report.html: one self-contained page (figures inline as SVG, no scripts, no
 * external files) whose first screen answers "which rule learned faster, and is the difference
 * significant" ({@link Headline}), then the tables and figures behind that answer.
 */
public final class ComparisonReport {
    private ComparisonReport() {}

    /**
     * Writes {@code file}: the page for the comparison {@code s} of the finished {@code runs}, with the
     * configuration, its provenance, and {@code notes} at the end ({@code rateSearched}: the rules
     * trained at rates a search chose).
     */
    public static void write(Path file, ComparisonSummary s, List<Comparison.Finished> runs, RunConfig shared,
                             Provenance provenance, boolean rateSearched, List<String> notes) throws IOException {
        StringBuilder h = new StringBuilder();
        head(h, "psrnn comparison: " + s.task());
        h.append("<h1>").append(esc(s.task())).append(": ").append(esc(String.join(" vs ", s.rules()))).append("</h1>\n");
        h.append("<p class=\"sub\">").append(s.seeds().size()).append(" seeds per rule, paired by seed (same initial weights, same trials); "
                + "criterion: performance &ge; ").append(s.criterion()).append(" on the held-out batch at two evaluations in a row.</p>\n");
        for (String line : Headline.html(s)) h.append("<p class=\"headline\">").append(line).append("</p>\n");
        ttcTable(h, s, runs);
        if (rateSearched) {
            h.append("<p class=\"sub\">Each rule trained at its best learning rate from the same search (how it was chosen: Notes, at the end).</p>\n");
        }
        h.append(figure(ComparisonPlots.learningCurves(runs, s.rules(), s.criterion()), "learning-curves",
                "Performance on the held-out batch against training trials: mean over seeds, band = s.e.m."));
        h.append(figure(ComparisonPlots.ttcStrip(s), "trials-to-criterion",
                "Trials to criterion per seed; runs that never reached it are drawn at the trials they trained for, as open triangles."));
        psychometric(h, s, runs);
        h.append("<h2>Structure of the trained recurrent matrix</h2>\n");
        metricsTable(h, s, m -> !m.plasticity() && !m.psychometric(), null);
        h.append("<p class=\"sub\">Antisymmetry: " + StructureMetrics.reference("antisymmetry") + ". "
                + "Bimodality: Sarle's coefficient, " + StructureMetrics.reference("bimodality_abs") + "; outside band: without the entries in ["
                + (1 - BimodalitySplit.BAND) + " theta, theta), where synapses that fell from STRONG pile up; weak, strong: of each "
                + "state's entries. Effective rank, participation ratio and rank 90 (the singular values holding 90% of ||W||_F^2) "
                + "of W and of W - W_init (the change). Non-normality: 1 - sum |lambda|^2 / ||W||_F^2, " + StructureMetrics.reference("non_normality")
                + ". Weak abs: |W| of WEAK synapses (mean, 99th percentile, count at or above theta). Trials to criterion over the runs "
                + "that reached it; in the tests, runs that did not enter with the trials they trained for.</p>\n");
        h.append("<h2>Plasticity during training</h2>\n");
        metricsTable(h, s, Metric::plasticity, null);
        h.append("<p class=\"sub\">From the evaluations (metrics.csv). Ever strong fraction: " + PlasticitySummary.reference("ever_strong_fraction")
                + ". Jaccard initial: " + PlasticitySummary.reference("jaccard_initial") + ". Jaccard previous mean: "
                + PlasticitySummary.reference("jaccard_previous_mean") + ". Hebb grad cosine mean: " + PlasticitySummary.reference("hebb_grad_cosine_mean")
                + " (H: the Hebbian term, G: the task gradient, on the held-out batch). Hebb grad sign agreement mean: "
                + PlasticitySummary.reference("hebb_grad_sign_agreement_mean") + ".</p>\n");
        h.append(figure(ComparisonPlots.plasticity(runs, s.rules()), "plasticity", "At each evaluation, mean over seeds (band: s.e.m.): "
                + "the Jaccard overlap of the STRONG set with the initial one, and the cosine of the Hebbian term H with -G on WEAK synapses (chance 0)."));
        h.append("<h2>|W| by rule (all seeds pooled)</h2>\n");
        for (String rule : s.rules()) {
            List<Comparison.Finished> mine = runs.stream().filter(f -> f.job().rule().equals(rule)).toList();
            List<double[]> ws = new ArrayList<>();
            List<byte[]> ss = new ArrayList<>();
            for (Comparison.Finished f : mine) {
                var w = f.dir().readWeights();
                ws.add(w.get("W_rec").toDoubles());
                long[] sv = w.get("S_rec").toLongs("S_rec");
                byte[] b = new byte[sv.length];
                for (int i = 0; i < b.length; i++) b[i] = (byte) sv[i];
                ss.add(b);
            }
            if (ws.isEmpty()) continue;
            double theta = mine.get(0).job().config().model().switching().theta(); // NaN where not given
            h.append("<h3>").append(esc(rule)).append("</h3>\n");
            h.append(figure(Plots.weightHistograms(concat(ws), concatBytes(ss), theta), "weights-" + rule, null));
        }
        configuration(h, ComparisonJson.sharedConfig(shared), provenance);
        if (!notes.isEmpty()) {
            h.append("<h2>Notes</h2><ul>\n");
            for (String n : notes) h.append("<li>").append(esc(n)).append("</li>\n");
            h.append("</ul>\n");
        }
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    private static void ttcTable(StringBuilder h, ComparisonSummary s, List<Comparison.Finished> runs) {
        h.append("<table><tr><th>rule</th><th>learning rate</th><th>reached / runs</th><th>diverged</th><th>trials to criterion of the runs that reached it: mean &plusmn; s.e.m.</th>"
                + "<th>median</th><th>final performance</th></tr>\n");
        for (String rule : s.rules()) {
            String lr = Comparison.learningRate(runs, rule);
            Describe d = s.of(rule).of(Metric.TRIALS_TO_CRITERION);
            Describe p = s.of(rule).of(Metric.FINAL_PERFORMANCE);
            int[] rc = {s.of(rule).reached(), s.of(rule).censored()};
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d / %d</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(rule),
                    esc(lr), rc[0], rc[0] + rc[1], s.of(rule).diverged(), meanSem(d, "%,.0f"), num(d.median(), "%,.0f"), meanSem(p, "%.3f")));
        }
        h.append("</table>\n");
    }

    /**
     * The psychometric section, for a task with a psychometric curve: each rule's mean curve over
     * seeds, and the fit's bias, threshold and slope by rule with the paired tests. Nothing for
     * the other tasks.
     */
    private static void psychometric(StringBuilder h, ComparisonSummary s, List<Comparison.Finished> runs) {
        var chart = ComparisonPlots.psychometricCurves(runs, s.rules());
        if (chart == null) return;
        PsychometricCurve any = runs.stream().map(f -> f.summary().psychometric()).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        h.append("<h2>Psychometric curve</h2>\n");
        h.append(figure(chart, "psychometric", "The share of trials choosing " + any.choice() + " among those that chose either option, against "
                + any.variable() + ", " + PsychometricProbe.TRIALS_PER_VALUE + " trials at each value and seed: mean over seeds, band = s.e.m."));
        metricsTable(h, s, Metric::psychometric, any.unit());
        h.append("<p class=\"sub\">The logistic fit P = 1 / (1 + exp(-(x - bias) / s)) of each run's choices (docs/MODEL.md \"Psychometric curve\"): "
                + "bias, the point of subjective equality; threshold, s ln 3, from the bias to P = 0.75; slope, 1 / (4 s), dP/dx at the bias. "
                + "Runs whose choices determine no curve (all of one kind) are left out.</p>\n");
    }

    /**
     * The table of the metrics {@code shown}, by rule, with the paired tests against the baseline;
     * {@code unit} (may be null) follows each metric's name.
     */
    private static void metricsTable(StringBuilder h, ComparisonSummary s, java.util.function.Predicate<Metric> shown, String unit) {
        String base = s.rules().contains("bp") ? "bp" : s.rules().get(0);
        h.append("<table><tr><th>metric</th>");
        for (String rule : s.rules()) h.append("<th>").append(esc(rule)).append("<br>mean &plusmn; s.e.m. (median)</th>");
        for (String rule : s.rules()) if (!rule.equals(base)) h.append("<th>").append(esc(rule)).append(" vs ").append(esc(base)).append("<br>p (Wilcoxon / permutation)</th>");
        h.append("</tr>\n");
        for (Metric metric : Metric.values()) {
            if (!shown.test(metric)) continue;
            String name = metric.key().replace('_', ' ');
            if (unit != null) name += " (" + (metric == Metric.PSYCHOMETRIC_SLOPE ? "per " : "") + unit + ")";
            h.append("<tr><td>").append(esc(name)).append("</td>");
            for (String rule : s.rules()) {
                Describe d = s.of(rule).of(metric);
                h.append("<td>").append(meanSem(d, "%.4g")).append(" (").append(num(d.median(), "%.4g")).append(")</td>");
            }
            for (String rule : s.rules()) {
                if (rule.equals(base)) continue;
                PairTest t = s.test(rule, base, metric);
                String cls = t != null && t.wilcoxon().pValue() < ComparisonSummary.ALPHA ? " class=\"sig\"" : "";
                h.append("<td").append(cls).append(">").append(t == null ? "" : p(t.wilcoxon().pValue()) + " / " + p(t.permutationP())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static double[] concat(List<double[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        double[] out = new double[n];
        int o = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, out, o, a.length);
            o += a.length;
        }
        return out;
    }

    private static byte[] concatBytes(List<byte[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] a : parts) {
            System.arraycopy(a, 0, out, o, a.length);
            o += a.length;
        }
        return out;
    }
}
