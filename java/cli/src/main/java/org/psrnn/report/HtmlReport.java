package org.psrnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.psrnn.analysis.Describe;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.io.AtomicFiles;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.Provenance;
import org.psrnn.results.RunSummary;
import org.psrnn.train.Comparison;
import org.psrnn.train.ComparisonSummary;

/**
 * report.html: one self-contained page (figures inline as SVG, no scripts, no external files)
 * whose first screen answers "which rule learned faster, and is the difference significant".
 */
public final class HtmlReport {
    private static final Color[] RULE_COLORS = {new Color(0x333333), Plots.STRONG, Plots.WEAK, new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e)};

    private HtmlReport() {}

    // ---------------------------------------------------------------- comparison

    public static void writeComparison(Path file, ComparisonSummary s, List<Comparison.Finished> runs, Map<String, Object> config,
                                       Provenance provenance, boolean rateSearched, List<String> notes) throws IOException {
        StringBuilder h = new StringBuilder();
        head(h, "psrnn comparison: " + s.task());
        h.append("<h1>").append(esc(s.task())).append(": ").append(esc(String.join(" vs ", s.rules()))).append("</h1>\n");
        h.append("<p class=\"sub\">").append(s.seeds().size()).append(" seeds per rule, paired by seed (same initial weights, same trials); "
                + "criterion: performance &ge; ").append(s.criterion()).append(" on the held-out batch at two evaluations in a row.</p>\n");
        for (String line : headline(s)) h.append("<p class=\"headline\">").append(line).append("</p>\n");
        ttcTable(h, s, runs);
        if (rateSearched) {
            h.append("<p class=\"sub\">Each rule trained at its best learning rate from the same search (how it was chosen: Notes, at the end).</p>\n");
        }
        h.append(figure(learningCurves(runs, s.rules(), s.criterion()), "learning-curves",
                "Performance on the held-out batch against training trials: mean over seeds, band = s.e.m."));
        h.append(figure(ttcStrip(s), "trials-to-criterion", "Trials to criterion per seed; runs that never reached it are drawn at the"
                + " trials they trained for, as open triangles."));
        h.append("<h2>Structure of the trained recurrent matrix</h2>\n");
        metricsTable(h, s);
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
            double theta = mine.get(0).job().config().model().switching().thetaGiven() ? mine.get(0).job().config().model().switching().theta() : Double.NaN;
            h.append("<h3>").append(esc(rule)).append("</h3>\n");
            h.append(figure(Plots.weightHistograms(concat(ws), concatBytes(ss), theta), "weights-" + rule, null));
        }
        configuration(h, config, provenance);
        if (!notes.isEmpty()) {
            h.append("<h2>Notes</h2><ul>\n");
            for (String n : notes) h.append("<li>").append(esc(n)).append("</li>\n");
            h.append("</ul>\n");
        }
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    /**
     * The first-screen answer, one paragraph per rule against the baseline (bp when present, else the
     * first rule). One statistic a sentence, each named: how many runs reached the criterion, the median
     * trials of those that did, the mean paired difference (censored runs at their budget, as the tests
     * take them), the tests' verdict, and, where it is so, that too few seeds can never be significant.
     */
    static List<String> headline(ComparisonSummary s) {
        return verdicts(s).stream().map(v -> String.join(" ", v)).toList();
    }

    /** The headline as plain text for the terminal: one sentence a line, a blank line between rules. */
    public static List<String> headlineText(ComparisonSummary s) {
        List<String> lines = new ArrayList<>();
        for (List<String> v : verdicts(s)) {
            if (!lines.isEmpty()) lines.add("");
            for (String sentence : v) {
                lines.add(sentence.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            }
        }
        return lines;
    }

    private static List<List<String>> verdicts(ComparisonSummary s) {
        List<List<String>> out = new ArrayList<>();
        String base = s.rules().contains("bp") ? "bp" : s.rules().get(0);
        for (String rule : s.rules()) {
            if (rule.equals(base)) continue;
            ComparisonSummary.PairTest t = s.test(rule, base, ComparisonSummary.TTC);
            if (t != null) out.add(verdict(s, rule, base, t));
        }
        return out;
    }

    private static List<String> verdict(ComparisonSummary s, String rule, String base, ComparisonSummary.PairTest t) {
        List<String> v = new ArrayList<>();
        int[] rc = s.reachedCensored().get(rule), bc = s.reachedCensored().get(base);
        String r = "<b>" + esc(rule) + "</b>", b = "<b>" + esc(base) + "</b>";
        if (rc[0] == 0 && bc[0] == 0) {
            // Every difference is zero, and the tests' p = 1 would only restate that nothing reached it.
            v.add(String.format(Locale.ROOT, "Neither %s nor %s reached the criterion in any of their %d runs%s.", r, b, t.n(),
                    divergedNote(s, rule, base)));
            Describe pr = s.stats().get(rule).get(ComparisonSummary.PERFORMANCE), pb = s.stats().get(base).get(ComparisonSummary.PERFORMANCE);
            if (pr != null && pb != null && pr.n() > 0 && pb.n() > 0) {
                v.add(String.format(Locale.ROOT, "Mean final performance: %s %.3f, %s %.3f.", r, pr.mean(), b, pb.mean()));
            }
        } else {
            v.add(String.format(Locale.ROOT, "%s reached the criterion in <b>%d of %d</b> runs%s, %s in <b>%d of %d</b>%s.", r, rc[0],
                    rc[0] + rc[1], diverged(s, rule), b, bc[0], bc[0] + bc[1], diverged(s, base)));
            v.add(medians(s, rule, base));
            v.add(meanDifference(s, rule, base, t));
            boolean byWilcoxon = t.wilcoxon().pValue() < ComparisonSummary.ALPHA, byPermutation = t.permutationP() < ComparisonSummary.ALPHA;
            String verdict = byWilcoxon && byPermutation ? "significant at " + ComparisonSummary.ALPHA
                    : byWilcoxon || byPermutation ? "significant at " + ComparisonSummary.ALPHA + " by the " + (byWilcoxon ? "Wilcoxon" : "permutation") + " test only"
                    : "not significant at " + ComparisonSummary.ALPHA;
            v.add(String.format(Locale.ROOT, "The difference is <b>%s</b> (Wilcoxon signed-rank p = %s; sign-flip permutation p = %s).",
                    verdict, p(t.wilcoxon().pValue()), p(t.permutationP())));
        }
        String resolution = resolution(t, rc[0] + bc[0] > 0);
        if (resolution != null) v.add(resolution);
        return v;
    }

    /** The medians of the runs that reached the criterion; a rule none of whose runs did is said so, not given a number. */
    private static String medians(ComparisonSummary s, String rule, String base) {
        List<String> values = new ArrayList<>(), none = new ArrayList<>();
        for (String x : List.of(rule, base)) {
            Describe d = s.stats().get(x).get(ComparisonSummary.TTC);
            if (d.n() == 0) none.add("no " + esc(x) + " run reached it");
            else values.add(String.format(Locale.ROOT, "<b>%s</b> %,.0f", esc(x), d.median()));
        }
        return "Median trials to criterion, over the runs that reached it: " + String.join(", ", values)
                + (none.isEmpty() ? "" : "; " + String.join(", ", none)) + ".";
    }

    /**
     * The mean paired difference as the tests take it, a censored run at its budget. The budget is a
     * lower bound of such a run's trials, so when only one side has censored runs the difference is a
     * bound, and the sentence says which.
     */
    private static String meanDifference(ComparisonSummary s, String rule, String base, ComparisonSummary.PairTest t) {
        int censoredRule = s.reachedCensored().get(rule)[1], censoredBase = s.reachedCensored().get(base)[1];
        double diff = t.a().equals(rule) ? t.meanDifference() : -t.meanDifference(); // rule - base
        String r = "<b>" + esc(rule) + "</b>", b = "<b>" + esc(base) + "</b>";
        String budget = censoredRule + censoredBase > 0 && Double.isFinite(s.budget()) ? String.format(Locale.ROOT,
                ", a run that never reached the criterion counted at its whole budget of %,.0f trials", s.budget()) : "";
        if (diff == 0) {
            return String.format(Locale.ROOT, "Mean paired difference over %d seeds%s: %s and %s needed <b>the same</b> number of training trials.",
                    t.n(), budget, r, b);
        }
        boolean slowerCensored = diff > 0 ? censoredRule > 0 : censoredBase > 0, fasterCensored = diff > 0 ? censoredBase > 0 : censoredRule > 0;
        String slower = diff > 0 ? r : b, faster = diff > 0 ? b : r;
        String bound = slowerCensored && !fasterCensored ? "; a lower bound, since only " + slower + " has runs that never reached the criterion"
                : fasterCensored && !slowerCensored ? "; an upper bound, since only " + faster + " has runs that never reached the criterion" : "";
        return String.format(Locale.ROOT, "Mean paired difference over %d seeds%s: %s needed <b>%,.0f %s</b> training trials than %s%s.", t.n(),
                budget, r, Math.abs(diff), diff < 0 ? "fewer" : "more", b, bound);
    }

    /**
     * Where no outcome could have been significant, that sentence: with n pairs that differ the exact
     * tests cannot give p below 2 / 2^n, so under 6 seeds "not significant" is certain before any run.
     * {@code differences}: whether to speak of the seeds that differ (not when nothing reached the criterion).
     */
    private static String resolution(ComparisonSummary.PairTest t, boolean differences) {
        int needed = ComparisonSummary.pairsNeeded(ComparisonSummary.ALPHA);
        if (t.n() < needed) {
            return String.format(Locale.ROOT, "With %d paired seeds no difference can be significant at %s: the smallest two-sided p these "
                    + "exact tests can give is %s (2 / 2^%d); p &lt; %s needs at least %d seeds.", t.n(), ComparisonSummary.ALPHA,
                    ComparisonSummary.smallestPText(t.n()), t.n(), ComparisonSummary.ALPHA, needed);
        }
        int differ = t.wilcoxon().n();
        if (differences && differ < needed) {
            return String.format(Locale.ROOT, "Only %d of the %d seeds differ in trials to criterion (on the others both rules never reached "
                    + "it, or reached it at the same trial), so p cannot fall below %s (2 / 2^%d); p &lt; %s needs at least %d seeds that differ.",
                    differ, t.n(), ComparisonSummary.smallestPText(differ), differ, ComparisonSummary.ALPHA, needed);
        }
        return null;
    }

    private static String diverged(ComparisonSummary s, String rule) {
        int d = s.diverged().get(rule);
        return d > 0 ? " (" + d + " diverged)" : "";
    }

    private static String divergedNote(ComparisonSummary s, String rule, String base) {
        int dr = s.diverged().get(rule), db = s.diverged().get(base);
        if (dr + db == 0) return "";
        List<String> parts = new ArrayList<>();
        if (dr > 0) parts.add(dr + " of " + esc(rule) + "'s diverged");
        if (db > 0) parts.add(db + " of " + esc(base) + "'s diverged");
        return " (" + String.join(", ", parts) + ")";
    }

    private static void ttcTable(StringBuilder h, ComparisonSummary s, List<Comparison.Finished> runs) {
        h.append("<table><tr><th>rule</th><th>learning rate</th><th>reached / runs</th><th>diverged</th><th>trials to criterion of the runs that reached it: mean &plusmn; s.e.m.</th>"
                + "<th>median</th><th>final performance</th></tr>\n");
        for (String rule : s.rules()) {
            String lr = Comparison.learningRate(runs, rule);
            Describe d = s.stats().get(rule).get(ComparisonSummary.TTC);
            Describe p = s.stats().get(rule).get(ComparisonSummary.PERFORMANCE);
            int[] rc = s.reachedCensored().get(rule);
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d / %d</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(rule),
                    esc(lr), rc[0], rc[0] + rc[1], s.diverged().get(rule), meanSem(d, "%,.0f"), num(d.median(), "%,.0f"), meanSem(p, "%.3f")));
        }
        h.append("</table>\n");
    }

    private static void metricsTable(StringBuilder h, ComparisonSummary s) {
        String base = s.rules().contains("bp") ? "bp" : s.rules().get(0);
        h.append("<table><tr><th>metric</th>");
        for (String rule : s.rules()) h.append("<th>").append(esc(rule)).append("<br>mean &plusmn; s.e.m. (median)</th>");
        for (String rule : s.rules()) if (!rule.equals(base)) h.append("<th>").append(esc(rule)).append(" vs ").append(esc(base)).append("<br>p (Wilcoxon / permutation)</th>");
        h.append("</tr>\n");
        for (String metric : ComparisonSummary.metrics()) {
            h.append("<tr><td>").append(metric.replace('_', ' ')).append("</td>");
            for (String rule : s.rules()) {
                Describe d = s.stats().get(rule).get(metric);
                h.append("<td>").append(meanSem(d, "%.4g")).append(" (").append(num(d.median(), "%.4g")).append(")</td>");
            }
            for (String rule : s.rules()) {
                if (rule.equals(base)) continue;
                ComparisonSummary.PairTest t = s.test(rule, base, metric);
                String cls = t != null && t.wilcoxon().pValue() < ComparisonSummary.ALPHA ? " class=\"sig\"" : "";
                h.append("<td").append(cls).append(">").append(t == null ? "" : p(t.wilcoxon().pValue()) + " / " + p(t.permutationP())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p class=\"sub\">Antisymmetry: " + StructureMetrics.reference("antisymmetry") + ". "
                + "Bimodality: Sarle's coefficient, " + StructureMetrics.reference("bimodality_abs") + ". Effective rank and participation ratio of W and of "
                + "W - W_init (the change). Non-normality: 1 - sum |lambda|^2 / ||W||_F^2, " + StructureMetrics.reference("non_normality")
                + ". Trials to criterion over the runs that reached it; in the tests, runs that did not enter with the "
                + "trials they trained for.</p>\n");
    }

    /** Mean performance (band: s.e.m.) against trials, per rule, over the seeds evaluated at each iteration. */
    static JFreeChart learningCurves(List<Comparison.Finished> runs, List<String> rules, double criterion) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String rule : rules) {
            TreeMap<Long, List<Double>> byTrials = new TreeMap<>();
            for (Comparison.Finished f : runs) {
                if (!f.job().rule().equals(rule)) continue;
                for (MetricsRow r : f.rows()) byTrials.computeIfAbsent(r.trials(), k -> new ArrayList<>()).add(r.performance());
            }
            YIntervalSeries series = new YIntervalSeries(rule);
            for (Map.Entry<Long, List<Double>> e : byTrials.entrySet()) {
                Describe d = Describe.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                double sem = Double.isNaN(d.sem()) ? 0 : d.sem();
                series.add(e.getKey(), d.mean(), d.mean() - sem, d.mean() + sem);
            }
            data.addSeries(series);
        }
        DeviationRenderer r = new DeviationRenderer(true, false);
        for (int i = 0; i < rules.size(); i++) {
            Color c = RULE_COLORS[i % RULE_COLORS.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        r.setAlpha(0.2f);
        NumberAxis y = new NumberAxis("performance (held-out)");
        y.setRange(0, 1.02);
        XYPlot plot = new XYPlot(data, new NumberAxis("training trials"), y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(criterion, new Color(0x2ca02c), new BasicStroke(1f)));
        JFreeChart chart = new JFreeChart("Learning curves", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Trials to criterion per seed, one column per rule; censored runs as open triangles. */
    static JFreeChart ttcStrip(ComparisonSummary s) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries reached = new XYSeries("reached", false, true), censored = new XYSeries("never reached (drawn at trials trained)", false, true);
        for (int i = 0; i < s.rules().size(); i++) {
            String rule = s.rules().get(i);
            Map<String, Double> v = s.perSeed().get(rule + "/" + ComparisonSummary.TTC);
            int k = 0;
            for (Map.Entry<String, Double> e : v.entrySet()) {
                double jitter = ((k++ % 9) - 4) * 0.03;
                boolean wasReached = s.reachedSeeds().getOrDefault(rule, List.of()).contains(e.getKey());
                (wasReached ? reached : censored).add(i + jitter, e.getValue());
            }
        }
        data.addSeries(reached);
        data.addSeries(censored);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, Plots.WEAK);
        r.setSeriesPaint(1, Plots.STRONG);
        r.setSeriesShape(1, new java.awt.Polygon(new int[] {-4, 4, 0}, new int[] {4, 4, -4}, 3));
        r.setSeriesShapesFilled(1, false);
        SymbolAxis x = new SymbolAxis("rule", s.rules().toArray(String[]::new));
        NumberAxis y = new NumberAxis("trials to criterion");
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart("Trials to criterion", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    // ---------------------------------------------------------------- single run

    public static void writeRun(Path file, String title, Map<String, Object> config, RunSummary summary, List<MetricsRow> rows,
                                double criterion, double[] w, byte[] strong, double theta) throws IOException {
        StringBuilder h = new StringBuilder();
        head(h, title);
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        Long ttc = summary.trialsToCriterion();
        h.append(String.format(Locale.ROOT, "<p class=\"headline\">%s; final performance %.3f after %s training trials.</p>%n",
                ttc == null ? "The criterion (" + criterion + ") was not reached" : "Reached the criterion (" + criterion + ") after <b>"
                        + String.format(Locale.ROOT, "%,d", ttc) + "</b> training trials",
                summary.finalPerformance(), String.format(Locale.ROOT, "%,d", summary.trials())));
        h.append(figure(Plots.learningCurve(rows, criterion), "learning-curve", null));
        h.append("<h2>Structure of the trained recurrent matrix</h2>\n<table><tr><th>metric</th><th>value</th><th>reference</th></tr>\n");
        for (Map.Entry<String, Double> e : summary.structure().entrySet()) {
            h.append("<tr><td>").append(e.getKey().replace('_', ' ')).append("</td><td>")
                    .append(e.getValue() == null ? "" : String.format(Locale.ROOT, "%.4g", e.getValue()))
                    .append("</td><td>").append(esc(StructureMetrics.reference(e.getKey()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        h.append(figure(Plots.weightHistograms(w, strong, theta), "weights", null));
        h.append(figure(Plots.structureOverTraining(rows), "structure", null));
        configuration(h, config, null);
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    // ---------------------------------------------------------------- pieces

    private static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>\n"
                + "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222}\n"
                + "h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n"
                + ".headline{font-size:1.15em;background:#f4f7fb;border-left:4px solid #1f77b4;padding:.6em .9em}\n"
                + ".sub{color:#555} table{border-collapse:collapse;margin:1em 0} td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}\n"
                + "td:first-child,th:first-child{text-align:left} td.sig{background:#e6f4e6;font-weight:bold} figure{margin:1em 0}\n"
                + "figcaption{color:#555;font-size:.9em} svg{max-width:100%;height:auto}\n</style></head><body>\n");
    }

    private static String figure(JFreeChart chart, String id, String caption) {
        return figure(new Figure(List.of(chart), 900, 460), id, caption);
    }

    private static String figure(Figure f, String id, String caption) {
        return "<figure>" + f.svgElement(id) + (caption == null ? "" : "<figcaption>" + esc(caption) + "</figcaption>") + "</figure>\n";
    }

    private static void configuration(StringBuilder h, Map<String, Object> config, Provenance provenance) {
        h.append("<h2>Configuration</h2>\n<table><tr><th>key</th><th>value</th></tr>\n");
        for (Map.Entry<String, Object> e : config.entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        for (Map.Entry<String, String> e : (provenance == null ? Map.<String, String>of() : provenance.rows()).entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String meanSem(Describe d, String fmt) {
        if (d.n() == 0) return "&ndash;";
        return String.format(Locale.ROOT, fmt, d.mean()) + (Double.isNaN(d.sem()) ? "" : " &plusmn; " + String.format(Locale.ROOT, fmt, d.sem()));
    }

    private static String num(double v, String fmt) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, fmt, v);
    }

    private static String p(double v) {
        if (Double.isNaN(v)) return "&ndash;";
        return v < 0.001 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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
