package org.psrnn.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.YIntervalSeries;
import org.psrnn.analysis.Describe;
import org.psrnn.results.MetricsRow;

/**
 * A metric of metrics.csv against training trials, as a series to plot: the evaluations where the
 * metric is missing (NaN, an empty cell: the first evaluation's {@code jaccard_previous}, the
 * alignment of a rule without WEAK synapses, any measured column of an older file) are left out,
 * the others keep their trials as x.
 */
final class TrainingSeries {
    private TrainingSeries() {}

    /** {@code y} of each of {@code rows} where it is defined, at its trials. */
    static XYSeries of(String name, List<MetricsRow> rows, ToDoubleFunction<MetricsRow> y) {
        XYSeries s = new XYSeries(name, false, true);
        for (MetricsRow r : rows) {
            double v = y.applyAsDouble(r);
            if (Double.isFinite(v)) s.add(r.trials(), v);
        }
        return s;
    }

    /**
     * The mean of {@code y} over {@code runs} at each trials where any of them defines it, the band
     * one s.e.m. either side (none where a single run defines it).
     */
    static YIntervalSeries meanOf(String name, List<List<MetricsRow>> runs, ToDoubleFunction<MetricsRow> y) {
        TreeMap<Long, List<Double>> byTrials = new TreeMap<>();
        for (List<MetricsRow> rows : runs) {
            for (MetricsRow r : rows) {
                double v = y.applyAsDouble(r);
                if (Double.isFinite(v)) byTrials.computeIfAbsent(r.trials(), k -> new ArrayList<>()).add(v);
            }
        }
        YIntervalSeries series = new YIntervalSeries(name);
        for (Map.Entry<Long, List<Double>> e : byTrials.entrySet()) {
            Describe d = Describe.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            double sem = Double.isNaN(d.sem()) ? 0 : d.sem();
            series.add(e.getKey(), d.mean(), d.mean() - sem, d.mean() + sem);
        }
        return series;
    }
}
