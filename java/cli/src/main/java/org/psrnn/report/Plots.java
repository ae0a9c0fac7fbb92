package org.psrnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.psrnn.analysis.Structure;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.PsychometricCurve;

/**
 * The plots of a run: learning curve, |W| histograms, strong fraction, antisymmetry and rank over
 * training, the plasticity over training (STRONG-set turnover, the Hebbian term's alignment with the
 * task gradient, WEAK growth), and the psychometric curve where the task has one.
 */
public final class Plots {
    public static final Color WEAK = new Color(0x1f77b4);
    public static final Color STRONG = new Color(0xd62728);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Plots() {}

    /**
     * Every plot of a run into {@code folder}: {@code learning_curve}, {@code weights}, {@code structure},
     * {@code plasticity} (.png and .svg), each subtitled with {@code subject} (task, rule and seed), so that a plot
     * copied out of its folder still says which run it shows.
     */
    public static void drawAll(Path folder, List<MetricsRow> rows, double criterion, double[] w, byte[] strong, double theta,
                               String subject) throws IOException {
        drawAll(folder, rows, criterion, w, strong, theta, null, subject);
    }

    /** As above, and {@code psychometric} (the run's curve; null: none, and no such plot) as {@code psychometric}. */
    public static void drawAll(Path folder, List<MetricsRow> rows, double criterion, double[] w, byte[] strong, double theta,
                               PsychometricCurve psychometric, String subject) throws IOException {
        java.nio.file.Files.createDirectories(folder);
        learningCurve(rows, criterion, subject).save(folder, "learning_curve");
        weightHistograms(w, strong, theta, subject).save(folder, "weights");
        structureOverTraining(rows, subject).save(folder, "structure");
        plasticity(rows, theta, subject).save(folder, "plasticity");
        if (psychometric != null) psychometric(psychometric, subject).save(folder, "psychometric");
    }

    /**
     * The psychometric curve: the share of the positive choice among the trials that chose at each
     * value (points), the fitted logistic (line), and the share that chose neither where any did.
     */
    public static Figure psychometric(PsychometricCurve curve, String subject) {
        XYSeries points = new XYSeries("choices", false, true), neither = new XYSeries("chose neither", false, true);
        XYSeries fitted = new XYSeries(curve.bias() == null ? "no fit (choices of one kind only)" : "logistic fit", false, true);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        boolean anyNeither = false;
        for (PsychometricCurve.Point p : curve.points()) {
            if (p.positiveFraction() != null) points.add(p.x(), p.positiveFraction());
            neither.add(p.x(), p.neitherFraction());
            anyNeither |= p.neither() > 0;
            lo = Math.min(lo, p.x());
            hi = Math.max(hi, p.x());
        }
        if (curve.bias() != null && hi > lo) {
            int samples = 200;
            for (int i = 0; i <= samples; i++) {
                double x = lo + (hi - lo) * i / samples;
                fitted.add(x, curve.fitted(x));
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(fitted);
        if (anyNeither) data.addSeries(neither);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesPaint(0, WEAK);
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesPaint(1, STRONG);
        r.setSeriesStroke(1, new BasicStroke(1.8f));
        r.setSeriesLinesVisible(2, false);
        r.setSeriesShapesVisible(2, true);
        r.setSeriesPaint(2, new Color(0x999999));
        NumberAxis y = new NumberAxis("share choosing " + curve.choice());
        y.setRange(-0.02, 1.02);
        NumberAxis x = new NumberAxis(curve.axisLabel());
        x.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.addRangeMarker(new ValueMarker(0.5, new Color(0xbbbbbb), new BasicStroke(1f)));
        JFreeChart chart = new JFreeChart("Psychometric curve", TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(fitText(curve), SUBTITLE));
        return new Figure(List.of(subtitled(chart, subject)), 720, 480);
    }

    /** The fit in one line: "bias 0.31 %, threshold 4.52 %, slope 0.0553 per %", or why there is none. */
    public static String fitText(PsychometricCurve curve) {
        if (curve.bias() == null) return "no fit: the choices do not determine a curve (all of one kind, or at fewer than two values)";
        String u = curve.unit();
        return String.format(java.util.Locale.ROOT, "bias %.3g %s, threshold %.3g %s, slope %.3g per %s", curve.bias(), u,
                curve.threshold(), u, curve.slope(), u);
    }

    private static XYSeries series(String name, List<MetricsRow> rows, java.util.function.ToDoubleFunction<MetricsRow> y) {
        return TrainingSeries.of(name, rows, y);
    }

    private static XYPlot linePlot(String yLabel, XYSeries... series) {
        return linePlot(yLabel, new Color[] {new Color(0x333333), new Color(0xff7f0e), WEAK, STRONG}, series);
    }

    private static XYPlot linePlot(String yLabel, Color[] colors, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) data.addSeries(s);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.length; i++) {
            r.setSeriesPaint(i, colors[i % colors.length]);
            r.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        NumberAxis axis = new NumberAxis(yLabel);
        axis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, axis, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return plot;
    }

    private static JFreeChart stacked(String title, String subject, XYPlot... plots) {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("training trials"));
        combined.setGap(12);
        for (XYPlot p : plots) combined.add(p, 1);
        JFreeChart chart = new JFreeChart(title, TITLE, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        return subtitled(chart, subject);
    }

    /** {@code chart} with {@code subject} under its title (null: none). */
    private static JFreeChart subtitled(JFreeChart chart, String subject) {
        if (subject != null) chart.addSubtitle(0, new TextTitle(subject, SUBTITLE));
        return chart;
    }

    /** Loss (training and held-out) and performance against training trials, with the criterion. */
    public static Figure learningCurve(List<MetricsRow> rows, double criterion) {
        return learningCurve(rows, criterion, null);
    }

    /** As above, subtitled with {@code subject} (null: none). */
    public static Figure learningCurve(List<MetricsRow> rows, double criterion, String subject) {
        XYPlot loss = linePlot("loss", series("training loss", rows, MetricsRow::loss), series("held-out loss", rows, MetricsRow::evalLoss));
        XYPlot perf = linePlot("performance", new Color[] {WEAK}, series("performance", rows, MetricsRow::performance));
        ((NumberAxis) perf.getRangeAxis()).setRange(0.0, 1.02);
        ValueMarker m = new ValueMarker(criterion, new Color(0x2ca02c), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        m.setLabel("criterion " + criterion);
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        perf.addRangeMarker(m);
        return new Figure(List.of(stacked("Learning curve", subject, loss, perf)), 720, 520);
    }

    /** Strong fraction and antisymmetry index of W against training trials, and its effective rank where measured. */
    public static Figure structureOverTraining(List<MetricsRow> rows) {
        return structureOverTraining(rows, null);
    }

    /** As above, subtitled with {@code subject} (null: none). */
    public static Figure structureOverTraining(List<MetricsRow> rows, String subject) {
        XYPlot strong = linePlot("strong fraction", new Color[] {STRONG}, series("strong fraction", rows, MetricsRow::strongFraction));
        XYPlot anti = linePlot("antisymmetry index", new Color[] {new Color(0x9467bd)}, series("antisymmetry", rows, MetricsRow::antisymmetry));
        XYSeries rankW = series("effective rank of W", rows, r -> r.measured().rank().effectiveRank());
        XYSeries rankChange = series("effective rank of W - W_init", rows, r -> r.measured().changeRank().effectiveRank());
        if (rankW.getItemCount() + rankChange.getItemCount() == 0) { // not measured during training (N > 512, or an older file)
            return new Figure(List.of(stacked("Recurrent structure during training", subject, strong, anti)), 720, 520);
        }
        XYPlot rank = linePlot("effective rank", new Color[] {new Color(0x333333), new Color(0xff7f0e)}, rankW, rankChange);
        return new Figure(List.of(stacked("Recurrent structure during training", subject, strong, anti, rank)), 720, 680);
    }

    /** The plasticity over training of {@link #plasticity(List, double, String)}, without a subtitle. */
    public static Figure plasticity(List<MetricsRow> rows, double theta) {
        return plasticity(rows, theta, null);
    }

    /**
     * The per-evaluation plasticity metrics against training trials, in three panels: the STRONG
     * set's turnover (strong and ever-strong fraction, Jaccard overlap with the initial and the
     * previous set); the Hebbian term's alignment with {@code -G} on WEAK synapses (cosine and sign
     * agreement, chance 0 and 0.5 marked); the growth of WEAK |W| (mean and 99th percentile, theta
     * dashed where known, the count at or above theta on the right axis). Evaluations that miss a
     * metric are skipped; subtitled with {@code subject} (null: none).
     */
    public static Figure plasticity(List<MetricsRow> rows, double theta, String subject) {
        XYPlot turnover = linePlot("STRONG set", new Color[] {STRONG, new Color(0xff7f0e), new Color(0x333333), new Color(0x9467bd)},
                series("strong fraction", rows, MetricsRow::strongFraction),
                series("ever strong fraction", rows, r -> r.measured().turnover().everStrongFraction()),
                series("Jaccard with initial STRONG set", rows, r -> r.measured().turnover().jaccardInitial()),
                series("Jaccard with previous STRONG set", rows, r -> r.measured().turnover().jaccardPrevious()));
        ((NumberAxis) turnover.getRangeAxis()).setRange(-0.02, 1.02);

        XYSeries cosine = series("cosine(H, -G)", rows, r -> r.measured().alignment().cosine());
        XYSeries sign = series("sign agreement(H, -G)", rows, r -> r.measured().alignment().signAgreement());
        XYPlot alignment = linePlot("H vs -G (WEAK)", new Color[] {new Color(0x2ca02c), new Color(0x8c564b)}, cosine, sign);
        double[] span = span(0, 0.5, cosine, sign);
        double pad = 0.05 * (span[1] - span[0]);
        ((NumberAxis) alignment.getRangeAxis()).setRange(span[0] - pad, span[1] + pad);
        alignment.addRangeMarker(labelled(new ValueMarker(0, new Color(0x2ca02c), dashed()), "chance: cosine 0"));
        alignment.addRangeMarker(labelled(new ValueMarker(0.5, new Color(0x8c564b), dashed()), "chance: sign agreement 0.5"));

        XYSeries mean = series("WEAK |W| mean", rows, r -> r.measured().weak().meanAbs());
        XYSeries p99 = series("WEAK |W| 99th percentile", rows, r -> r.measured().weak().p99Abs());
        XYPlot weak = linePlot("WEAK |W|", new Color[] {WEAK, new Color(0x17becf)}, mean, p99);
        boolean thetaKnown = Double.isFinite(theta) && theta > 0;
        double[] weakSpan = span(0, thetaKnown ? theta : 0, mean, p99);
        ((NumberAxis) weak.getRangeAxis()).setRange(0, weakSpan[1] > 0 ? weakSpan[1] * 1.05 : 1);
        if (thetaKnown) weak.addRangeMarker(labelled(new ValueMarker(theta, Color.BLACK, dashed()), "theta"));
        XYSeries above = series("WEAK |W| >= theta (count, right axis)", rows, r -> r.measured().weak().aboveTheta());
        if (above.getItemCount() > 0) {
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setSeriesPaint(0, new Color(0x7f7f7f));
            r.setSeriesStroke(0, new BasicStroke(1.2f));
            NumberAxis count = new NumberAxis("WEAK >= theta");
            count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            count.setRange(0, Math.max(1, above.getMaxY()) * 1.05);
            weak.setDataset(1, new XYSeriesCollection(above));
            weak.setRenderer(1, r);
            weak.setRangeAxis(1, count);
            weak.mapDatasetToRangeAxis(1, 1);
        }
        for (XYPlot p : new XYPlot[] {turnover, alignment, weak}) p.setNoDataMessage("not measured");
        return new Figure(List.of(stacked("Plasticity during training", subject, turnover, alignment, weak)), 720, 760);
    }

    /** The smallest and largest of {@code lo}, {@code hi} and every y of {@code series}. */
    private static double[] span(double lo, double hi, XYSeries... series) {
        double min = Math.min(lo, hi), max = Math.max(lo, hi);
        for (XYSeries s : series) {
            if (s.getItemCount() == 0) continue;
            min = Math.min(min, s.getMinY());
            max = Math.max(max, s.getMaxY());
        }
        return new double[] {min, max};
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    private static ValueMarker labelled(ValueMarker m, String label) {
        m.setLabel(label);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT); // under the line, so a marker at the top keeps its label
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        return m;
    }

    /** Histograms of |W| and of log10 |W|, WEAK and STRONG synapses in their colours, theta marked. */
    public static Figure weightHistograms(double[] w, byte[] strong, double theta) {
        return weightHistograms(w, strong, theta, null);
    }

    /** As above, each panel subtitled with {@code subject} (null: none). */
    public static Figure weightHistograms(double[] w, byte[] strong, double theta, String subject) {
        List<Double> weak = new ArrayList<>(), str = new ArrayList<>();
        for (int i = 0; i < w.length; i++) (strong[i] == 1 ? str : weak).add(Math.abs(w[i]));
        double[] weakAbs = weak.stream().mapToDouble(Double::doubleValue).toArray();
        double[] strongAbs = str.stream().mapToDouble(Double::doubleValue).toArray();
        JFreeChart linear = histogram("|W|", "|W|", weakAbs, strongAbs, theta);
        JFreeChart log = histogram("log10 |W|", "log10 |W|", Structure.log10NonZero(weakAbs), Structure.log10NonZero(strongAbs),
                theta > 0 ? Math.log10(theta) : Double.NaN);
        return new Figure(List.of(subtitled(linear, subject), subtitled(log, subject)), 520, 420);
    }

    private static JFreeChart histogram(String title, String xLabel, double[] weak, double[] strong, double marker) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double[] a : new double[][] {weak, strong}) {
            for (double v : a) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) {
            min = Double.isInfinite(min) ? 0 : min - 0.5;
            max = min + 1;
        }
        HistogramDataset data = new HistogramDataset();
        int bins = 60;
        data.addSeries("WEAK (" + weak.length + ")", weak.length > 0 ? weak : new double[] {Double.NaN}, bins, min, max);
        data.addSeries("STRONG (" + strong.length + ")", strong.length > 0 ? strong : new double[] {Double.NaN}, bins, min, max);
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "synapses", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(TITLE);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setForegroundAlpha(0.65f);
        XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, WEAK);
        r.setSeriesPaint(1, STRONG);
        if (!Double.isNaN(marker)) {
            ValueMarker m = new ValueMarker(marker, Color.BLACK, new BasicStroke(1.2f));
            m.setLabel("theta");
            plot.addDomainMarker(m);
        }
        return chart;
    }
}
