package org.psrnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.YIntervalSeries;
import org.junit.jupiter.api.Test;
import org.psrnn.analysis.EvaluationMetrics;
import org.psrnn.results.MetricsRow;

/** The series the plots draw from metrics.csv: missing values left out, the others at their trials. */
class TrainingSeriesTest {
    private static final double NAN = Double.NaN;

    /** An evaluation at {@code trials} whose measured columns are {@code jaccardPrevious} and {@code cosine}, the rest NaN. */
    private static MetricsRow row(long trials, double jaccardPrevious, double cosine) {
        double[] v = new double[EvaluationMetrics.NAMES.length];
        Arrays.fill(v, NAN);
        v[Arrays.asList(EvaluationMetrics.NAMES).indexOf("jaccard_previous")] = jaccardPrevious;
        v[Arrays.asList(EvaluationMetrics.NAMES).indexOf("hebb_grad_cosine")] = cosine;
        return new MetricsRow(trials / 8, trials, NAN, 1.0, 0.5, 0.25, 0, 0, 0.5, NAN, EvaluationMetrics.fromValues(v), 0.0);
    }

    private static double[][] points(XYSeries s) {
        double[][] p = new double[s.getItemCount()][];
        for (int i = 0; i < p.length; i++) p[i] = new double[] {s.getX(i).doubleValue(), s.getY(i).doubleValue()};
        return p;
    }

    @Test
    void missingValuesAreSkippedAndTheOthersKeepTheirTrials() {
        List<MetricsRow> rows = List.of(row(0, NAN, 0.1), row(80, 0.9, NAN), row(160, 0.7, -0.2), row(240, Double.POSITIVE_INFINITY, 0.3));
        XYSeries jaccard = TrainingSeries.of("jaccard", rows, r -> r.measured().turnover().jaccardPrevious());
        assertEquals("jaccard", jaccard.getKey());
        assertTrue(Arrays.deepEquals(new double[][] {{80, 0.9}, {160, 0.7}}, points(jaccard)), Arrays.deepToString(points(jaccard)));
        XYSeries cosine = TrainingSeries.of("cosine", rows, r -> r.measured().alignment().cosine());
        assertTrue(Arrays.deepEquals(new double[][] {{0, 0.1}, {160, -0.2}, {240, 0.3}}, points(cosine)), Arrays.deepToString(points(cosine)));
        // A file from before the measured columns: nothing to draw, and no error.
        assertEquals(0, TrainingSeries.of("none", List.of(row(0, NAN, NAN)), r -> r.measured().weak().meanAbs()).getItemCount());
    }

    @Test
    void theMeanOverRunsTakesAtEachTrialsTheRunsThatDefineIt() {
        List<List<MetricsRow>> runs = List.of(List.of(row(0, NAN, 0.2), row(80, 0.5, 0.4)), List.of(row(0, NAN, 0.4), row(80, NAN, NAN)));
        YIntervalSeries cosine = TrainingSeries.meanOf("cosine", runs, r -> r.measured().alignment().cosine());
        assertEquals(2, cosine.getItemCount());
        assertEquals(0, cosine.getX(0).doubleValue());
        assertEquals(0.3, cosine.getYValue(0), 1e-12);
        assertEquals(0.1, cosine.getYHighValue(0) - cosine.getYValue(0), 1e-12, "s.e.m. of {0.2, 0.4}");
        assertEquals(80, cosine.getX(1).doubleValue());
        assertEquals(0.4, cosine.getYValue(1), 1e-12, "only the run that measured it");
        assertEquals(0.4, cosine.getYLowValue(1), 1e-12, "no band from one run");
        YIntervalSeries jaccard = TrainingSeries.meanOf("jaccard", runs, r -> r.measured().turnover().jaccardPrevious());
        assertEquals(1, jaccard.getItemCount());
        assertEquals(80, jaccard.getX(0).doubleValue());
    }

    /** The plasticity figure draws each of its series by name, and draws rows that measured nothing too. */
    @Test
    void thePlasticityFigureNamesItsSeries() {
        List<MetricsRow> rows = List.of(row(0, NAN, 0.1), row(80, 0.9, 0.05));
        String svg = Plots.plasticity(rows, 0.05, "GoNogo, rule switch, seed 1").svg();
        for (String name : new String[] {"Jaccard with previous STRONG set", "Jaccard with initial STRONG set", "ever strong fraction",
            "strong fraction", "cosine(H, -G)", "sign agreement(H, -G)", "WEAK |W| mean", "WEAK |W| 99th percentile", "theta",
            "chance: sign agreement 0.5", "GoNogo, rule switch, seed 1"}) {
            assertTrue(svg.contains(name.replace("&", "&amp;").replace(">", "&gt;")), name);
        }
        byte[] none = Plots.plasticity(List.of(row(0, NAN, NAN)), NAN).svg().getBytes(StandardCharsets.UTF_8);
        assertTrue(new String(none, StandardCharsets.UTF_8).contains("not measured"));
    }
}
