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
                ending.equals("diverged") ? 300L : 1000L, finalPerformance, 0.1, 1, Map.of(), Ending.of(ending), "now", "", null);
        return new Comparison.Finished(new Comparison.Job("switch", 1, Path.of("x"), CONFIG), s, List.of(), null);
    }

    private static Comparison.SearchScore score(Comparison.Finished... runs) {
        return Comparison.SearchScore.of(new ArrayList<>(List.of(runs)));
    }

    @Test
    void scoresCountDivergedAndCensoredRuns() {
        Comparison.SearchScore s = score(run(200L, "completed"), run(null, "completed"), run(100L, "diverged"));
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
}
