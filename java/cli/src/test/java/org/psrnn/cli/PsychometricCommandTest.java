package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.testing.Cli.Result;

/** The psychometric curve from the command line: train records it, analyze prints and draws it, compare reports it by rule. */
class PsychometricCommandTest {
    @TempDir
    Path dir;

    private static Result ok(String... args) {
        Result r = psrnn(args);
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    /** The number analyze prints on the line of {@code name} ("threshold  4.42 %"), or null for "-". */
    private static Double printed(String out, String name) {
        Matcher m = Pattern.compile("(?m)^  " + name + "\\s+(\\S+)").matcher(out);
        assertTrue(m.find(), name + " in " + out);
        return m.group(1).equals("-") ? null : Double.parseDouble(m.group(1));
    }

    private static void assertPrintedAsRecorded(String out, JsonNode curve) {
        for (String name : List.of("bias", "threshold", "slope")) {
            Double got = printed(out, name);
            assertFalse(curve.get(name).isNull(), "60 iterations make the network choose: " + curve);
            assertEquals(Double.parseDouble(String.format(Locale.ROOT, "%.4g", curve.get(name).asDouble())), got, name);
        }
    }

    @Test
    void analyzePrintsAndDrawsTheCurveOfAPerceptualDecisionRun() throws Exception {
        Path run = dir.resolve("pdm");
        Result trained = ok("train", "--task", "pdm", "--hidden", "32", "--iterations", "60", "--eval-every", "20", "--set", "eval_batch=32",
                "--engine", "cpu", "--out", run.toString());
        assertTrue(trained.out().contains("psychometric curve: bias "), trained.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
        JsonNode curve = summary.get("psychometric");
        assertEquals("signed coherence", curve.get("variable").asText());
        assertEquals(11, curve.get("points").size());
        for (JsonNode p : curve.get("points")) {
            assertEquals(200, p.get("trials").asInt());
            assertEquals(200, p.get("positive").asInt() + p.get("negative").asInt() + p.get("neither").asInt());
        }
        assertTrue(Files.size(run.resolve("plots/psychometric.png")) > 0, "training draws it");
        assertTrue(Files.readString(run.resolve("report.html")).contains("<h2>Psychometric curve</h2>"));

        Files.delete(run.resolve("plots/psychometric.png"));
        Files.delete(run.resolve("plots/psychometric.svg"));
        Result r = ok("analyze", run.toString());
        assertTrue(r.out().contains("psychometric curve (summary.json)"), r.out());
        assertTrue(r.out().contains("signed coherence (%)"), r.out());
        assertPrintedAsRecorded(r.out(), curve);
        assertTrue(Files.size(run.resolve("plots/psychometric.png")) > 0);
        String svg = Files.readString(run.resolve("plots/psychometric.svg"));
        assertTrue(svg.startsWith("<?xml") || svg.contains("<svg"), "an SVG document");
        assertTrue(svg.contains("signed coherence (%)"), "the axis is labelled");

        // A summary without the section (written before it existed): measured again on the final network, the same numbers.
        ((ObjectNode) summary).remove("psychometric");
        json.writeValue(run.resolve("summary.json").toFile(), summary);
        Result again = ok("analyze", run.toString());
        assertTrue(again.out().contains("measured now on the final network"), again.out());
        assertPrintedAsRecorded(again.out(), curve);
    }

    @Test
    void analyzeSaysADelayedMatchToSampleRunHasNoCurve() throws Exception {
        Path run = dir.resolve("dms");
        ok("train", "--task", "dms", "--hidden", "12", "--iterations", "4", "--eval-every", "2", "--set", "eval_batch=16", "--engine", "cpu",
                "--out", run.toString());
        assertFalse(Files.readString(run.resolve("summary.json")).contains("psychometric"));
        Result r = ok("analyze", run.toString());
        assertTrue(r.out().contains("psychometric curve: none for DelayMatchSample"), r.out());
        assertFalse(Files.exists(run.resolve("plots/psychometric.png")));
        assertTrue(r.out().contains("(learning_curve, weights, structure, plasticity; .png and .svg)"), r.out());
    }

    @Test
    void aPerceptualDecisionComparisonReportsTheCurveAndFitByRule() throws Exception {
        Path root = dir.resolve("cmp");
        ok("compare", "--task", "pdm", "--rules", "bp,switch", "--seeds", "2", "--hidden", "12", "--iterations", "6", "--eval-every", "3",
                "--set", "eval_batch=16", "--lr-search", "none", "--engine", "cpu", "--out", root.toString());
        String html = Files.readString(root.resolve("report.html"));
        assertTrue(html.contains("<h2>Psychometric curve</h2>") && html.contains("Psychometric curves"), "section and figure");
        for (String name : List.of("psychometric bias (%)", "psychometric threshold (%)", "psychometric slope (per %)")) {
            assertTrue(html.contains("<td>" + name + "</td>"), name);
        }
        List<String> csv = Files.readAllLines(root.resolve("summary.csv"));
        for (String rule : List.of("bp", "switch")) {
            assertTrue(csv.stream().anyMatch(l -> l.startsWith("rule," + rule + ",,psychometric_threshold,")), rule + ": " + csv);
            assertTrue(csv.stream().anyMatch(l -> l.startsWith("rule," + rule + ",,psychometric_slope,")), rule);
        }
        // Each seed's threshold in the comparison is its run's.
        JsonNode s = new ObjectMapper().readTree(root.resolve("summary.json").toFile());
        for (String rule : List.of("bp", "switch")) {
            for (int seed = 1; seed <= 2; seed++) {
                JsonNode run = new ObjectMapper().readTree(root.resolve(rule + "/seed" + seed + "/summary.json").toFile());
                JsonNode threshold = run.get("psychometric").get("threshold");
                JsonNode inComparison = s.get("by_rule").get(rule).get("per_seed").get("psychometric_threshold").get(Integer.toString(seed));
                if (threshold.isNull()) assertTrue(inComparison.isNull() || inComparison.asText().equals("NaN"), inComparison.toString());
                else assertEquals(threshold.asDouble(), inComparison.asDouble());
            }
        }
    }
}
