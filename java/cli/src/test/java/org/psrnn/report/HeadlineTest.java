package org.psrnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.psrnn.analysis.Describe;
import org.psrnn.analysis.PairedTests;
import org.psrnn.results.Metric;
import org.psrnn.results.PairTest;
import org.psrnn.results.RuleStatistics;
import org.psrnn.train.ComparisonSummary;

/**
 * The first screen of a comparison report: how many runs reached the criterion, how fast, which rule
 * learned faster and whether the tests can and do call the difference significant. One statistic a
 * sentence, each named: a mean that counts censored runs at the budget next to medians of the runs that
 * reached the criterion reads as a contradiction.
 */
class HeadlineTest {
    private static final double BUDGET = 9600;

    /**
     * bp and switch over {@code bpTrials.length} seeds; NaN = never reached (enters the tests at the budget).
     * The paired test's numbers are given, not computed: the headline only reports them.
     */
    private static ComparisonSummary summary(double[] bpTrials, double[] switchTrials, double pWilcoxon, double pPermutation,
                                             int switchDiverged) {
        int n = bpTrials.length;
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= n; s++) seeds.add(s);
        Map<String, RuleStatistics> byRule = new LinkedHashMap<>();
        double meanDifference = 0; // bp - switch, censored runs at the budget
        int nonZero = 0;
        for (int i = 0; i < n; i++) {
            double b = Double.isNaN(bpTrials[i]) ? BUDGET : bpTrials[i], s = Double.isNaN(switchTrials[i]) ? BUDGET : switchTrials[i];
            meanDifference += (b - s) / n;
            if (b != s) nonZero++;
        }
        for (Object[] rule : new Object[][] {{"bp", bpTrials}, {"switch", switchTrials}}) {
            String name = (String) rule[0];
            double[] t = (double[]) rule[1];
            double[] reached = Arrays.stream(t).filter(v -> !Double.isNaN(v)).toArray();
            Map<Metric, Describe> describe = Map.of(Metric.TRIALS_TO_CRITERION, Describe.of(reached),
                    Metric.FINAL_PERFORMANCE, Describe.of(name.equals("bp") ? new double[] {0.5, 0.7} : new double[] {0.6, 0.9}));
            Map<Long, Double> bySeed = new LinkedHashMap<>();
            List<Long> r = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                bySeed.put(i + 1L, Double.isNaN(t[i]) ? BUDGET : t[i]);
                if (!Double.isNaN(t[i])) r.add(i + 1L);
            }
            byRule.put(name, new RuleStatistics(name, describe, reached.length, n - reached.length, name.equals("bp") ? 0 : switchDiverged,
                    Map.of(Metric.TRIALS_TO_CRITERION, bySeed), r));
        }
        var test = new PairTest("bp", "switch", Metric.TRIALS_TO_CRITERION, n, meanDifference,
                new PairedTests.Wilcoxon(6, pWilcoxon, nonZero, "exact"), pPermutation);
        return new ComparisonSummary("DelayMatchSample", List.of("bp", "switch"), seeds, 0.9, byRule, List.of(test));
    }

    /** 3 seeds: bp reached at 6,400, 6,400 and 8,000; switch at 4,800 and 4,000, and never on seed 3. */
    private static ComparisonSummary threeSeeds(double pWilcoxon, double pPermutation, int switchDiverged) {
        return summary(new double[] {6400, 6400, 8000}, new double[] {4800, 4000, Double.NaN}, pWilcoxon, pPermutation, switchDiverged);
    }

    private static List<String> sentences(String paragraph) {
        return List.of(paragraph.replaceAll("<[^>]+>", "").split("(?<=\\.) (?=[A-Z])"));
    }

    @Test
    void oneStatisticASentenceEachNamed() {
        String line = Headline.html(threeSeeds(0.3, 0.2, 0)).get(0);
        List<String> s = sentences(line);
        // Medians by hand: bp {6400, 6400, 8000} -> 6,400; switch {4800, 4000} -> 4,400.
        // Paired mean difference, seed 3 of switch at the budget: (1600 + 2400 - 1600) / 3 = 800.
        assertTrue(s.contains("switch reached the criterion in 2 of 3 runs, bp in 3 of 3."), line);
        assertTrue(s.contains("Median trials to criterion, over the runs that reached it: switch 4,400, bp 6,400."), line);
        assertTrue(s.contains("Mean paired difference over 3 seeds, a run that never reached the criterion counted at its whole "
                + "budget of 9,600 trials: switch needed 800 fewer training trials than bp; an upper bound, since only switch has runs "
                + "that never reached the criterion."), line);
        for (String sentence : s) {
            assertFalse(sentence.toLowerCase().contains("median") && (sentence.contains("mean") || sentence.contains("average")),
                    "a median and a mean in one sentence: " + sentence);
        }
        assertEquals(1, Headline.html(threeSeeds(0.3, 0.2, 0)).size(), "one paragraph per rule other than bp");
        // Switch never reached it on seed 3 but bp did on every seed: the bound goes the other way, and switch has no median.
        String slow = Headline.html(summary(new double[] {4800, 4000, 4800}, new double[] {6400, Double.NaN, Double.NaN},
                0.25, 0.25, 0)).get(0).replaceAll("<[^>]+>", "");
        // (6400 - 4800 + 9600 - 4000 + 9600 - 4800) / 3 = 4,000 more.
        assertTrue(slow.contains("Median trials to criterion, over the runs that reached it: switch 6,400, bp 4,800.")
                && slow.contains("switch needed 4,000 more training trials than bp; a lower bound, since only switch has runs"), slow);
        String none = Headline.html(summary(new double[] {4800, 4000, 4800}, new double[] {Double.NaN, Double.NaN, Double.NaN},
                0.25, 0.25, 0)).get(0).replaceAll("<[^>]+>", "");
        assertTrue(none.contains("Median trials to criterion, over the runs that reached it: bp 4,800; no switch run reached it."), none);
        assertTrue(Headline.html(threeSeeds(0.3, 0.2, 1)).get(0).contains("in <b>2 of 3</b> runs (1 diverged)"),
                "runs that diverged are named: " + Headline.html(threeSeeds(0.3, 0.2, 1)).get(0));
    }

    @Test
    void saysWhetherTheTestsAgree() {
        assertTrue(Headline.html(threeSeeds(0.01, 0.02, 0)).get(0).contains("<b>significant at 0.05</b>"));
        assertTrue(Headline.html(threeSeeds(0.051, 0.031, 0)).get(0).contains("<b>significant at 0.05 by the permutation test only</b>"));
        assertTrue(Headline.html(threeSeeds(0.04, 0.2, 0)).get(0).contains("<b>significant at 0.05 by the Wilcoxon test only</b>"));
        assertTrue(Headline.html(threeSeeds(0.3, 0.2, 0)).get(0).contains("<b>not significant at 0.05</b>"));
    }

    /** With no run of either rule at the criterion, trials to criterion compares nothing, and the headline says just that. */
    @Test
    void whenNeitherRuleReachedTheCriterionItSaysSo() {
        double[] never = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        String line = Headline.html(summary(never, never, 1, 1, 0)).get(0);
        String text = line.replaceAll("<[^>]+>", "");
        assertTrue(text.startsWith("Neither switch nor bp reached the criterion in any of their 6 runs."), line);
        assertFalse(text.contains("as many") || text.contains("fewer") || text.contains("more training trials") || text.contains("Median"), line);
        assertTrue(text.contains("Mean final performance: switch 0.750, bp 0.600."), line);
    }

    /**
     * The exact tests cannot give p < 0.05 with fewer than 6 seeds (smallest two-sided p: 2 / 2^n), and
     * the headline says so, with the smallest p and the seeds needed; from 6 seeds on it says nothing.
     */
    @Test
    void saysWhenTooFewSeedsCanNeverBeSignificant() {
        String three = Headline.html(threeSeeds(0.25, 0.25, 0)).get(0);
        assertTrue(three.contains("With 3 paired seeds no difference can be significant at 0.05: the smallest two-sided p these exact "
                + "tests can give is 0.25 (2 / 2^3); p &lt; 0.05 needs at least 6 seeds."), three);
        String two = Headline.html(summary(new double[] {6400, 6400}, new double[] {4800, 4000}, 0.5, 0.5, 0)).get(0);
        assertTrue(two.contains("With 2 paired seeds") && two.contains("is 0.5 (2 / 2^2)"), two);
        String six = Headline.html(summary(new double[] {6400, 6400, 8000, 6400, 6400, 8000},
                new double[] {4800, 4000, 4800, 4000, 4800, 4000}, 0.03125, 0.03125, 0)).get(0);
        assertFalse(six.contains("smallest two-sided p"), six);
        // 6 seeds, but only 3 of them differ (both rules censored on the others): p cannot fall below 2 / 2^3.
        double n = Double.NaN;
        String tied = Headline.html(summary(new double[] {6400, 6400, 8000, n, n, n},
                new double[] {4800, 4000, 4800, n, n, n}, 0.25, 0.25, 0)).get(0);
        assertTrue(tied.contains("Only 3 of the 6 seeds differ in trials to criterion") && tied.contains("0.25 (2 / 2^3)")
                && tied.contains("at least 6 seeds that differ"), tied);
    }

    /** The terminal gets the same sentences as report.html, one a line, without markup. */
    @Test
    void theTerminalGetsTheSameSentences() {
        ComparisonSummary s = threeSeeds(0.3, 0.2, 0);
        List<String> lines = Headline.text(s);
        assertEquals(sentences(Headline.html(s).get(0)).stream().map(x -> x.replace("&lt;", "<")).toList(), lines);
    }
}
