package org.psrnn.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.cli.Main;
import org.psrnn.results.Metric;

/** psrnn compare end to end: paired runs, resumability, censoring, summary files, and report.html in a real browser. */
class CompareTest {
    @TempDir
    static Path dir;
    static Path root;
    static String firstOutput;

    static String psrnn(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        assertEquals(0, code, o + "\n" + e);
        return o.toString();
    }

    /** GoNogo, 3 rules x 3 seeds; criterion 1.0 within 60 iterations is not always reached, so some runs are censored. */
    @BeforeAll
    static void compare() {
        root = dir.resolve("cmp");
        firstOutput = psrnn("compare", "--task", "gonogo", "--rules", "bp,switch,hebb", "--seeds", "3", "--hidden", "16",
                "--iterations", "60", "--eval-every", "10", "--criterion", "1.0", "--set", "eval_batch=32", "--lr-search", "none",
                "--out", root.toString());
    }

    @Test
    void everyRuleAndSeedIsARunAndPairedBySeed() throws Exception {
        assertTrue(firstOutput.contains("9 runs, 0 finished already, 9 to train"), firstOutput);
        assertTrue(firstOutput.matches("(?s).*psrnn compare: 1 of 9 runs done \\([0-9ms]+, about [0-9hms]+ left\\).*")
                && firstOutput.contains("psrnn compare: 9 of 9 runs done ("), "progress over the whole comparison: " + firstOutput);
        assertTrue(!Files.exists(root.resolve("lr-search")) && !Files.readString(root.resolve("summary.json")).contains("lr_search"),
                "--lr-search none: no search");
        for (String rule : new String[] {"bp", "switch", "hebb"}) {
            for (int s = 1; s <= 3; s++) assertTrue(Files.isRegularFile(root.resolve(rule + "/seed" + s + "/weights.npz")), rule + s);
        }
        // Same seed, same initial weights for every rule.
        var a = org.psrnn.io.Npz.read(root.resolve("bp/seed2/weights.npz")).get("W_rec_init").bytes();
        var b = org.psrnn.io.Npz.read(root.resolve("hebb/seed2/weights.npz")).get("W_rec_init").bytes();
        assertTrue(java.util.Arrays.equals(a, b));
    }

    @Test
    void summariesCountCensoredRunsAndTestPairs() throws Exception {
        JsonNode s = new ObjectMapper().readTree(root.resolve("summary.json").toFile());
        int censored = 0, runs = 0;
        for (String rule : new String[] {"bp", "switch", "hebb"}) {
            JsonNode ttc = s.get("by_rule").get(rule).get("trials_to_criterion");
            censored += ttc.get("censored").asInt();
            runs += ttc.get("reached").asInt() + ttc.get("censored").asInt();
            assertEquals(ttc.get("reached").asInt(), ttc.get("n").asInt(), "mean over the runs that reached it");
            int diverged = 0;
            for (int seed = 1; seed <= 3; seed++) {
                JsonNode run = new ObjectMapper().readTree(root.resolve(rule + "/seed" + seed + "/summary.json").toFile());
                if (run.get("ending").asText().equals("diverged")) diverged++;
                double inTests = s.get("by_rule").get(rule).get("per_seed").get("trials_to_criterion").get(Integer.toString(seed)).asDouble();
                double want = run.get("reached_criterion").asBoolean() ? run.get("trials_to_criterion").asDouble() : 60 * 32;
                assertEquals(want, inTests, rule + " seed " + seed + ": a censored run enters the tests with its whole budget");
            }
            assertEquals(diverged, ttc.get("diverged").asInt(), rule);
        }
        assertEquals(9, runs);
        assertTrue(censored > 0, "some runs never reach performance 1.0 in 60 iterations: " + s.get("by_rule"));
        // 3 pairs of rules x every metric, but for those a rule leaves undefined: bp has no WEAK synapse (their mean and 99th
        // percentile |W|, bimodality, and the Hebbian alignment), hebb no STRONG one (their bimodality); GoNogo has no
        // psychometric curve (its three numbers, for every pair).
        int undefined = 5 + (5 + 1) + 1 + 3 * 3; // bp-switch, bp-hebb, switch-hebb; psychometric
        assertEquals(3 * Metric.values().length - undefined, s.get("tests").size(), "3 pairs of rules x every metric defined for both");
        for (JsonNode t : s.get("tests")) {
            double p = t.get("p_wilcoxon").asDouble();
            assertTrue(p >= 0 && p <= 1, t.toString());
            assertEquals(3, t.get("n").asInt());
        }
        List<String> csv = Files.readAllLines(root.resolve("summary.csv"));
        assertTrue(csv.get(0).startsWith("kind,rule,other,metric,n,mean,sem,median,reached,censored"));
        assertEquals(1 + 3 * Metric.values().length + s.get("tests").size(), csv.size(), "a row per rule and metric, and per test");
    }

    /** The terminal table, like report.html's, says how many runs reached the criterion: its trials are a mean over those alone. */
    @Test
    void theTerminalTableSaysHowManyRunsReachedTheCriterion() throws Exception {
        JsonNode s = new ObjectMapper().readTree(root.resolve("summary.json").toFile());
        String row = firstOutput.lines().filter(l -> l.startsWith("reached / runs")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'reached / runs' row: " + firstOutput));
        List<String> cells = List.of(row.substring("reached / runs".length()).strip().split(" {2,}"));
        List<String> want = new ArrayList<>();
        for (String rule : new String[] {"bp", "switch", "hebb"}) {
            JsonNode ttc = s.get("by_rule").get(rule).get("trials_to_criterion");
            want.add(ttc.get("reached").asInt() + " / " + (ttc.get("reached").asInt() + ttc.get("censored").asInt()));
        }
        assertEquals(want, cells, row);
    }

    /** 3 seeds can never give p < 0.05 (smallest two-sided p 2 / 2^3): said before the runs start, and again in the headline. */
    @Test
    void tooFewSeedsForSignificanceAreNamedBeforeTraining() {
        int note = firstOutput.indexOf("with 3 seeds no paired test can reach p < 0.05 (the smallest two-sided p of 3 pairs is 0.25); "
                + "at least 6 seeds can");
        assertTrue(note >= 0 && note < firstOutput.indexOf("9 runs, 0 finished already"), firstOutput);
        assertTrue(firstOutput.contains("With 3 paired seeds no difference can be significant at 0.05"), firstOutput);
    }

    @Test
    void aSecondRunRedoesNothing() {
        String again = psrnn("compare", "--task", "gonogo", "--rules", "bp,switch,hebb", "--seeds", "3", "--hidden", "16",
                "--iterations", "60", "--eval-every", "10", "--criterion", "1.0", "--set", "eval_batch=32", "--lr-search", "none",
                "--out", root.toString());
        assertTrue(again.contains("9 runs, 9 finished already, 0 to train"), again);
    }

    /**
     * The search gives each rule the rate with the fewest diverged runs, then the lowest median trials
     * to criterion, recomputed here from the search runs' own files ({@code SearchScoreTest} has the ranking's corner cases).
     */
    @Test
    void learningRateSearchPicksTheFastestStableRateFromItsOwnRuns() throws Exception {
        Path cmp = dir.resolve("lr");
        psrnn("compare", "--task", "gonogo", "--rules", "bp,switch", "--seeds", "1", "--hidden", "16", "--batch", "16", "--iterations", "80",
                "--eval-every", "10", "--set", "eval_batch=32", "--lr-search", "0.0003,0.03", "--search-seeds", "3",
                "--out", cmp.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode search = json.readTree(cmp.resolve("summary.json").toFile()).get("lr_search");
        boolean someRateReached = false;
        for (String rule : new String[] {"bp", "switch"}) {
            String best = null;
            double[] bestKey = null;
            for (String lr : new String[] {"0.0003", "0.03"}) {
                double[] ttc = new double[3];
                int diverged = 0;
                double mean = 0, performance = 0;
                for (int s = 0; s < 3; s++) {
                    Path run = cmp.resolve("lr-search/" + rule + "/lr" + lr + "/" + rule + "/seed" + (1001 + s));
                    JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
                    JsonNode config = json.readTree(run.resolve("config.json").toFile());
                    assertEquals(Double.parseDouble(lr), config.get("lr").asDouble(), run.toString());
                    boolean bad = summary.get("ending").asText().equals("diverged");
                    if (!bad) assertEquals(80, summary.get("iterations").asInt(), "search runs train the whole budget: " + run);
                    diverged += bad ? 1 : 0;
                    boolean reached = summary.get("reached_criterion").asBoolean();
                    ttc[s] = reached && !bad ? summary.get("trials_to_criterion").asDouble() : Double.POSITIVE_INFINITY;
                    mean += (reached ? summary.get("trials_to_criterion").asDouble() : 80 * 16) / 3.0;
                    performance += summary.get("final_performance").asDouble() / 3.0;
                }
                java.util.Arrays.sort(ttc);
                double[] key = {diverged, ttc[1], mean, -performance};
                if (best == null || java.util.Arrays.compare(key, bestKey) < 0) {
                    best = lr;
                    bestKey = key;
                }
                JsonNode reported = search.get(rule).get("by_lr").get(lr);
                assertEquals(ttc[1], reported.get("median_trials_to_criterion").asDouble(), rule + " " + lr);
                assertEquals(diverged, reported.get("diverged").asInt(), rule + " " + lr);
            }
            assertEquals(best, search.get(rule).get("chosen").asText(), rule + ": " + search.get(rule));
            someRateReached |= Double.isFinite(bestKey[1]);
            JsonNode main = json.readTree(cmp.resolve(rule + "/seed1/config.json").toFile());
            assertEquals(Double.parseDouble(search.get(rule).get("chosen").asText()), main.get("lr").asDouble(),
                    "the comparison's run trains at the chosen rate");
        }
        assertTrue(someRateReached, "the medians decided something: " + search);
    }

    /** A comparison stopped part way continues its unfinished runs from their checkpoints and ends as one never stopped. */
    @Test
    void anInterruptedRunIsContinuedBitIdentical() throws Exception {
        // The reference engine: its results do not depend on the thread count a run gets.
        String[] args = {"compare", "--task", "gonogo", "--rules", "switch", "--seeds", "2", "--hidden", "16", "--iterations", "40",
            "--eval-every", "10", "--set", "eval_batch=32", "--engine", "reference", "--lr-search", "none"};
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        psrnn(concat(args, "--out", whole.toString()));
        // Seed 2 of the second comparison stops after 20 iterations, as a Ctrl-C would leave it.
        org.psrnn.io.ConfigFile c = org.psrnn.io.ConfigFile.empty();
        String[] kv = {"task", "gonogo", "rule", "switch", "seed", "2", "hidden", "16", "iterations", "40", "eval_every", "10",
            "eval_batch", "32", "engine", "reference"};
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], org.psrnn.train.RunConfig.allKeys(), "test");
        org.psrnn.train.TrainingRun.execute(org.psrnn.train.RunConfig.from(c), parts.resolve("switch/seed2"), false,
                new PrintWriter(new StringWriter()), false, "", "test", 1, new org.psrnn.train.StopRequest(20));
        String out = psrnn(concat(args, "--out", parts.toString()));
        assertTrue(out.contains("2 runs, 0 finished already, 2 to train"), out);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(whole.resolve("switch/seed2/weights.npz")),
                Files.readAllBytes(parts.resolve("switch/seed2/weights.npz"))), "resumed weights equal the uninterrupted run's");
    }

    /** The first comparison was made without a search; rerun without --lr-search none it is refused at once, not after a search. */
    @Test
    void aComparisonMadeWithoutASearchIsNotContinuedWithOne() {
        String[] args = {"compare", "--task", "gonogo", "--rules", "bp,switch,hebb", "--seeds", "3", "--hidden", "16",
            "--iterations", "60", "--eval-every", "10", "--criterion", "1.0", "--set", "eval_batch=32", "--out", root.toString()};
        StringWriter o = new StringWriter(), e = new StringWriter();
        assertEquals(2, Main.run(args, new PrintWriter(o), new PrintWriter(e)), o + "\n" + e);
        assertTrue(e.toString().contains("made without a learning-rate search") && e.toString().contains("--lr-search none"), e.toString());
        assertTrue(!Files.exists(root.resolve("lr-search")), "no search was started");
    }

    /** With neither --lr-search nor lr given, every rule's rate comes from the default grid; a given lr is used as it is. */
    @Test
    void theDefaultComparisonSearchesEachRulesLearningRateUnlessLrIsSet() throws Exception {
        String[] args = {"compare", "--task", "gonogo", "--rules", "bp", "--seeds", "1", "--search-seeds", "1", "--hidden", "8",
            "--batch", "8", "--iterations", "10", "--eval-every", "5", "--set", "eval_batch=16"};
        Path searched = dir.resolve("default-search"), fixed = dir.resolve("lr-given");
        String out = psrnn(concat(args, "--out", searched.toString()));
        assertTrue(out.contains("searched first, over 0.001,0.003,0.01,0.03 on seeds 1001-1001 (4 runs)"), out);
        ObjectMapper json = new ObjectMapper();
        JsonNode byLr = json.readTree(searched.resolve("summary.json").toFile()).get("lr_search").get("bp").get("by_lr");
        for (String lr : new String[] {"0.001", "0.003", "0.01", "0.03"}) {
            assertTrue(byLr.has(lr), byLr.toString());
            assertEquals(Double.parseDouble(lr), json.readTree(searched.resolve("lr-search/bp/lr" + lr + "/bp/seed1001/config.json").toFile())
                    .get("lr").asDouble());
        }
        assertEquals(Double.parseDouble(json.readTree(searched.resolve("summary.json").toFile()).get("lr_search").get("bp").get("chosen").asText()),
                json.readTree(searched.resolve("bp/seed1/config.json").toFile()).get("lr").asDouble(), "the run trains at the chosen rate");
        String chosen = json.readTree(searched.resolve("summary.json").toFile()).get("lr_search").get("bp").get("chosen").asText();
        assertTrue(out.matches("(?s).*\\nlearning rate +" + java.util.regex.Pattern.quote(String.valueOf(Double.parseDouble(chosen))) + "\\n.*"), out);
        String html = Files.readString(searched.resolve("report.html"));
        assertTrue(html.contains("<td>bp</td><td>" + Double.parseDouble(chosen) + "</td>") && html.contains("best learning rate from the same search"),
                "the first screen says at which rate each rule trained");
        // A stop at the criterion set for every run does not stop the search runs: they train the whole budget.
        Path stopping = dir.resolve("search-with-stop");
        psrnn(concat(args, "--lr-search", "0.03", "--set", "stop_at_criterion=true", "--out", stopping.toString()));
        JsonNode searchRun = json.readTree(stopping.resolve("lr-search/bp/lr0.03/bp/seed1001/config.json").toFile());
        assertTrue(!searchRun.get("stop_at_criterion").asBoolean(), searchRun.toString());
        assertTrue(json.readTree(stopping.resolve("bp/seed1/config.json").toFile()).get("stop_at_criterion").asBoolean());
        // Rerun over another grid once the comparison's runs exist: refused at once, naming the grid that continues it.
        StringWriter o = new StringWriter(), e = new StringWriter();
        assertEquals(2, Main.run(concat(args, "--out", searched.toString(), "--lr-search", "0.01,0.03"), new PrintWriter(o), new PrintWriter(e)));
        assertTrue(e.toString().contains("over 0.001,0.003,0.01,0.03, not 0.01,0.03: give --lr-search 0.001,0.003,0.01,0.03"), e.toString());
        out = psrnn(concat(args, "--set", "lr=0.02", "--out", fixed.toString()));
        assertTrue(!out.contains("searched") && !Files.exists(fixed.resolve("lr-search")), out);
        assertEquals(0.02, json.readTree(fixed.resolve("bp/seed1/config.json").toFile()).get("lr").asDouble());
    }

    /** A bad grid, or a grid together with a set lr, is a user mistake: exit 2, one line naming it, no folder. */
    @Test
    void aBadLearningRateSearchIsRefusedBeforeAnythingIsWritten() {
        String[][] cases = {{"--lr-search", "0.01,abc"}, {"--lr-search", "0.01,-1"}, {"--lr-search", "0.01", "--set", "lr=0.02"},
            {"--lr-search", "0.01,1e-2"}, {"--search-seeds", "0"}};
        String[] named = {"'abc' is not a number", "--lr-search entry", "both given", "names the rate 1e-2 twice", "search-seeds = 0"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("bad-search-" + i);
            String[] args = concat(concat(new String[] {"compare", "--task", "gonogo", "--rules", "bp", "--seeds", "1", "--hidden", "8",
                "--iterations", "10", "--out", out.toString()}), cases[i]);
            StringWriter o = new StringWriter(), e = new StringWriter();
            assertEquals(2, Main.run(args, new PrintWriter(o), new PrintWriter(e)), o + "\n" + e);
            assertTrue(e.toString().contains(named[i]) && !e.toString().contains("\tat "), e.toString());
            assertTrue(!Files.exists(out), "nothing written for a refused comparison: " + out);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void reportLoadsInAHeadlessBrowserAndItsFiguresRender() throws Exception {
        Path report = root.resolve("report.html");
        String html = Files.readString(report);
        assertTrue(html.contains("class=\"headline\"") && html.contains("Wilcoxon signed-rank p ="), "first screen answers the question");
        assertTrue(html.split("<svg", -1).length - 1 >= 5, "figures inline");
        assertTrue(html.contains("<svg id='plasticity'") && html.contains("STRONG set vs initial")
                && html.contains("Hebbian term vs task gradient"), "each rule's plasticity over training");
        assertTrue(!html.contains("<script") && !html.contains("src=\"http"), "self-contained");

        String chromium = findChromium();
        Assumptions.assumeTrue(chromium != null, "skipped: no chromium (Debian: apt-get install chromium) to load report.html in");
        Path png = dir.resolve("report.png");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--enable-logging=stderr", "--v=0", "--window-size=1200,2400",
                "--screenshot=" + png, report.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        for (String line : log.split("\n")) {
            assertTrue(!(line.contains("CONSOLE") && (line.contains("Error") || line.contains("Uncaught"))) && !line.contains("Uncaught"),
                    "console error: " + line);
        }
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 1000 && img.getHeight() > 2000);
        // The figures drew something: many distinct colours, not a blank page.
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 50, colours.size() + " colours");
    }

    private static String findChromium() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(c))) return c;
        }
        return null;
    }
}
