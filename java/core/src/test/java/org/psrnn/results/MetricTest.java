package org.psrnn.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.psrnn.analysis.StructureMetrics;

/**
 * The metrics a comparison reports: the structure metrics are MODEL.md's and the plasticity ones
 * summary.json's, by the names the files use.
 */
class MetricTest {
    @Test
    void theStructureMetricsAreStructureMetricsNamesInOrder() {
        List<String> structural = Arrays.stream(Metric.values()).filter(Metric::structural).map(Metric::key).toList();
        assertEquals(List.of(StructureMetrics.NAMES), structural);
        assertEquals(List.of(PlasticitySummary.NAMES), Arrays.stream(Metric.values()).filter(Metric::plasticity).map(Metric::key).toList());
        assertEquals(List.of("psychometric_bias", "psychometric_threshold", "psychometric_slope"),
                Arrays.stream(Metric.values()).filter(Metric::psychometric).map(Metric::key).toList());
        assertEquals(List.of("trials_to_criterion", "final_performance"),
                Arrays.stream(Metric.values()).filter(m -> !m.structural() && !m.plasticity() && !m.psychometric()).map(Metric::key).toList());
    }

    @Test
    void aRunGivesEachMetricACensoredRunItsBudget() {
        RunSummary reached = new RunSummary("GoNogo", "bp", 1, "cpu", true, 640L, 0.9, 100, 3200, 0.95, 0.1, 2,
                Map.of("antisymmetry", 0.4), Map.of("hebb_grad_cosine_mean", 0.25), Ending.COMPLETED, "now", "", null);
        RunSummary never = new RunSummary("GoNogo", "bp", 2, "cpu", false, null, 0.9, 100, 3200, 0.6, 0.5, 2,
                Map.of(), Map.of(), Ending.COMPLETED, "now", "", null);
        assertEquals(640, Metric.TRIALS_TO_CRITERION.of(reached, 3200));
        assertEquals(3200, Metric.TRIALS_TO_CRITERION.of(never, 3200));
        assertEquals(0.6, Metric.FINAL_PERFORMANCE.of(never, 3200));
        assertEquals(0.4, Metric.ANTISYMMETRY.of(reached, 3200));
        assertTrue(Double.isNaN(Metric.NON_NORMALITY.of(reached, 3200)), "not recorded: undefined");
        assertEquals(Metric.BIMODALITY_LOG_ABS, Metric.of("bimodality_log_abs"));
        assertEquals(0.25, Metric.HEBB_GRAD_COSINE_MEAN.of(reached, 3200), "read from the plasticity section");
        assertTrue(Double.isNaN(Metric.HEBB_GRAD_COSINE_MEAN.of(never, 3200)), "a summary from before plasticity was measured");
        assertTrue(Double.isNaN(Metric.PSYCHOMETRIC_THRESHOLD.of(reached, 3200)), "a task without a psychometric curve");
        PsychometricCurve curve = new PsychometricCurve("f1 - f2", "Hz", "action 1: f1 > f2", java.util.List.of(), -0.5, 2.2, 0.125);
        RunSummary dc = new RunSummary("DelayComparison", "bp", 1, "cpu", true, 640L, 0.9, 100, 3200, 0.95, 0.1, 2, Map.of(), Map.of(), curve,
                Ending.COMPLETED, "now", "", null);
        assertEquals(-0.5, Metric.PSYCHOMETRIC_BIAS.of(dc, 3200));
        assertEquals(2.2, Metric.PSYCHOMETRIC_THRESHOLD.of(dc, 3200));
        assertEquals(0.125, Metric.PSYCHOMETRIC_SLOPE.of(dc, 3200));
    }
}
