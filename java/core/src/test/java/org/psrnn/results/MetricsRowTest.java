package org.psrnn.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.psrnn.analysis.EvaluationMetrics;

/** metrics.csv rows: the measured columns round-trip, and a file from before them still reads. */
class MetricsRowTest {
    private static EvaluationMetrics measured() {
        double[] v = new double[EvaluationMetrics.NAMES.length];
        for (int i = 0; i < v.length; i++) v[i] = 0.125 * (i + 1);
        v[Arrays.asList(EvaluationMetrics.NAMES).indexOf("weak_above_theta")] = 17;
        v[Arrays.asList(EvaluationMetrics.NAMES).indexOf("rank_90")] = 5;
        v[Arrays.asList(EvaluationMetrics.NAMES).indexOf("rank_90_change")] = 2;
        v[Arrays.asList(EvaluationMetrics.NAMES).indexOf("jaccard_previous")] = Double.NaN;
        return EvaluationMetrics.fromValues(v);
    }

    @Test
    void aRowRoundTripsWithTheWallClockLastAndCountsAsIntegers() {
        MetricsRow row = new MetricsRow(50, 1600, 0.5, 0.25, 0.75, 0.23, 3, 4, 0.5, 1.5, measured(), 12.345);
        String line = row.toCsv();
        List<String> header = List.of(MetricsRow.HEADER.split(","));
        String[] cells = line.split(",", -1);
        assertEquals(header.size(), cells.length);
        assertEquals("seconds", header.get(header.size() - 1));
        assertEquals("12.345", cells[cells.length - 1]);
        assertEquals("17", cells[header.indexOf("weak_above_theta")]);
        assertEquals("5", cells[header.indexOf("rank_90")]);
        assertEquals("", cells[header.indexOf("jaccard_previous")], "undefined: empty");
        assertEquals(row.toString(), MetricsRow.parse(line).toString()); // NaN != NaN for record equals
        assertEquals(line, MetricsRow.parse(line).toCsv());
    }

    @Test
    void aRowOfAFileWithTheOldHeaderReadsWithNothingMeasured() {
        assertTrue(MetricsRow.isHeader(MetricsRow.OLD_HEADER) && MetricsRow.isHeader(MetricsRow.HEADER));
        assertFalse(MetricsRow.isHeader("iteration,trials"));
        MetricsRow old = MetricsRow.parse("25,800,0.61,0.58,0.5,0.2265625,12,9,0.49,0.8,3.250");
        assertEquals(25, old.iteration());
        assertEquals(0.8, old.gradNorm());
        assertEquals(3.25, old.seconds());
        assertTrue(Arrays.stream(old.measured().values()).allMatch(Double::isNaN));
        assertThrows(IllegalArgumentException.class, () -> MetricsRow.parse("1,2,3"));
    }

    @Test
    void evaluationMetricsNamesMatchTheirValues() {
        assertEquals(EvaluationMetrics.NAMES.length, measured().values().length);
        assertEquals(Arrays.toString(measured().values()), Arrays.toString(EvaluationMetrics.fromValues(measured().values()).values()));
    }
}
