package org.psrnn.train;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.PlasticitySummary;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.results.RunSummary;

/** summary.json's content for a run that has ended: its headline numbers, the structure of its final W, its plasticity. */
final class RunSummaries {
    private RunSummaries() {}

    /**
     * The summary of the run {@code config} that ended as {@code result}, its final W measured as
     * {@code structure}, its evaluations {@code rows} (for the plasticity), its final network's
     * {@code psychometric} curve (null: none), on {@code engine}; {@code diverged} says where it
     * diverged (null if it did not).
     */
    static RunSummary of(RunConfig config, Trainer.Result result, StructureMetrics structure, List<MetricsRow> rows,
                         PsychometricCurve psychometric, String engine, String fingerprint, String diverged) {
        var ttc = result.criterion().trialsToCriterion();
        Map<String, Double> st = new LinkedHashMap<>();
        double[] values = structure.values();
        for (int i = 0; i < values.length; i++) st.put(StructureMetrics.NAMES[i], Double.isNaN(values[i]) ? null : values[i]);
        return new RunSummary(config.task(), config.rule().key(), config.model().seed(), engine, ttc.isPresent(),
                ttc.isPresent() ? ttc.getAsLong() : null, result.criterion().threshold(), result.iterations(), result.last().trials(),
                result.last().performance(), result.last().evalLoss(), result.last().seconds(), st, PlasticitySummary.of(rows),
                psychometric, result.ending(), Instant.now().toString(), fingerprint, diverged);
    }
}
