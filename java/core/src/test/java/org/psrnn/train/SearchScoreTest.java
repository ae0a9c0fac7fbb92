package org.psrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.psrnn.io.ConfigFile;
import org.psrnn.results.Ending;
import org.psrnn.results.RunSummary;

/** How the learning-rate search scores and ranks a rate from its runs' summaries. */
class SearchScoreTest {
    private static final RunConfig CONFIG = RunConfig.from(ConfigFile.empty().with("iterations", "100", RunConfig.allKeys(), "test")
            .with("batch", "10", RunConfig.allKeys(), "test"));

    /** A run's summary: reached the criterion at {@code ttc} trials (null: never), and how it ended. */
    private static Comparison.Finished run(Long ttc, String ending) {
        return run(ttc, ending, 0.5);
    }

    private static Comparison.Finished run(Long ttc, String ending, double finalPerformance) {
        RunSummary s = new RunSummary("DelayMatchSample", "switch", 1, "cpu", ttc != null, ttc, 0.9, 100,
                ending.equals("diverged") ? 300L : 1000L, finalPerformance, 0.1, 1, Map.of(), Map.of(), Ending.of(ending), "now", "", null);
        return new Comparison.Finished(new Comparison.Job("switch", 1, Path.of("x"), CONFIG), s, List.of(), null);
    }

    private static LearningRateSearch.Score score(Comparison.Finished... runs) {
        return LearningRateSearch.Score.of(new ArrayList<>(List.of(runs)));
    }

    @Test
    void scoresCountDivergedAndCensoredRuns() {
        LearningRateSearch.Score s = score(run(200L, "completed"), run(null, "completed"), run(100L, "diverged"));
        assertEquals(1, s.diverged());
        assertEquals(1, s.reached(), "a run that diverged after reaching the criterion does not count as reaching it");
        assertEquals(Double.POSITIVE_INFINITY, s.medianTrialsToCriterion(), "median of 200, inf, inf");
        assertEquals((200 + 1000 + 100) / 3.0, s.meanTrials(), 1e-9, "never reached: the whole budget (100 iterations x 10)");
        assertEquals(350, score(run(200L, "completed"), run(400L, "completed"), run(300L, "criterion"), run(900L, "completed"))
                .medianTrialsToCriterion(), "an even count takes the middle two");
    }

    @Test
    void fewerDivergedRunsWinThenTheMedianThenTheMean() {
        var fastButUnstable = score(run(100L, "completed"), run(100L, "completed"), run(100L, "diverged"));
        var slowAndStable = score(run(900L, "completed"), run(900L, "completed"), run(900L, "completed"));
        assertTrue(slowAndStable.compareTo(fastButUnstable) < 0, "stability first");
        var lowMedian = score(run(100L, "completed"), run(200L, "completed"), run(null, "completed"));
        var highMedian = score(run(300L, "completed"), run(300L, "completed"), run(300L, "completed"));
        assertTrue(lowMedian.compareTo(highMedian) < 0, "then the median");
        var lowMean = score(run(100L, "completed"), run(200L, "completed"), run(250L, "completed"));
        var highMean = score(run(150L, "completed"), run(200L, "completed"), run(800L, "completed"));
        assertTrue(lowMean.compareTo(highMean) < 0, "then the mean");
        assertEquals(0, lowMean.compareTo(score(run(100L, "completed"), run(200L, "completed"), run(250L, "completed"))));
    }

    /** When no run reaches the criterion (the first three keys tie), the rate that learnt most wins, not the first listed. */
    @Test
    void whenNothingReachesTheCriterionTheBestFinalPerformanceWins() {
        var atChance = score(run(null, "completed", 0.5), run(null, "completed", 0.5), run(null, "completed", 0.5));
        var learning = score(run(null, "completed", 0.8), run(null, "completed", 0.7), run(null, "completed", 0.5));
        assertEquals((0.8 + 0.7 + 0.5) / 3, learning.meanFinalPerformance(), 1e-12);
        assertTrue(learning.compareTo(atChance) < 0 && atChance.compareTo(learning) > 0);
        var fasterButWorse = score(run(100L, "completed", 0.9), run(100L, "completed", 0.9), run(100L, "completed", 0.9));
        var slowerButBetter = score(run(200L, "completed", 1.0), run(200L, "completed", 1.0), run(200L, "completed", 1.0));
        assertTrue(fasterButWorse.compareTo(slowerButBetter) < 0, "final performance only breaks ties");
    }

    /**
     * The search picks each rule's best rate and writes it under summary.json's lr_search in one
     * fixed key order (chosen, by_lr; every score's keys as declared), not a hash map's.
     */
    @Test
    void theSearchChoosesPerRuleAndWritesItsScoresInAFixedOrder() throws Exception {
        Path root = Path.of("search");
        var search = new LearningRateSearch(org.psrnn.io.ConfigFile.empty().with("iterations", "100", RunConfig.allKeys(), "test")
                .with("batch", "10", RunConfig.allKeys(), "test"), List.of("bp", "switch"), "0.01, 0.1", 2, root);
        assertEquals(8, search.jobs().size());
        assertEquals("1001-1002", search.seedRange());
        List<Comparison.Finished> done = new ArrayList<>();
        for (Comparison.Job j : search.jobs()) {
            boolean fast = j.dir().toString().contains(j.rule().equals("bp") ? "lr0.1" : "lr0.01");
            RunSummary s = new RunSummary("DelayMatchSample", j.rule(), j.seed(), "cpu", true, fast ? 300L : 600L, 0.9, 100, 1000, 1.0,
                    0.1, 1, Map.of(), Map.of(), Ending.COMPLETED, "now", "", null);
            done.add(new Comparison.Finished(j, s, List.of(), null));
        }
        LearningRateSearch.Result r = search.choose(done);
        assertEquals(Map.of("bp", Map.of("lr", "0.1"), "switch", Map.of("lr", "0.01")), r.settings());
        assertTrue(r.notes().get(0).startsWith("learning rate of bp: 0.1, the best of 0.01,0.1 over seeds 1001-1002"), r.notes().get(0));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r);
        assertEquals("{\"bp\":{\"chosen\":\"0.1\",\"by_lr\":{\"0.01\":{\"diverged\":0,\"median_trials_to_criterion\":600.0,"
                + "\"mean_trials\":600.0,\"reached\":2,\"mean_final_performance\":1.0},\"0.1\":{\"diverged\":0,"
                + "\"median_trials_to_criterion\":300.0,\"mean_trials\":300.0,\"reached\":2,\"mean_final_performance\":1.0}}},"
                + "\"switch\":{\"chosen\":\"0.01\",\"by_lr\":{\"0.01\":{\"diverged\":0,\"median_trials_to_criterion\":300.0,"
                + "\"mean_trials\":300.0,\"reached\":2,\"mean_final_performance\":1.0},\"0.1\":{\"diverged\":0,"
                + "\"median_trials_to_criterion\":600.0,\"mean_trials\":600.0,\"reached\":2,\"mean_final_performance\":1.0}}}}", json);
    }
}
