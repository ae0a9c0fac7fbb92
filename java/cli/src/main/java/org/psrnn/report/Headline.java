package org.psrnn.report;

import static org.psrnn.report.HtmlPage.esc;
import static org.psrnn.report.HtmlPage.p;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.psrnn.analysis.Describe;
import org.psrnn.results.Metric;
import org.psrnn.results.PairTest;
import org.psrnn.train.ComparisonSummary;

/**
 * A comparison's verdict in sentences: which rule reached the criterion in fewer trials, by how
 * much, and whether the paired tests call it significant. The first screen of the comparison's
 * report.html, and what {@code psrnn compare} prints at the end.
 */
public final class Headline {
    private Headline() {}

    /**
     * The first-screen answer, one paragraph per rule against the baseline (bp when present, else the
     * first rule). One statistic a sentence, each named: how many runs reached the criterion, the median
     * trials of those that did, the mean paired difference (censored runs at their budget, as the tests
     * take them), the tests' verdict, and, where it is so, that too few seeds can never be significant.
     */
    static List<String> html(ComparisonSummary s) {
        return verdicts(s).stream().map(v -> String.join(" ", v)).toList();
    }

    /** The headline as plain text for the terminal: one sentence a line, a blank line between rules. */
    public static List<String> text(ComparisonSummary s) {
        List<String> lines = new ArrayList<>();
        for (List<String> v : verdicts(s)) {
            if (!lines.isEmpty()) lines.add("");
            for (String sentence : v) {
                lines.add(sentence.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            }
        }
        return lines;
    }

    private static List<List<String>> verdicts(ComparisonSummary s) {
        List<List<String>> out = new ArrayList<>();
        String base = s.rules().contains("bp") ? "bp" : s.rules().get(0);
        for (String rule : s.rules()) {
            if (rule.equals(base)) continue;
            PairTest t = s.test(rule, base, Metric.TRIALS_TO_CRITERION);
            if (t != null) out.add(verdict(s, rule, base, t));
        }
        return out;
    }

    private static List<String> verdict(ComparisonSummary s, String rule, String base, PairTest t) {
        List<String> v = new ArrayList<>();
        int[] rc = {s.of(rule).reached(), s.of(rule).censored()}, bc = {s.of(base).reached(), s.of(base).censored()};
        String r = "<b>" + esc(rule) + "</b>", b = "<b>" + esc(base) + "</b>";
        if (rc[0] == 0 && bc[0] == 0) {
            // Every difference is zero, and the tests' p = 1 would only restate that nothing reached it.
            v.add(String.format(Locale.ROOT, "Neither %s nor %s reached the criterion in any of their %d runs%s.", r, b, t.n(),
                    divergedNote(s, rule, base)));
            Describe pr = s.of(rule).of(Metric.FINAL_PERFORMANCE), pb = s.of(base).of(Metric.FINAL_PERFORMANCE);
            if (pr != null && pb != null && pr.n() > 0 && pb.n() > 0) {
                v.add(String.format(Locale.ROOT, "Mean final performance: %s %.3f, %s %.3f.", r, pr.mean(), b, pb.mean()));
            }
        } else {
            v.add(String.format(Locale.ROOT, "%s reached the criterion in <b>%d of %d</b> runs%s, %s in <b>%d of %d</b>%s.", r, rc[0],
                    rc[0] + rc[1], diverged(s, rule), b, bc[0], bc[0] + bc[1], diverged(s, base)));
            v.add(medians(s, rule, base));
            v.add(meanDifference(s, rule, base, t));
            boolean byWilcoxon = t.wilcoxon().pValue() < ComparisonSummary.ALPHA, byPermutation = t.permutationP() < ComparisonSummary.ALPHA;
            String verdict = byWilcoxon && byPermutation ? "significant at " + ComparisonSummary.ALPHA
                    : byWilcoxon || byPermutation ? "significant at " + ComparisonSummary.ALPHA + " by the " + (byWilcoxon ? "Wilcoxon" : "permutation") + " test only"
                    : "not significant at " + ComparisonSummary.ALPHA;
            v.add(String.format(Locale.ROOT, "The difference is <b>%s</b> (Wilcoxon signed-rank p = %s; sign-flip permutation p = %s).",
                    verdict, p(t.wilcoxon().pValue()), p(t.permutationP())));
        }
        String resolution = resolution(t, rc[0] + bc[0] > 0);
        if (resolution != null) v.add(resolution);
        return v;
    }

    /** The medians of the runs that reached the criterion; a rule none of whose runs did is said so, not given a number. */
    private static String medians(ComparisonSummary s, String rule, String base) {
        List<String> values = new ArrayList<>(), none = new ArrayList<>();
        for (String x : List.of(rule, base)) {
            Describe d = s.of(x).of(Metric.TRIALS_TO_CRITERION);
            if (d.n() == 0) none.add("no " + esc(x) + " run reached it");
            else values.add(String.format(Locale.ROOT, "<b>%s</b> %,.0f", esc(x), d.median()));
        }
        return "Median trials to criterion, over the runs that reached it: " + String.join(", ", values)
                + (none.isEmpty() ? "" : "; " + String.join(", ", none)) + ".";
    }

    /**
     * The mean paired difference as the tests take it, a censored run at its budget. The budget is a
     * lower bound of such a run's trials, so when only one side has censored runs the difference is a
     * bound, and the sentence says which.
     */
    private static String meanDifference(ComparisonSummary s, String rule, String base, PairTest t) {
        int censoredRule = s.of(rule).censored(), censoredBase = s.of(base).censored();
        double diff = t.a().equals(rule) ? t.meanDifference() : -t.meanDifference(); // rule - base
        String r = "<b>" + esc(rule) + "</b>", b = "<b>" + esc(base) + "</b>";
        String budget = censoredRule + censoredBase > 0 && Double.isFinite(s.budget()) ? String.format(Locale.ROOT,
                ", a run that never reached the criterion counted at its whole budget of %,.0f trials", s.budget()) : "";
        if (diff == 0) {
            return String.format(Locale.ROOT, "Mean paired difference over %d seeds%s: %s and %s needed <b>the same</b> number of training trials.",
                    t.n(), budget, r, b);
        }
        boolean slowerCensored = diff > 0 ? censoredRule > 0 : censoredBase > 0, fasterCensored = diff > 0 ? censoredBase > 0 : censoredRule > 0;
        String slower = diff > 0 ? r : b, faster = diff > 0 ? b : r;
        String bound = slowerCensored && !fasterCensored ? "; a lower bound, since only " + slower + " has runs that never reached the criterion"
                : fasterCensored && !slowerCensored ? "; an upper bound, since only " + faster + " has runs that never reached the criterion" : "";
        return String.format(Locale.ROOT, "Mean paired difference over %d seeds%s: %s needed <b>%,.0f %s</b> training trials than %s%s.", t.n(),
                budget, r, Math.abs(diff), diff < 0 ? "fewer" : "more", b, bound);
    }

    /**
     * Where no outcome could have been significant, that sentence: with n pairs that differ the exact
     * tests cannot give p below 2 / 2^n, so under 6 seeds "not significant" is certain before any run.
     * {@code differences}: whether to speak of the seeds that differ (not when nothing reached the criterion).
     */
    private static String resolution(PairTest t, boolean differences) {
        int needed = ComparisonSummary.pairsNeeded(ComparisonSummary.ALPHA);
        if (t.n() < needed) {
            return String.format(Locale.ROOT, "With %d paired seeds no difference can be significant at %s: the smallest two-sided p these "
                    + "exact tests can give is %s (2 / 2^%d); p &lt; %s needs at least %d seeds.", t.n(), ComparisonSummary.ALPHA,
                    ComparisonSummary.smallestPText(t.n()), t.n(), ComparisonSummary.ALPHA, needed);
        }
        int differ = t.wilcoxon().n();
        if (differences && differ < needed) {
            return String.format(Locale.ROOT, "Only %d of the %d seeds differ in trials to criterion (on the others both rules never reached "
                    + "it, or reached it at the same trial), so p cannot fall below %s (2 / 2^%d); p &lt; %s needs at least %d seeds that differ.",
                    differ, t.n(), ComparisonSummary.smallestPText(differ), differ, ComparisonSummary.ALPHA, needed);
        }
        return null;
    }

    private static String diverged(ComparisonSummary s, String rule) {
        int d = s.of(rule).diverged();
        return d > 0 ? " (" + d + " diverged)" : "";
    }

    private static String divergedNote(ComparisonSummary s, String rule, String base) {
        int dr = s.of(rule).diverged(), db = s.of(base).diverged();
        if (dr + db == 0) return "";
        List<String> parts = new ArrayList<>();
        if (dr > 0) parts.add(dr + " of " + esc(rule) + "'s diverged");
        if (db > 0) parts.add(db + " of " + esc(base) + "'s diverged");
        return " (" + String.join(", ", parts) + ")";
    }
}
