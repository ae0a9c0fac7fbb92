package org.psrnn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.psrnn.analysis.Describe;
import org.psrnn.io.AtomicFiles;
import org.psrnn.results.Metric;
import org.psrnn.results.PairTest;
import org.psrnn.results.Provenance;
import org.psrnn.results.RuleStatistics;

/**
 * A comparison's summary.json: what it found ({@link ComparisonSummary}), the configuration its
 * runs share, the learning-rate search when there was one, and where it came from. Undefined
 * numbers are written as null.
 */
public final class ComparisonJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonJson() {}

    /** Writes {@code file}; {@code shared} is any run's configuration (its rule and seed are left out), {@code search} may be null. */
    public static void write(Path file, ComparisonSummary s, RunConfig shared, LearningRateSearch.Result search, Provenance provenance)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", s.task());
        root.set("rules", JSON.valueToTree(s.rules()));
        root.set("seeds", JSON.valueToTree(s.seeds()));
        root.put("criterion", s.criterion());
        ObjectNode byRule = root.putObject("by_rule");
        for (String rule : s.rules()) byRule.set(rule, rule(s.of(rule)));
        ArrayNode tests = root.putArray("tests");
        for (PairTest t : s.tests()) {
            ObjectNode x = tests.addObject();
            x.put("a", t.a());
            x.put("b", t.b());
            x.put("metric", t.metric().key());
            x.put("n", t.n());
            number(x, "mean_difference_a_minus_b", t.meanDifference());
            number(x, "wilcoxon_statistic", t.wilcoxon().statistic());
            number(x, "p_wilcoxon", t.wilcoxon().pValue());
            x.put("wilcoxon_method", t.wilcoxon().method());
            number(x, "p_permutation", t.permutationP());
        }
        root.set("config", JSON.valueToTree(sharedConfig(shared)));
        if (search != null) root.set("lr_search", JSON.valueToTree(search));
        root.set("provenance", JSON.valueToTree(provenance));
        AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    /** What every run of a comparison shares: {@code run}'s configuration without its rule and seed. */
    public static Map<String, Object> sharedConfig(RunConfig run) {
        Map<String, Object> config = new LinkedHashMap<>(run.toMap());
        config.remove("rule");
        config.remove("seed");
        return config;
    }

    private static ObjectNode rule(RuleStatistics r) {
        ObjectNode node = JSON.createObjectNode();
        for (Map.Entry<Metric, Describe> e : r.describe().entrySet()) {
            ObjectNode d = node.putObject(e.getKey().key());
            d.put("n", e.getValue().n());
            number(d, "mean", e.getValue().mean());
            number(d, "sem", e.getValue().sem());
            number(d, "median", e.getValue().median());
            if (e.getKey() == Metric.TRIALS_TO_CRITERION) {
                d.put("reached", r.reached());
                d.put("censored", r.censored());
                d.put("diverged", r.diverged());
            }
        }
        ObjectNode perSeed = node.putObject("per_seed");
        for (Map.Entry<Metric, Map<Long, Double>> e : r.perSeed().entrySet()) {
            ObjectNode bySeed = perSeed.putObject(e.getKey().key());
            e.getValue().forEach((seed, v) -> bySeed.put(Long.toString(seed), v));
        }
        return node;
    }

    private static void number(ObjectNode node, String key, double v) {
        if (Double.isNaN(v)) node.putNull(key);
        else node.put(key, v);
    }
}
