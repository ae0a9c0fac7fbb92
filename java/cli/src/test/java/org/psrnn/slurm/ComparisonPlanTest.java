package org.psrnn.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.InvalidInputException;
import org.psrnn.io.ConfigFile;
import org.psrnn.testing.Cli.Result;
import org.psrnn.train.Comparison;
import org.psrnn.train.LearningRateSearch;
import org.psrnn.train.RunConfig;
import org.psrnn.train.slurm.ComparisonPlan;

/**
 * The plan a Slurm comparison writes, without Slurm: it reads back as written, its runs are the
 * local executor's, an edited or foreign file is refused in one line, and {@code psrnn run-task}
 * over every index, then {@code --summary}, leaves the folder a local comparison leaves.
 */
class ComparisonPlanTest {
    @TempDir
    Path dir;

    /** The compare options of the tests, and the settings they give. */
    static final List<String> OPTIONS = List.of("--task", "gonogo", "--hidden", "8", "--batch", "4", "--iterations", "20", "--eval-every", "10",
            "--seeds", "2", "--rules", "bp,switch", "--lr-search", "0.01,0.03", "--search-seeds", "1", "--engine", "cpu");

    static ConfigFile base() {
        String[] kv = {"task", "gonogo", "hidden", "8", "batch", "4", "iterations", "20", "eval_every", "10", "engine", "cpu"};
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "test");
        return c;
    }

    static ComparisonPlan plan(Path root, String grid) {
        return ComparisonPlan.of(base(), List.of("bp", "switch"), 1, 2, grid, 1, root, OPTIONS);
    }

    @Test
    void thePlanReadsBackAsWrittenAndHoldsTheRunsOfTheLocalExecutor() throws Exception {
        Path root = dir.resolve("cmp");
        ComparisonPlan written = plan(root, "0.01,0.03");
        written.write();
        ComparisonPlan read = ComparisonPlan.read(root.resolve("slurm/plan.json"));
        assertTrue(read.sameAs(written));
        assertEquals(OPTIONS, read.command());
        assertEquals(8, read.size());
        assertEquals(written.entries(), read.entries());
        List<Comparison.Job> search = new LearningRateSearch(base(), List.of("bp", "switch"), "0.01,0.03", 1, root).jobs();
        for (int i = 0; i < 4; i++) {
            assertEquals(search.get(i).dir(), read.job(i).dir());
            assertEquals(search.get(i).config().toMap(), read.job(i).config().toMap(), "search run " + i);
        }
        assertEquals("bp lr 0.03 seed 1001", read.entry(1).label());
        assertEquals("switch seed 2", read.entry(7).label());
        assertEquals(root.toAbsolutePath().resolve("switch/seed2"), read.entry(7).dir());
        // A comparison run's rate is the search's choice: none before the search has run.
        var e = assertThrows(ComparisonPlan.SearchNotFinished.class, () -> read.job(4));
        assertEquals(search.get(0), e.job());
        String text = Files.readString(read.file());
        assertTrue(text.contains("\"dir\" : \"bp/seed1\"") && text.contains("\"lr\" : \"chosen by the search when the run starts\""), text);

        // Without a search, every run is planned at once, as the local executor plans it.
        ComparisonPlan none = plan(dir.resolve("none"), null);
        none.write();
        ComparisonPlan back = ComparisonPlan.read(none.file());
        List<Comparison.Job> local = Comparison.plan(base(), List.of("bp", "switch"), 1, 2, none.root(), Map.of());
        assertEquals(4, back.size());
        for (int i = 0; i < 4; i++) assertEquals(local.get(i).config().toMap(), back.job(i).config().toMap(), "run " + i);
    }

    /** A plan whose listed configuration is not what its settings give now is refused, naming the run and the key. */
    @Test
    void anEditedPlanIsRefused() throws Exception {
        ComparisonPlan p = plan(dir.resolve("cmp"), "0.01,0.03");
        p.write();
        Files.writeString(p.file(), Files.readString(p.file()).replaceFirst("\"hidden\" : 8,\n      \"batch\"", "\"hidden\" : 9,\n      \"batch\""));
        var e = assertThrows(InvalidInputException.class, () -> ComparisonPlan.read(p.file()).job(0));
        assertEquals(p.file() + ": run 0 (bp lr 0.01 seed 1001) is listed with another configuration than its settings give now (hidden = "
                + "9 there, 8 from its settings): the plan was edited, or psrnn changed since it was written; run the same psrnn compare "
                + "again to write it anew", e.getMessage());
    }

    @Test
    void aFileThatIsNoPlanIsOneLine() throws Exception {
        Path f = dir.resolve("plan.json");
        assertEquals(f + ": no such file (a plan is written by psrnn compare --executor slurm)",
                assertThrows(InvalidInputException.class, () -> ComparisonPlan.read(f)).getMessage());
        Files.writeString(f, "{\"format\": 1, ");
        assertTrue(assertThrows(InvalidInputException.class, () -> ComparisonPlan.read(f)).getMessage().startsWith(f + ": not valid JSON: "));
        Files.writeString(f, "{\"task\": \"dms\"}");
        assertEquals(f + ": not a comparison plan (no \"format\"; a plan is written by psrnn compare --executor slurm)",
                assertThrows(InvalidInputException.class, () -> ComparisonPlan.read(f)).getMessage());
        Files.writeString(f, "{\"format\": 7}");
        assertEquals(f + ": a plan of format 7; this psrnn reads format 1: run the same psrnn compare again to write it anew",
                assertThrows(InvalidInputException.class, () -> ComparisonPlan.read(f)).getMessage());
        Files.writeString(f, "{\"format\": 1, \"runs\": []}");
        assertEquals(f + ": not a comparison plan (no \"root\")", assertThrows(InvalidInputException.class, () -> ComparisonPlan.read(f)).getMessage());
        Result r = psrnn("run-task", "--plan", f.toString(), "--index", "0");
        assertEquals(2, r.code());
        assertEquals("psrnn run-task: error: " + f + ": not a comparison plan (no \"root\")", r.err().strip());
    }

    /**
     * What every array task runs, here one after the other: the search's runs, the comparison's
     * (each at the rate the search chose), then the summary; the folder ends as a local
     * comparison's. Out of order, a task says what it waits for, and a summary what is missing.
     */
    @Test
    void runTaskOverEveryIndexEndsAsTheLocalExecutor() throws Exception {
        Path local = dir.resolve("local"), tasks = dir.resolve("tasks");
        Result l = psrnn(args("compare", "--out", local.toString()));
        assertEquals(0, l.code(), l.err());
        ComparisonPlan p = plan(tasks, "0.01,0.03");
        p.write();
        String plan = p.file().toString();

        Result early = psrnn("run-task", "--plan", plan, "--index", "4");
        assertEquals(1, early.code());
        assertEquals("psrnn run-task: error: the learning-rate search run " + p.entry(0).dir() + " has not finished, so bp's learning rate is "
                + "not chosen yet (run 0, log: " + p.log(0) + "); once it has, psrnn compare submits this run again", early.err().strip());
        Result none = psrnn("run-task", "--plan", plan, "--summary");
        assertEquals(1, none.code());
        assertTrue(none.err().startsWith("psrnn run-task: error: no summary: 8 of 8 runs have not finished (run 0 (bp lr 0.01 seed 1001): "
                + p.log(0) + "; "), none.err());
        Result beyond = psrnn("run-task", "--plan", plan, "--index", "8");
        assertEquals(2, beyond.code());
        assertEquals("psrnn run-task: error: --index 8 is not a run of " + plan + ": it has runs 0 to 7", beyond.err().strip());
        assertEquals(2, psrnn("run-task", "--plan", plan).code(), "--index or --summary");

        for (int i = 0; i < p.size(); i++) {
            Result r = psrnn("run-task", "--plan", plan, "--index", Integer.toString(i), "--threads", "1");
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("psrnn run-task: run " + i + " of 8 (" + p.entry(i).label() + ") in " + p.entry(i).dir() + "\n"), r.out());
        }
        Result again = psrnn("run-task", "--plan", plan, "--index", "5");
        assertTrue(again.out().contains("has finished already; nothing to do"), again.out());
        Result summary = psrnn("run-task", "--plan", plan, "--summary");
        assertEquals(0, summary.code(), summary.err());
        SameComparison.assertSame(local, tasks);
        String provenance = Files.readString(tasks.resolve("summary.json"));
        assertTrue(provenance.contains("\"command\" : \"psrnn " + String.join(" ", OPTIONS) + "\""), provenance);
    }

    static String[] args(String command, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(OPTIONS);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
