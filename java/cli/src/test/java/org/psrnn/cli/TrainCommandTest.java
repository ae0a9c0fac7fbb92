package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.testing.Cli.Result;

/** What train, tasks and demo tell a newcomer before and around training, and in what order. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--hidden", "8", "--batch", "4", "--iterations", "2", "--eval-every", "1", "--engine", "reference"};

    private static String[] train(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train"));
        args.addAll(List.of(more));
        args.addAll(List.of(TINY));
        args.addAll(List.of("--out", out.toString()));
        return args.toArray(String[]::new);
    }

    /** The block of `psrnn tasks` about one task. */
    private static String block(String listing, String task) {
        int at = listing.indexOf(task + " (");
        assertTrue(at >= 0, listing);
        int end = listing.indexOf("\n\n", at);
        return listing.substring(at, end < 0 ? listing.length() : end);
    }

    @Test
    void tasksStateTheBestAchievablePerformanceAndTheDefaultCriterion() {
        Result r = psrnn("tasks");
        assertEquals(0, r.code(), r.err());
        // 0.896: worked by hand from the coherences and the input noise (TaskCeilingTest).
        assertTrue(block(r.out(), "PerceptualDecisionMaking").contains("best achievable 0.896"), r.out());
        assertTrue(block(r.out(), "PerceptualDecisionMaking").contains("default criterion 0.8."), r.out());
        assertTrue(block(r.out(), "DelayMatchSample").contains("default criterion 0.9."), r.out());
        assertTrue(block(r.out(), "FlipFlop").contains("Chance 0.125"), r.out());
    }

    @Test
    void aTaskWithALowCeilingTrainsToItsOwnCriterionAndAStricterOneIsWarnedAbout() throws Exception {
        Result r = psrnn(train(dir.resolve("pdm"), "--task", "pdm"));
        assertEquals(0, r.code(), r.err());
        assertEquals(0.8, new ObjectMapper().readTree(dir.resolve("pdm/config.json").toFile()).get("criterion").asDouble());
        assertFalse(r.err().contains("warning"), r.err());
        r = psrnn(train(dir.resolve("strict"), "--task", "pdm", "--criterion", "0.9"));
        assertEquals(0, r.code(), r.err());
        assertEquals(0.9, new ObjectMapper().readTree(dir.resolve("strict/config.json").toFile()).get("criterion").asDouble());
        assertTrue(r.err().contains("psrnn train: warning: criterion 0.9 is at or above PerceptualDecisionMaking's best achievable "
                + "performance (0.896"), r.err());
    }

    /** Performance starts below chance where the network only fixates: the header says what the number measures. */
    @Test
    void theHeaderSaysWhatPerformanceMeasuresAndWhereChanceIs() {
        Result r = psrnn(train(dir.resolve("dms")));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("psrnn train: DelayMatchSample, rule switch"), r.out());
        assertTrue(lines.get(1).startsWith("psrnn train: performance = share of the 128 held-out trials answered right; chance 0.5, "
                + "and 0 while the network only fixates"), r.out());
        assertTrue(lines.get(1).contains("criterion 0.9"), r.out());
        // On GoNogo fixating is the answer to no-go.
        r = psrnn(train(dir.resolve("gonogo"), "--task", "gonogo"));
        assertTrue(r.out().contains("chance 0.5, and 0.5 while the network only fixates"), r.out());
    }

    /** A mistake is the only thing printed: no header that looks as if training had started. */
    @Test
    void mistakesComeFirstAndAlone() {
        Path run = dir.resolve("run");
        assertEquals(0, psrnn(train(run)).code());
        Result again = psrnn(train(run));
        assertEquals(2, again.code());
        assertEquals("", again.out());
        assertTrue(again.err().strip().endsWith("already holds a run; choose another --out, or add --overwrite to replace it"), again.err());
        assertFalse(again.err().strip().contains("\n"), again.err());

        Result gpu = psrnn("train", "--engine", "gpu", "--out", dir.resolve("gpu").toString());
        assertEquals(2, gpu.code());
        assertEquals("", gpu.out());
        assertEquals("psrnn train: error: engine = 'gpu' is not allowed: must be one of cuda, cpu, reference, auto (did you mean 'cuda'?)",
                gpu.err().strip());
        Result demo = psrnn("demo", "--engine", "gpu", "--out", dir.resolve("demo").toString());
        assertEquals(2, demo.code());
        assertEquals("", demo.out());
        assertFalse(Files.exists(dir.resolve("gpu")) || Files.exists(dir.resolve("demo")));

        Assumptions.assumeFalse(org.psrnn.testing.Gpu.Condition.available(), "a GPU is here");
        Result cuda = psrnn("train", "--engine", "cuda", "--out", dir.resolve("cuda").toString());
        assertEquals(2, cuda.code());
        assertEquals("", cuda.out());
        assertTrue(cuda.err().startsWith("psrnn train: error: engine 'cuda' is not available here: "), cuda.err());
        assertFalse(cuda.err().strip().contains("\n"), cuda.err());
    }

    @Test
    void trainHelpSaysWhatEachRuleDoes() {
        Result r = psrnn("train", "--help");
        assertEquals(0, r.code(), r.err());
        String[][] rules = {{"switch", "theta"}, {"switch-stochastic", "random"}, {"bp", "STRONG"}, {"fixed", "strong_fraction"},
            {"hebb", "Hebbian"}};
        for (String[] rule : rules) {
            String line = r.out().lines().filter(l -> l.matches("\\s+" + rule[0] + "\\s{2,}\\S.*")).findFirst().orElse("");
            assertTrue(line.contains(rule[1]), rule[0] + " has a line of its own saying what it does:\n" + r.out());
            assertTrue(line.length() <= 80, "one line: " + line);
        }
    }
}
