package org.psrnn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.psrnn.analysis.Describe;
import org.psrnn.analysis.PairedTests;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.io.AtomicFiles;
import org.psrnn.results.Ending;
import org.psrnn.results.RunSummary;

/**
 * What a comparison found: per rule, mean, s.e.m. and median of every metric over seeds (trials
 * to criterion over the runs that reached it, with the censored ones counted), and paired tests
 * between every two rules across seeds.
 *
 * <p>In the tests, a run that never reached the criterion enters with its whole training budget
 * (iterations x batch): a lower bound of its trials to criterion, so a difference in favour of the
 * rule that reached it is, if anything, underestimated. A run that diverged before reaching it
 * enters the same way (not with the few trials it trained before it diverged), and is counted
 * in {@code diverged}; its structure metrics are those of its last finite checkpoint.
 */
public record ComparisonSummary(String task, List<String> rules, List<Long> seeds, double criterion,
                                Map<String, Map<String, Describe>> stats, Map<String, int[]> reachedCensored, Map<String, Integer> diverged,
                                List<PairTest> tests, Map<String, Map<String, Double>> perSeed,
                                Map<String, List<String>> reachedSeeds) {

    public static final String TTC = "trials_to_criterion";
    public static final String PERFORMANCE = "final_performance";
    /** The level at which reports call a difference significant. */
    public static final double ALPHA = 0.05;

    /**
     * The smallest two-sided p that either paired test can give for {@code pairs} pairs that differ,
     * from the tests themselves: every difference of one sign is as extreme as paired data gets
     * (2 / 2^n while the tests are exact). Pairs without a difference cannot lower it: Wilcoxon drops
     * them, and flipping their sign leaves the sum unchanged.
     */
    public static double smallestP(int pairs) {
        if (pairs <= 0) return 1;
        double[] x = new double[pairs], y = new double[pairs];
        for (int i = 0; i < pairs; i++) x[i] = i + 1; // distinct sizes: no ties
        return Math.min(PairedTests.wilcoxon(x, y).pValue(), PairedTests.signFlip(x, y));
    }

    /** {@link #smallestP} as it is, 0.0625 rather than 0.062: it is 2 / 2^n, a short decimal, while the tests are exact. */
    public static String smallestPText(int pairs) {
        return new java.math.BigDecimal(smallestP(pairs)).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The fewest pairs that differ with which a paired test can reach p below {@code alpha} (6 at 0.05). */
    public static int pairsNeeded(double alpha) {
        int n = 1;
        while (smallestP(n) >= alpha) n++;
        return n;
    }

    /** Every metric summarised, in table order. */
    public static List<String> metrics() {
        List<String> m = new ArrayList<>(List.of(TTC, PERFORMANCE));
        for (String s : StructureMetrics.NAMES) m.add(s);
        return m;
    }

    /** A paired test of one metric between two rules. */
    public record PairTest(String a, String b, String metric, int n, double meanDifference, PairedTests.Wilcoxon wilcoxon,
                           double permutationP) {}

    /** The value of {@code metric} for one run; for trials to criterion a censored run gives its whole budget. */
    static double value(Comparison.Finished run, String metric) {
        RunSummary summary = run.summary();
        if (metric.equals(TTC)) {
            TrainSettings t = run.job().config().training();
            return summary.trialsToCriterion() != null ? summary.trialsToCriterion() : (double) t.iterations() * t.batch();
        }
        if (metric.equals(PERFORMANCE)) return summary.finalPerformance();
        return summary.structure(metric);
    }

    static boolean reached(RunSummary summary) {
        return summary.reachedCriterion();
    }

    public static ComparisonSummary of(List<Comparison.Finished> runs, List<String> rules) {
        Map<String, Map<String, Describe>> stats = new LinkedHashMap<>();
        Map<String, int[]> rc = new LinkedHashMap<>();
        Map<String, Integer> diverged = new LinkedHashMap<>();
        Map<String, Map<String, Double>> perSeed = new LinkedHashMap<>(); // "rule/metric" -> seed -> value
        Map<String, List<String>> reachedSeeds = new LinkedHashMap<>();
        List<Long> seeds = new ArrayList<>();
        for (Comparison.Finished f : runs) if (!seeds.contains(f.job().seed())) seeds.add(f.job().seed());
        for (String rule : rules) {
            List<Comparison.Finished> mine = runs.stream().filter(f -> f.job().rule().equals(rule)).toList();
            Map<String, Describe> ms = new LinkedHashMap<>();
            for (String metric : metrics()) {
                double[] v = mine.stream()
                        .filter(f -> !metric.equals(TTC) || reached(f.summary()))
                        .mapToDouble(f -> value(f, metric)).toArray();
                ms.put(metric, Describe.of(v));
                Map<String, Double> bySeed = new LinkedHashMap<>();
                for (Comparison.Finished f : mine) bySeed.put(Long.toString(f.job().seed()), value(f, metric));
                perSeed.put(rule + "/" + metric, bySeed);
            }
            stats.put(rule, ms);
            reachedSeeds.put(rule, mine.stream().filter(f -> reached(f.summary())).map(f -> Long.toString(f.job().seed())).toList());
            int reached = (int) mine.stream().filter(f -> reached(f.summary())).count();
            rc.put(rule, new int[] {reached, mine.size() - reached});
            diverged.put(rule, (int) mine.stream().filter(f -> f.summary().ending() == Ending.DIVERGED).count());
        }
        List<PairTest> tests = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                for (String metric : metrics()) {
                    Map<String, Double> a = perSeed.get(rules.get(i) + "/" + metric), b = perSeed.get(rules.get(j) + "/" + metric);
                    List<double[]> pairs = new ArrayList<>();
                    for (String seed : a.keySet()) {
                        Double x = a.get(seed), y = b.get(seed);
                        if (x != null && y != null && !x.isNaN() && !y.isNaN()) pairs.add(new double[] {x, y});
                    }
                    if (pairs.isEmpty()) continue;
                    double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray(), y = pairs.stream().mapToDouble(p -> p[1]).toArray();
                    double md = 0;
                    for (int k = 0; k < x.length; k++) md += (x[k] - y[k]) / x.length;
                    tests.add(new PairTest(rules.get(i), rules.get(j), metric, x.length, md, PairedTests.wilcoxon(x, y),
                            PairedTests.signFlip(x, y)));
                }
            }
        }
        String task = runs.isEmpty() ? "" : runs.get(0).job().config().task();
        double criterion = runs.isEmpty() ? Double.NaN : runs.get(0).job().config().training().criterion();
        return new ComparisonSummary(task, List.copyOf(rules), seeds, criterion, stats, rc, diverged, tests, perSeed, reachedSeeds);
    }

    /**
     * The trials a censored run enters the tests with (its whole budget, iterations x batch), read off
     * the runs that never reached the criterion; NaN when every run reached it.
     */
    public double budget() {
        for (String rule : rules) {
            List<String> reached = reachedSeeds.getOrDefault(rule, List.of());
            for (Map.Entry<String, Double> e : perSeed.getOrDefault(rule + "/" + TTC, Map.of()).entrySet()) {
                if (!reached.contains(e.getKey())) return e.getValue();
            }
        }
        return Double.NaN;
    }

    /** The test of {@code metric} between rules a and b (in either order), or null. */
    public PairTest test(String a, String b, String metric) {
        for (PairTest t : tests) {
            if (t.metric().equals(metric) && ((t.a().equals(a) && t.b().equals(b)) || (t.a().equals(b) && t.b().equals(a)))) return t;
        }
        return null;
    }

    /** summary.csv: one row per rule and metric (kind {@code rule}) and per pair of rules and metric (kind {@code test}). */
    public void writeCsv(Path file) throws IOException {
        StringBuilder s = new StringBuilder("kind,rule,other,metric,n,mean,sem,median,reached,censored,diverged,mean_difference,"
                + "wilcoxon_statistic,p_wilcoxon,wilcoxon_method,p_permutation\n");
        for (String rule : rules) {
            for (Map.Entry<String, Describe> e : stats.get(rule).entrySet()) {
                Describe d = e.getValue();
                boolean ttc = e.getKey().equals(TTC);
                s.append(String.format(Locale.ROOT, "rule,%s,,%s,%d,%s,%s,%s,%s,%s,%s,,,,,%n", rule, e.getKey(), d.n(), num(d.mean()),
                        num(d.sem()), num(d.median()), ttc ? reachedCensored.get(rule)[0] : "", ttc ? reachedCensored.get(rule)[1] : "",
                        ttc ? diverged.get(rule) : ""));
            }
        }
        for (PairTest t : tests) {
            s.append(String.format(Locale.ROOT, "test,%s,%s,%s,%d,,,,,,,%s,%s,%s,%s,%s%n", t.a(), t.b(), t.metric(), t.n(),
                    num(t.meanDifference()), num(t.wilcoxon().statistic()), num(t.wilcoxon().pValue()), t.wilcoxon().method(),
                    num(t.permutationP())));
        }
        AtomicFiles.writeString(file, s.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** summary.json's content. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("rules", rules);
        m.put("seeds", seeds);
        m.put("criterion", criterion);
        Map<String, Object> byRule = new LinkedHashMap<>();
        for (String rule : rules) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (Map.Entry<String, Describe> e : stats.get(rule).entrySet()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("n", e.getValue().n());
                d.put("mean", nan(e.getValue().mean()));
                d.put("sem", nan(e.getValue().sem()));
                d.put("median", nan(e.getValue().median()));
                if (e.getKey().equals(TTC)) {
                    d.put("reached", reachedCensored.get(rule)[0]);
                    d.put("censored", reachedCensored.get(rule)[1]);
                    d.put("diverged", diverged.get(rule));
                }
                r.put(e.getKey(), d);
            }
            r.put("per_seed", perSeed.entrySet().stream().filter(e -> e.getKey().startsWith(rule + "/"))
                    .collect(LinkedHashMap::new, (mm, e) -> mm.put(e.getKey().substring(rule.length() + 1), e.getValue()), Map::putAll));
            byRule.put(rule, r);
        }
        m.put("by_rule", byRule);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (PairTest t : tests) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("a", t.a());
            x.put("b", t.b());
            x.put("metric", t.metric());
            x.put("n", t.n());
            x.put("mean_difference_a_minus_b", nan(t.meanDifference()));
            x.put("wilcoxon_statistic", nan(t.wilcoxon().statistic()));
            x.put("p_wilcoxon", nan(t.wilcoxon().pValue()));
            x.put("wilcoxon_method", t.wilcoxon().method());
            x.put("p_permutation", nan(t.permutationP()));
            ts.add(x);
        }
        m.put("tests", ts);
        return m;
    }

    private static Object nan(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
