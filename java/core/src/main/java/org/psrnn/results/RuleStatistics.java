package org.psrnn.results;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.analysis.Describe;

/**
 * One rule's runs in a comparison: every metric described over seeds (trials to criterion over
 * the runs that reached it only), how many reached the criterion, never did, or diverged, and each
 * seed's value of each metric (a censored run at its whole budget).
 *
 * @param rule         the rule
 * @param describe     mean, s.e.m. and median of each metric, in {@link Metric} order
 * @param reached      runs that reached the criterion
 * @param censored     runs that never did (their trials to criterion enter the tests as the budget)
 * @param diverged     runs that diverged (reached or not)
 * @param perSeed      metric -> seed -> value, seeds in comparison order
 * @param reachedSeeds the seeds whose run reached the criterion
 */
public record RuleStatistics(String rule, Map<Metric, Describe> describe, int reached, int censored, int diverged,
                             Map<Metric, Map<Long, Double>> perSeed, List<Long> reachedSeeds) {

    public RuleStatistics {
        EnumMap<Metric, Describe> described = new EnumMap<>(Metric.class);
        described.putAll(describe);
        describe = Collections.unmodifiableMap(described);
        EnumMap<Metric, Map<Long, Double>> bySeed = new EnumMap<>(Metric.class);
        perSeed.forEach((m, v) -> bySeed.put(m, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        perSeed = Collections.unmodifiableMap(bySeed);
        reachedSeeds = List.copyOf(reachedSeeds);
    }

    /** The description of {@code metric}. */
    public Describe of(Metric metric) {
        return describe.get(metric);
    }

    /** Runs in all. */
    public int runs() {
        return reached + censored;
    }
}
