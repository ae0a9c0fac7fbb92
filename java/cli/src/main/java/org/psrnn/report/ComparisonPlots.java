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
import org.psrnn.train.Comparison;
import org.psrnn.train.ComparisonSummary;

/** The comparison's figures, one colour per rule: the learning curves and the trials to criterion of every seed. */
final class ComparisonPlots {
    private static final Color[] RULE_COLORS = {new Color(0x333333), Plots.STRONG, Plots.WEAK, new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e)};

    private ComparisonPlots() {}

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
        JFreeChart chart = new JFreeChart("Trials to criterion", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
