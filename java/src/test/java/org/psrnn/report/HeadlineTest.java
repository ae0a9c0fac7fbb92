package org.psrnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.psrnn.analysis.Describe;
import org.psrnn.analysis.PairedTests;
import org.psrnn.train.ComparisonSummary;

/** The first screen of a comparison report: which rule learned faster, and whether the tests agree that it matters. */
class HeadlineTest {
    private static ComparisonSummary summary(double pWilcoxon, double pPermutation) {
        return summary(pWilcoxon, pPermutation, 0);
    }

    private static ComparisonSummary summary(double pWilcoxon, double pPermutation, int diverged) {
        Map<String, Map<String, Describe>> stats = Map.of(
                "bp", Map.of(ComparisonSummary.TTC, Describe.of(new double[] {6400, 6400, 8000})),
                "switch", Map.of(ComparisonSummary.TTC, Describe.of(new double[] {4800, 4000})));
        var test = new ComparisonSummary.PairTest("bp", "switch", ComparisonSummary.TTC, 3, 2000,
                new PairedTests.Wilcoxon(6, pWilcoxon, 3, "exact"), pPermutation);
        return new ComparisonSummary("DelayMatchSample", List.of("bp", "switch"), List.of(1L, 2L, 3L), 0.9, stats,
                Map.of("bp", new int[] {3, 0}, "switch", new int[] {2, 1}), Map.of("bp", 0, "switch", diverged), List.of(test), Map.of(),
                Map.of());
    }

    @Test
    void saysWhichRuleWasFasterByHowMuchAndWhetherTheTestsAgree() {
        String both = HtmlReport.headline(summary(0.01, 0.02)).get(0);
        assertTrue(both.startsWith("<b>switch</b> needed on average <b>2,000 fewer</b> training trials than <b>bp</b> to reach the "
                + "criterion (4,400 (1 never reached) vs 6,400, median trials to criterion); over 3 paired seeds the difference is "
                + "<b>significant at 0.05</b>"), both);
        assertTrue(HtmlReport.headline(summary(0.051, 0.031)).get(0).contains("<b>significant at 0.05 by the permutation test only</b>"));
        assertTrue(HtmlReport.headline(summary(0.04, 0.2)).get(0).contains("<b>significant at 0.05 by the Wilcoxon test only</b>"));
        assertTrue(HtmlReport.headline(summary(0.3, 0.2)).get(0).contains("<b>not significant at 0.05</b>"));
        assertEquals(1, HtmlReport.headline(summary(0.3, 0.2)).size(), "one line per rule other than bp");
        assertTrue(HtmlReport.headline(summary(0.3, 0.2, 1)).get(0).contains("(4,400 (1 never reached, 1 diverged) vs 6,400"),
                "runs that diverged are named");
    }
}
