package org.psrnn.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.psrnn.analysis.EvaluationMetrics;
import org.psrnn.analysis.HebbianAlignment;
import org.psrnn.analysis.Ranks;
import org.psrnn.analysis.Turnover;
import org.psrnn.analysis.WeakGrowth;

/** summary.json's plasticity from evaluations worked out by hand. */
class PlasticitySummaryTest {
    private static MetricsRow row(long iteration, Turnover t, HebbianAlignment a) {
        Ranks none = new Ranks(Double.NaN, Double.NaN, Double.NaN);
        return new MetricsRow(iteration, iteration * 8, 0, 0, 0, 0.25, 0, 0, 0.5, 0,
                new EvaluationMetrics(t, a, new WeakGrowth(0.1, 0.2, 0), none, none), 1.0);
    }

    @Test
    void lastTurnoverAndMeansOverTheEvaluationsWhereDefined() {
        List<MetricsRow> rows = List.of(
                row(0, new Turnover(0.25, Double.NaN, 1.0), new HebbianAlignment(0.5, 0.75)),
                row(10, new Turnover(0.375, 0.5, 0.5), new HebbianAlignment(Double.NaN, Double.NaN)),
                row(20, new Turnover(0.5, 0.75, 0.25), new HebbianAlignment(0.1, 0.25)));
        Map<String, Double> p = PlasticitySummary.of(rows);
        assertEquals(List.of(PlasticitySummary.NAMES), List.copyOf(p.keySet()));
        assertEquals(0.5, p.get("ever_strong_fraction"));
        assertEquals(0.25, p.get("jaccard_initial"));
        assertEquals(0.625, p.get("jaccard_previous_mean"), 1e-15, "the first evaluation has no previous");
        assertEquals(0.3, p.get("hebb_grad_cosine_mean"), 1e-15);
        assertEquals(0.5, p.get("hebb_grad_sign_agreement_mean"), 1e-15);
    }

    @Test
    void nothingMeasuredIsNull() {
        Map<String, Double> p = PlasticitySummary.of(List.of(MetricsRow.parse("0,0,,1.0,0.5,0.25,0,0,0.5,,0.100")));
        for (String name : PlasticitySummary.NAMES) assertNull(p.get(name), name);
        assertNull(PlasticitySummary.of(List.of()).get("ever_strong_fraction"));
    }
}
