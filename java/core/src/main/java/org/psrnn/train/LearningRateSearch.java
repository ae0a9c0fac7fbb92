package org.psrnn.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.io.ConfigFile;
import org.psrnn.results.Ending;
import org.psrnn.results.Metric;
import org.psrnn.results.RunSummary;

/**
 * Each rule's learning rate, chosen from a grid by training every rule x rate on a few seeds of
 * its own (numbered from {@link #FIRST_SEED}, so they never coincide with a comparison's) and
 * ranking the rates by {@link Score}. Search runs train their whole budget, so that a rate that
 * reaches the criterion fast and then diverges (seen with relu psRNNs) cannot win. The runs live
 * under {@code root/lr-search/RULE/lrRATE/seedS} and are resumable like any comparison run.
 */
public final class LearningRateSearch {
    /** The first seed of a search. */
    public static final long FIRST_SEED = 1001;

    private final List<String> rules;
    private final List<String> grid;
    private final int seeds;
    /** rule -> rate -> its runs, in grid order. */
    private final Map<String, Map<String, List<Comparison.Job>>> plan = new LinkedHashMap<>();

    /**
     * The search over {@code grid} (rates as the user wrote them, comma-separated) for {@code rules},
     * {@code seeds} seeds each, every run configured as {@code base} with its rate, under {@code root}.
     */
    public LearningRateSearch(ConfigFile base, List<String> rules, String grid, int seeds, Path root) {
        this.rules = List.copyOf(rules);
        this.grid = Arrays.stream(grid.split(",")).map(String::strip).toList();
        this.seeds = seeds;
        for (String rule : rules) {
            for (String lr : this.grid) {
                ConfigFile c = base.with("lr", lr, RunConfig.allKeys(), "--lr-search")
                        .with("stop_at_criterion", "false", RunConfig.allKeys(), "--lr-search");
                plan.computeIfAbsent(rule, r -> new LinkedHashMap<>())
                        .put(lr, Comparison.plan(c, List.of(rule), FIRST_SEED, seeds, root.resolve("lr-search").resolve(rule).resolve("lr" + lr),
                                Map.of()));
            }
        }
    }

    /** Every run of the search, rule by rule and rate by rate: one pool, so that no core waits for the last run of a rate. */
    public List<Comparison.Job> jobs() {
        List<Comparison.Job> all = new ArrayList<>();
        for (Map<String, List<Comparison.Job>> byLr : plan.values()) for (List<Comparison.Job> jobs : byLr.values()) all.addAll(jobs);
        return all;
    }

    /** The grid as given, e.g. "0.001,0.003,0.01". */
    public String grid() {
        return String.join(",", grid);
    }

    /** The seeds it trains, as text: "1001-1003". */
    public String seedRange() {
        return FIRST_SEED + "-" + (FIRST_SEED + seeds - 1);
    }

    /**
     * Trains what is not finished ({@link Comparison#run}) and chooses; null when a stop request
     * left runs unfinished ({@code finished} then holds those that did finish).
     */
    public Result run(int parallel, PrintWriter log, StopRequest stop, RunReporter reporter, List<Comparison.Finished> finished)
            throws IOException {
        List<Comparison.Finished> done = Comparison.run(jobs(), parallel, log, stop, reporter);
        finished.addAll(done);
        return done.size() < jobs().size() ? null : choose(done);
    }

    /** Each rule's best rate, from the finished runs of every job. */
    public Result choose(List<Comparison.Finished> done) {
        Map<Path, Comparison.Finished> byDir = new LinkedHashMap<>();
        for (Comparison.Finished f : done) byDir.put(f.job().dir(), f);
        Map<String, RuleChoice> choices = new LinkedHashMap<>();
        for (String rule : rules) {
            Map<String, Score> byLr = new LinkedHashMap<>();
            String best = null;
            for (Map.Entry<String, List<Comparison.Job>> e : plan.get(rule).entrySet()) {
                List<Comparison.Finished> runs = new ArrayList<>();
                for (Comparison.Job j : e.getValue()) {
                    Comparison.Finished f = byDir.get(j.dir());
                    if (f == null) throw new IllegalArgumentException("the search run " + j.dir() + " has not finished");
                    runs.add(f);
                }
                Score score = Score.of(runs);
                byLr.put(e.getKey(), score);
                if (best == null || score.compareTo(byLr.get(best)) < 0) best = e.getKey();
            }
            choices.put(rule, new RuleChoice(best, byLr));
        }
        return new Result(grid(), seedRange(), choices);
    }

    /** One rule's outcome: the rate chosen and every rate's score, in grid order. */
    @JsonPropertyOrder({"chosen", "by_lr"})
    public record RuleChoice(String chosen, @JsonProperty("by_lr") Map<String, Score> byLr) {}

    /**
     * The search's outcome: what summary.json writes under {@code lr_search} (rule -> choice), and
     * the per-rule settings and notes a comparison takes from it.
     */
    public record Result(@JsonIgnore String grid, @JsonIgnore String seedRange, @JsonValue Map<String, RuleChoice> byRule) {
        /** rule -> {"lr": chosen}: the settings the comparison's runs get. */
        public Map<String, Map<String, String>> settings() {
            Map<String, Map<String, String>> s = new LinkedHashMap<>();
            byRule.forEach((rule, c) -> s.put(rule, Map.of("lr", c.chosen())));
            return s;
        }

        /** One line per rule saying which rate it trains at and how that was chosen. */
        public List<String> notes() {
            List<String> notes = new ArrayList<>();
            byRule.forEach((rule, c) -> notes.add("learning rate of " + rule + ": " + c.chosen() + ", the best of " + grid + " over seeds "
                    + seedRange + " (fewest runs that diverged; then lowest median trials to criterion, runs that never reached it counted"
                    + " as infinite; then lowest mean; then highest final performance)"));
            return notes;
        }
    }

    /**
     * How one learning rate did in a search, and how rates rank: fewest runs that diverged, then
     * the lowest median trials to criterion (a run that never reached it, or diverged, counts as
     * infinite), then the lowest mean trials (a run that never reached it counts as its whole budget),
     * then the highest mean final performance (which decides when no run reached the criterion).
     */
    @JsonPropertyOrder({"diverged", "median_trials_to_criterion", "mean_trials", "reached", "mean_final_performance"})
    public record Score(int diverged, @JsonProperty("median_trials_to_criterion") double medianTrialsToCriterion,
                        @JsonProperty("mean_trials") double meanTrials, int reached,
                        @JsonProperty("mean_final_performance") double meanFinalPerformance) implements Comparable<Score> {
        public static Score of(List<Comparison.Finished> runs) {
            double[] ttc = new double[runs.size()];
            double mean = 0, performance = 0;
            int reached = 0, diverged = 0;
            for (int i = 0; i < runs.size(); i++) {
                RunSummary s = runs.get(i).summary();
                boolean bad = s.ending() == Ending.DIVERGED;
                boolean r = s.reachedCriterion();
                double trials = ComparisonSummary.value(runs.get(i), Metric.TRIALS_TO_CRITERION); // censored: the whole budget
                ttc[i] = r && !bad ? trials : Double.POSITIVE_INFINITY;
                mean += trials / runs.size();
                double perf = s.finalPerformance();
                performance += (Double.isFinite(perf) ? perf : 0) / runs.size(); // a run without one learnt nothing that counts
                if (r && !bad) reached++;
                if (bad) diverged++;
            }
            Arrays.sort(ttc);
            int n = ttc.length;
            double median = n == 0 ? Double.POSITIVE_INFINITY : n % 2 == 1 ? ttc[n / 2] : (ttc[n / 2 - 1] + ttc[n / 2]) / 2;
            return new Score(diverged, median, mean, reached, performance);
        }

        @Override
        public int compareTo(Score o) {
            int c = Integer.compare(diverged, o.diverged);
            if (c == 0) c = Double.compare(medianTrialsToCriterion, o.medianTrialsToCriterion);
            if (c == 0) c = Double.compare(meanTrials, o.meanTrials);
            return c != 0 ? c : Double.compare(o.meanFinalPerformance, meanFinalPerformance);
        }
    }
}
