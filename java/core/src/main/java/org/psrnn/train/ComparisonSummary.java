package org.psrnn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.psrnn.analysis.Describe;
import org.psrnn.analysis.PairedTests;
import org.psrnn.io.AtomicFiles;
import org.psrnn.results.Ending;
import org.psrnn.results.Metric;
import org.psrnn.results.PairTest;
import org.psrnn.results.RuleStatistics;

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
 *
 * @param task      the task
 * @param rules     the rules, in the order given
 * @param seeds     the seeds, in run order
 * @param criterion the performance threshold
 * @param byRule    each rule's statistics
 * @param tests     a paired test per pair of rules and metric
 */
public record ComparisonSummary(String task, List<String> rules, List<Long> seeds, double criterion, Map<String, RuleStatistics> byRule,
                                List<PairTest> tests) {

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

    /** The value of {@code metric} for one run; for trials to criterion a censored run gives its whole budget. */
    static double value(Comparison.Finished run, Metric metric) {
        TrainSettings t = run.job().config().training();
        return metric.of(run.summary(), (double) t.iterations() * t.batch());
    }

    public static ComparisonSummary of(List<Comparison.Finished> runs, List<String> rules) {
        Map<String, RuleStatistics> byRule = new LinkedHashMap<>();
        List<Long> seeds = new ArrayList<>();
        for (Comparison.Finished f : runs) if (!seeds.contains(f.job().seed())) seeds.add(f.job().seed());
        for (String rule : rules) {
            List<Comparison.Finished> mine = runs.stream().filter(f -> f.job().rule().equals(rule)).toList();
            Map<Metric, Describe> described = new EnumMap<>(Metric.class);
            Map<Metric, Map<Long, Double>> perSeed = new EnumMap<>(Metric.class);
            for (Metric metric : Metric.values()) {
                double[] v = mine.stream()
                        .filter(f -> metric != Metric.TRIALS_TO_CRITERION || f.summary().reachedCriterion())
                        .mapToDouble(f -> value(f, metric)).toArray();
                described.put(metric, Describe.of(v));
                Map<Long, Double> bySeed = new LinkedHashMap<>();
                for (Comparison.Finished f : mine) bySeed.put(f.job().seed(), value(f, metric));
                perSeed.put(metric, bySeed);
            }
            List<Long> reachedSeeds = mine.stream().filter(f -> f.summary().reachedCriterion()).map(f -> f.job().seed()).toList();
            int diverged = (int) mine.stream().filter(f -> f.summary().ending() == Ending.DIVERGED).count();
            byRule.put(rule, new RuleStatistics(rule, described, reachedSeeds.size(), mine.size() - reachedSeeds.size(), diverged, perSeed,
                    reachedSeeds));
        }
        List<PairTest> tests = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                for (Metric metric : Metric.values()) {
                    PairTest t = test(rules.get(i), rules.get(j), metric, byRule.get(rules.get(i)), byRule.get(rules.get(j)));
                    if (t != null) tests.add(t);
                }
            }
        }
        String task = runs.isEmpty() ? "" : runs.get(0).job().config().task();
        double criterion = runs.isEmpty() ? Double.NaN : runs.get(0).job().config().training().criterion();
        return new ComparisonSummary(task, List.copyOf(rules), seeds, criterion, byRule, tests);
    }

    /** The paired test of {@code metric} between two rules over the seeds where both values are defined; null when none is. */
    private static PairTest test(String ruleA, String ruleB, Metric metric, RuleStatistics a, RuleStatistics b) {
        List<double[]> pairs = new ArrayList<>();
        for (Map.Entry<Long, Double> e : a.perSeed().get(metric).entrySet()) {
            Double x = e.getValue(), y = b.perSeed().get(metric).get(e.getKey());
            if (x != null && y != null && !x.isNaN() && !y.isNaN()) pairs.add(new double[] {x, y});
        }
        if (pairs.isEmpty()) return null;
        double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray(), y = pairs.stream().mapToDouble(p -> p[1]).toArray();
        double md = 0;
        for (int k = 0; k < x.length; k++) md += (x[k] - y[k]) / x.length;
        return new PairTest(ruleA, ruleB, metric, x.length, md, PairedTests.wilcoxon(x, y), PairedTests.signFlip(x, y));
    }

    /** The statistics of {@code rule}. */
    public RuleStatistics of(String rule) {
        return byRule.get(rule);
    }

    /**
     * The trials a censored run enters the tests with (its whole budget, iterations x batch), read off
     * the runs that never reached the criterion; NaN when every run reached it.
     */
    public double budget() {
        for (RuleStatistics r : byRule.values()) {
            for (Map.Entry<Long, Double> e : r.perSeed().get(Metric.TRIALS_TO_CRITERION).entrySet()) {
                if (!r.reachedSeeds().contains(e.getKey())) return e.getValue();
            }
        }
        return Double.NaN;
    }

    /** The test of {@code metric} between rules a and b (in either order), or null. */
    public PairTest test(String a, String b, Metric metric) {
        for (PairTest t : tests) {
            if (t.metric() == metric && ((t.a().equals(a) && t.b().equals(b)) || (t.a().equals(b) && t.b().equals(a)))) return t;
        }
        return null;
    }

    /** summary.csv: one row per rule and metric (kind {@code rule}) and per pair of rules and metric (kind {@code test}). */
    public void writeCsv(Path file) throws IOException {
        StringBuilder s = new StringBuilder("kind,rule,other,metric,n,mean,sem,median,reached,censored,diverged,mean_difference,"
                + "wilcoxon_statistic,p_wilcoxon,wilcoxon_method,p_permutation\n");
        for (String rule : rules) {
            RuleStatistics r = byRule.get(rule);
            for (Map.Entry<Metric, Describe> e : r.describe().entrySet()) {
                Describe d = e.getValue();
                boolean ttc = e.getKey() == Metric.TRIALS_TO_CRITERION;
                s.append(String.format(Locale.ROOT, "rule,%s,,%s,%d,%s,%s,%s,%s,%s,%s,,,,,%n", rule, e.getKey().key(), d.n(), num(d.mean()),
                        num(d.sem()), num(d.median()), ttc ? r.reached() : "", ttc ? r.censored() : "", ttc ? r.diverged() : ""));
            }
        }
        for (PairTest t : tests) {
            s.append(String.format(Locale.ROOT, "test,%s,%s,%s,%d,,,,,,,%s,%s,%s,%s,%s%n", t.a(), t.b(), t.metric().key(), t.n(),
                    num(t.meanDifference()), num(t.wilcoxon().statistic()), num(t.wilcoxon().pValue()), t.wilcoxon().method(),
                    num(t.permutationP())));
        }
        AtomicFiles.writeString(file, s.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
