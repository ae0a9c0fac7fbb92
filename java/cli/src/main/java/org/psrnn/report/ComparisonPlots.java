package org.psrnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
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
import org.psrnn.results.Metric;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.train.Comparison;
import org.psrnn.train.ComparisonSummary;

/**
 * The comparison's figures, one colour per rule: the learning curves, the trials to criterion of
 * every seed, the STRONG-set overlap and Hebbian alignment over training, and the psychometric
 * curves where the task has one.
 */
final class ComparisonPlots {
    private static final Color[] RULE_COLORS = {new Color(0x333333), Plots.STRONG, Plots.WEAK, new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e)};

    private ComparisonPlots() {}

    /** Mean performance (band: s.e.m.) against trials, per rule, over the seeds evaluated at each iteration. */
    static JFreeChart learningCurves(List<Comparison.Finished> runs, List<String> rules, double criterion) {
        JFreeChart chart = overTraining("Learning curves", "performance (held-out)", runs, rules, MetricsRow::performance);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(criterion, new Color(0x2ca02c), new BasicStroke(1f)));
        return chart;
    }

    /**
     * Each rule's mean over seeds of the STRONG set's Jaccard overlap with the initial one and of the
     * Hebbian term's cosine with {@code -G}, against trials (band: s.e.m.; chance cosine 0 marked),
     * from the evaluations that measured them.
     */
    static Figure plasticity(List<Comparison.Finished> runs, List<String> rules) {
        JFreeChart jaccard = overTraining("STRONG set vs initial", "Jaccard with initial STRONG set", runs, rules,
                r -> r.measured().turnover().jaccardInitial());
        ((NumberAxis) jaccard.getXYPlot().getRangeAxis()).setRange(-0.02, 1.02);
        JFreeChart cosine = overTraining("Hebbian term vs task gradient", "cosine(H, -G) on WEAK synapses", runs, rules,
                r -> r.measured().alignment().cosine());
        ((NumberAxis) cosine.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
        cosine.getXYPlot().addRangeMarker(new org.jfree.chart.plot.ValueMarker(0, new Color(0xbbbbbb), new BasicStroke(1f)));
        return new Figure(List.of(jaccard, cosine), 560, 420);
    }

    /** The mean of {@code y} over seeds (band: s.e.m.) against trials, one line per rule; evaluations that miss it are left out. */
    private static JFreeChart overTraining(String title, String yLabel, List<Comparison.Finished> runs, List<String> rules,
                                           java.util.function.ToDoubleFunction<MetricsRow> y) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String rule : rules) {
            List<List<MetricsRow>> mine = runs.stream().filter(f -> f.job().rule().equals(rule)).map(Comparison.Finished::rows).toList();
            data.addSeries(TrainingSeries.meanOf(rule, mine, y));
        }
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = whitePlot(data, new NumberAxis("training trials"), yAxis, ruleBands(rules.size(), false));
        plot.setNoDataMessage("not measured");
        return whiteChart(title, plot);
    }

    /** One translucent band per rule, in the rule's colour; {@code shapes}: a marker at each point too. */
    private static DeviationRenderer ruleBands(int rules, boolean shapes) {
        DeviationRenderer r = new DeviationRenderer(true, shapes);
        for (int i = 0; i < rules; i++) {
            Color c = RULE_COLORS[i % RULE_COLORS.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        r.setAlpha(0.2f);
        return r;
    }

    /** A plot on white with light grid lines, as every figure of the report. */
    private static XYPlot whitePlot(org.jfree.data.xy.XYDataset data, NumberAxis x, NumberAxis y,
                                    org.jfree.chart.renderer.xy.XYItemRenderer r) {
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return plot;
    }

    private static JFreeChart whiteChart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * The psychometric curve per rule: at each value, the mean over seeds of the share choosing the
     * positive option (band: s.e.m.); null where no run has a curve.
     */
    static JFreeChart psychometricCurves(List<Comparison.Finished> runs, List<String> rules) {
        PsychometricCurve any = runs.stream().map(f -> f.summary().psychometric()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (any == null) return null;
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String rule : rules) {
            TreeMap<Double, List<Double>> byValue = new TreeMap<>();
            for (Comparison.Finished f : runs) {
                if (!f.job().rule().equals(rule) || f.summary().psychometric() == null) continue;
                for (PsychometricCurve.Point p : f.summary().psychometric().points()) {
                    if (p.positiveFraction() != null) byValue.computeIfAbsent(p.x(), k -> new ArrayList<>()).add(p.positiveFraction());
                }
            }
            YIntervalSeries series = new YIntervalSeries(rule);
            for (Map.Entry<Double, List<Double>> e : byValue.entrySet()) {
                Describe d = Describe.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                double sem = Double.isNaN(d.sem()) ? 0 : d.sem();
                series.add(e.getKey(), d.mean(), d.mean() - sem, d.mean() + sem);
            }
            data.addSeries(series);
        }
        NumberAxis y = new NumberAxis("share choosing " + any.choice());
        y.setRange(-0.02, 1.02);
        NumberAxis x = new NumberAxis(any.axisLabel());
        x.setAutoRangeIncludesZero(false);
        XYPlot plot = whitePlot(data, x, y, ruleBands(rules.size(), true));
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(0.5, new Color(0xbbbbbb), new BasicStroke(1f)));
        return whiteChart("Psychometric curves", plot);
    }

    /** Trials to criterion per seed, one column per rule; censored runs as open triangles. */
    static JFreeChart ttcStrip(ComparisonSummary s) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries reached = new XYSeries("reached", false, true), censored = new XYSeries("never reached (drawn at trials trained)", false, true);
        for (int i = 0; i < s.rules().size(); i++) {
            String rule = s.rules().get(i);
            Map<Long, Double> v = s.of(rule).perSeed().get(Metric.TRIALS_TO_CRITERION);
            int k = 0;
            for (Map.Entry<Long, Double> e : v.entrySet()) {
                double jitter = ((k++ % 9) - 4) * 0.03;
                boolean wasReached = s.of(rule).reachedSeeds().contains(e.getKey());
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
        return whiteChart("Trials to criterion", plot);
    }
}
