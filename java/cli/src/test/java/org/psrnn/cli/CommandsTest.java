package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.testing.Cli.Result;

/** The commands around training, end to end: bench, analyze, train's configuration layers, demo. */
class CommandsTest {
    @TempDir
    Path dir;


    private static Result ok(String... args) {
        Result r = psrnn(args);
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    @Test
    void benchPrintsItsTableAndEndsWithTheRate() {
        for (String engine : new String[] {"cpu", "reference"}) {
            Result r = ok("bench", "--engine", engine, "--hidden", "16", "--batch", "4", "--steps", "5", "--seconds", "0.2", "--warmup", "0.1");
            String[] lines = r.out().strip().split("\n");
            assertTrue(lines[0].startsWith("psrnn bench: engine " + engine + " ("), r.out());
            assertTrue(r.out().contains("ms/iteration") && r.out().contains("GFLOP/s"), r.out());
            Matcher m = Pattern.compile("iterations_per_second=(\\S+)").matcher(lines[lines.length - 1]);
            assertTrue(m.matches(), "last line: " + lines[lines.length - 1]);
            assertTrue(Double.parseDouble(m.group(1)) > 0, r.out());
        }
        Result bad = psrnn("bench", "--hidden", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("hidden = 0"), bad.err());
    }

    /** The kernels' napkin math needs no GPU: no engine is made. */
    @Test
    void benchModelPrintsTheKernelsWithoutAGpu() {
        Result r = ok("bench", "--engine", "cuda", "--model", "--hidden", "256", "--batch", "64", "--steps", "100");
        assertTrue(r.out().contains("on the NVIDIA H200 SXM"), r.out());
        // 19 kernels besides the 2 x T steps and reduce_gh (17 G/H ranges at N = 256): 220 tiled or blocked, 22 persistent.
        assertTrue(r.out().contains("persistent form, 22 kernels per iteration"), r.out());
        assertTrue(r.out().contains("tiled form, 220 kernels per iteration"), r.out());
        assertTrue(r.out().contains("blocked form, 220 kernels per iteration"), r.out());
        assertTrue(Pattern.compile("forward_blocked\\s+100\\s+0\\.839\\s").matcher(r.out()).find(), r.out());
        // The forward product: 2 N^2 B T = 0.839 GFLOP.
        assertTrue(Pattern.compile("forward_tiled\\s+100\\s+0\\.839\\s").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("gh_tiled \\(G and H\\)\\s+1\\s+1\\.678\\s").matcher(r.out()).find(), r.out());
        // The tiled form with tensor-core math: tf32x3 runs three tf32 products per product.
        assertTrue(r.out().contains("tiled+tf32x3 form, 220 kernels per iteration") && r.out().contains("tiled+tf32 form, 220 kernels"), r.out());
        assertTrue(Pattern.compile("gh_tiled_tc<tf32x3> \\(G and H\\)\\s+1\\s+5\\.033\\s").matcher(r.out()).find(), r.out());
        Result big = ok("bench", "--engine", "cuda", "--model", "--hidden", "16384", "--device", "h100");
        assertTrue(big.out().contains("persistent form: does not fit") && big.out().contains("tiled form, 219 kernels"), big.out());
        Result bad = psrnn("bench", "--engine", "cuda", "--model", "--device", "a100");
        assertEquals(2, bad.code());
        assertEquals("psrnn bench: error: device = 'a100' is not allowed: must be one of h100, h200", bad.err().strip());
        assertEquals(2, psrnn("bench", "--engine", "cpu", "--model").code());
    }

    @Test
    void analyzePrintsTheMetricsAndRedrawsThePlots() throws Exception {
        Path run = dir.resolve("run");
        ok("train", "--task", "gonogo", "--hidden", "12", "--iterations", "10", "--eval-every", "5", "--engine", "reference",
                "--out", run.toString());
        String summary = Files.readString(run.resolve("summary.json"));
        Files.delete(run.resolve("plots/weights.png"));
        Files.delete(run.resolve("plots/learning_curve.svg"));
        Files.delete(run.resolve("plots/plasticity.png"));
        Files.delete(run.resolve("plots/plasticity.svg"));
        Result r = ok("analyze", run.toString());
        assertTrue(Files.size(run.resolve("plots/weights.png")) > 0 && Files.size(run.resolve("plots/learning_curve.svg")) > 0);
        assertTrue(Files.size(run.resolve("plots/plasticity.png")) > 0 && Files.size(run.resolve("plots/plasticity.svg")) > 0);
        assertTrue(r.out().contains("(learning_curve, weights, structure, plasticity; .png and .svg)"), r.out());
        // The printed antisymmetry index is the one the run recorded.
        JsonNode s = new ObjectMapper().readTree(summary);
        double recorded = s.get("structure").get("antisymmetry").asDouble();
        Matcher m = Pattern.compile("antisymmetry\\s+(\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(recorded, Double.parseDouble(m.group(1)), 1e-4);
        assertTrue(r.out().contains("performance"), r.out());
        Result missing = psrnn("analyze", dir.resolve("nothing").toString());
        assertEquals(2, missing.code());
    }

    /** Configuration layers: the file, then the options, then --set; a key only in the file stays. */
    @Test
    void trainTakesTheFileThenOptionsThenSet() throws Exception {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"hidden\": 12, \"lr\": 0.5, \"eta_h\": 0.0002, \"task\": \"gonogo\", \"iterations\": 3}");
        Path run = dir.resolve("layers");
        ok("train", "--config", config.toString(), "--hidden", "10", "--set", "lr=0.02", "--eval-every", "3", "--engine", "reference",
                "--out", run.toString());
        JsonNode c = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals(10, c.get("hidden").asInt(), "the option beats the file");
        assertEquals(0.02, c.get("lr").asDouble(), "--set beats the file");
        assertEquals(0.0002, c.get("eta_h").asDouble(), "the file beats the defaults");
        assertEquals("GoNogo", c.get("task").asText());
        assertEquals(3, c.get("iterations").asInt());
        Files.writeString(config, "{\"hiden\": 12}");
        Result bad = psrnn("train", "--config", config.toString(), "--out", dir.resolve("never").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'hiden'") && bad.err().contains("did you mean 'hidden'?"), bad.err());
    }

    /** psrnn demo as a newcomer runs it: both networks learn delayed match-to-sample, and it says so. */
    @Test
    void demoTrainsBothNetworksToCriterionAndComparesThem() throws Exception {
        Result r = ok("demo", "--out", dir.resolve("demo").toString());
        assertTrue(r.out().contains("trials to criterion") && r.out().contains("antisymmetry"), r.out());
        // Each rule at its own rate, said on screen, and the verdict left to the seeds of docs/EXPERIMENTS.md.
        assertTrue(r.out().contains("learning rates: switch 0.01, bp 0.001"), r.out());
        assertTrue(r.out().contains("one seed is an anecdote"), r.out());
        // What performance measures, and each structure metric beside its reference.
        assertTrue(r.out().contains("performance = share of the 128 held-out trials answered right; chance 0.5"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+bimodality_abs\\s+\\S+\\s+\\S+\\s+above 5/9 suggests two modes")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+antisymmetry\\s+\\S+\\s+\\S+\\s+0 symmetric, 1 antisymmetric, about 0.5 "
                + "for i.i.d. entries")), r.out());
        ObjectMapper json = new ObjectMapper();
        for (String rule : new String[] {"switch", "bp"}) {
            JsonNode s = json.readTree(dir.resolve("demo/" + rule + "/summary.json").toFile());
            assertTrue(s.get("reached_criterion").asBoolean(), rule + ": " + s);
            assertTrue(s.get("final_performance").asDouble() >= 0.9, rule + ": " + s);
            assertEquals(Double.parseDouble(DemoCommand.RATES.get(rule)), json.readTree(dir.resolve("demo/" + rule + "/config.json").toFile())
                    .get("lr").asDouble(), rule);
        }
        assertTrue(Files.isRegularFile(dir.resolve("demo/switch/plots/learning_curve.png")));
        // A comparison of one seed: its files as psrnn compare writes them, paired by that seed.
        JsonNode comparison = json.readTree(dir.resolve("demo/summary.json").toFile());
        assertEquals("[\"switch\",\"bp\"]", comparison.get("rules").toString());
        assertEquals("[1]", comparison.get("seeds").toString());
        for (String rule : new String[] {"switch", "bp"}) {
            assertEquals(json.readTree(dir.resolve("demo/" + rule + "/summary.json").toFile()).get("trials_to_criterion").asDouble(),
                    comparison.at("/by_rule/" + rule + "/trials_to_criterion/mean").asDouble(), rule);
        }
        assertTrue(Files.readString(dir.resolve("demo/report.html")).contains("switch vs bp"), "report.html");
        assertTrue(r.out().contains("the two side by side: " + dir.resolve("demo") + "/report.html"), r.out());
    }
}
