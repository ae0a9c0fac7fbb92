package org.psrnn.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.testing.Cli.Result;
import org.psrnn.train.slurm.ComparisonPlan;

/**
 * {@code psrnn compare --executor slurm} against a real Slurm (the CI's one-node cluster; skipped
 * where none answers): the same results as on this machine, a task cancelled part way submitted
 * again and ending the same, and options sbatch refuses refused before anything is submitted.
 */
class SlurmClusterTest {
    @TempDir
    static Path dir;

    @BeforeEach
    void slurm() {
        LocalSlurm.assume();
    }

    static String[] args(List<String> options, String... more) {
        List<String> all = new ArrayList<>(List.of("compare"));
        all.addAll(options);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The ids in a comparison's slurm/jobs.json of {@code kind} (all kinds: null). */
    static List<String> jobs(Path root, String kind) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode j : new ObjectMapper().readTree(root.resolve("slurm/jobs.json").toFile())) {
            if (kind == null || j.get("kind").asText().equals(kind)) ids.add(j.get("job").asText());
        }
        return ids;
    }

    @Test
    void aComparisonOnSlurmEndsAsOnThisMachine() throws Exception {
        Path local = dir.resolve("local"), slurm = dir.resolve("slurm");
        Result l = psrnn(args(ComparisonPlanTest.OPTIONS, "--out", local.toString()));
        assertEquals(0, l.code(), l.err());
        Result s = psrnn(args(ComparisonPlanTest.OPTIONS, "--executor", "slurm", "--wait", "--out", slurm.toString()));
        assertEquals(0, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("psrnn compare: 8 runs, 0 finished already, 0 queued in Slurm already, 8 submitted now\n"), s.out());
        List<String> ids = jobs(slurm, null);
        assertEquals(3, ids.size());
        assertTrue(s.out().contains("psrnn compare: job " + ids.get(0) + ": the learning-rate search, runs 0-3\npsrnn compare: job " + ids.get(1)
                + ": the comparison, runs 4-7\npsrnn compare: job " + ids.get(2) + ": the summary, once the runs have ended\nfollow them with: "
                + "squeue -j " + String.join(",", ids)), s.out());
        assertTrue(s.out().contains("psrnn compare: 8 of 8 runs finished, 0 running, 0 waiting in Slurm\n"), s.out());
        assertTrue(s.out().contains(l.out().substring(l.out().indexOf("\nlearning rate"), l.out().indexOf("\noutputs: "))),
                "the table of a local comparison:\n" + l.out() + "\n---\n" + s.out());
        SameComparison.assertSame(local, slurm);
        String summaryLog = Files.readString(slurm.resolve("slurm/logs/summary.log"));
        assertTrue(summaryLog.contains("psrnn run-task: the summary of " + slurm) && summaryLog.contains("outputs: " + slurm), summaryLog);
        assertTrue(Files.readString(slurm.resolve("slurm/logs/task-5.log")).contains("psrnn run-task: run 5 finished"));

        // Again: nothing to submit; the summary is shown.
        Result again = psrnn(args(ComparisonPlanTest.OPTIONS, "--executor", "slurm", "--out", slurm.toString()));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("psrnn compare: all 8 runs of " + slurm + " have finished\n"), again.out());
        assertEquals(ids, jobs(slurm, null), "nothing submitted");
    }

    /**
     * A task cancelled part way (scancel, as preemption or a time limit would end it) keeps its
     * checkpoint; the summary job then names it; the same compare again submits it alone, and the
     * comparison ends as one never interrupted.
     */
    @Test
    void aTaskCancelledPartWayIsSubmittedAgainAndTheComparisonEndsTheSame() throws Exception {
        List<String> options = List.of("--task", "gonogo", "--hidden", "8", "--batch", "4", "--iterations", "2000", "--eval-every", "20",
                "--seeds", "2", "--rules", "bp,switch", "--lr-search", "none", "--engine", "cpu");
        Path local = dir.resolve("long-local"), slurm = dir.resolve("long-slurm");
        Result l = psrnn(args(options, "--out", local.toString()));
        assertEquals(0, l.code(), l.err());
        Result s = psrnn(args(options, "--executor", "slurm", "--out", slurm.toString()));
        assertEquals(0, s.code(), s.out() + s.err());
        ComparisonPlan plan = ComparisonPlan.read(slurm.resolve("slurm/plan.json"));
        String array = jobs(slurm, "comparison").get(0);

        int cancelled = -1;
        long until = System.nanoTime() + 120_000_000_000L;
        while (cancelled < 0) {
            assertTrue(System.nanoTime() < until, "no run started within 120 s: " + LocalSlurm.queued(jobs(slurm, null)));
            for (ComparisonPlan.Entry e : plan.entries()) {
                if (Files.isRegularFile(e.dir().resolve("checkpoint.npz")) && !Files.exists(e.dir().resolve("summary.json"))) {
                    LocalSlurm.run("scancel", array + "_" + e.index());
                    cancelled = e.index();
                    break;
                }
            }
            Thread.sleep(100);
        }
        LocalSlurm.awaitGone(jobs(slurm, null), 300);
        Path run = plan.entry(cancelled).dir();
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.npz")), "the checkpoint is kept");
        assertFalse(org.psrnn.train.Comparison.finished(run), "it did not finish");
        assertFalse(Files.exists(slurm.resolve("summary.json")), "no summary with a run missing");
        String summaryLog = Files.readString(slurm.resolve("slurm/logs/summary.log"));
        assertTrue(summaryLog.contains("psrnn run-task: error: no summary: 1 of 4 runs have not finished (run " + cancelled + " ("
                + plan.entry(cancelled).label() + "): " + plan.log(cancelled) + ")"), summaryLog);

        Result again = psrnn(args(options, "--executor", "slurm", "--wait", "--out", slurm.toString()));
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("psrnn compare: 4 runs, 3 finished already, 0 queued in Slurm already, 1 submitted now\n")
                && again.out().contains(": the comparison, run " + cancelled + "\n"), again.out());
        String taskLog = Files.readString(plan.log(cancelled));
        assertTrue(taskLog.contains("psrnn run-task: it continues from its checkpoint"), taskLog);
        SameComparison.assertSame(local, slurm);
    }

    /**
     * A task that fails (here: a damaged checkpoint, exit 2) is named with the last line of its log
     * and the log's path; the other runs train; the wait ends with exit 1 and no summary.
     */
    @Test
    void aTaskThatFailsIsNamedWithItsLogAndTheOthersCarryOn() throws Exception {
        List<String> options = List.of("--task", "gonogo", "--hidden", "8", "--batch", "4", "--iterations", "20", "--eval-every", "10",
                "--seeds", "2", "--rules", "bp,switch", "--lr-search", "none", "--engine", "cpu");
        Path root = dir.resolve("failing");
        assertEquals(0, psrnn(args(options, "--out", root.toString())).code());
        Path damaged = root.resolve("switch/seed1"), missing = root.resolve("bp/seed2");
        Files.delete(damaged.resolve("summary.json"));
        byte[] checkpoint = Files.readAllBytes(damaged.resolve("checkpoint.npz"));
        Files.write(damaged.resolve("checkpoint.npz"), java.util.Arrays.copyOf(checkpoint, 300));
        try (var files = Files.walk(missing)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
        Files.delete(root.resolve("summary.json"));

        Result r = psrnn(args(options, "--executor", "slurm", "--wait", "--out", root.toString()));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("psrnn compare: 4 runs, 2 finished already, 0 queued in Slurm already, 2 submitted now\n"), r.out());
        assertTrue(r.out().contains("psrnn compare: run 2 (switch seed 1) ended unfinished: psrnn run-task: error: " + damaged
                + "/checkpoint.npz: not a valid .npz archive (zip END header not found) (log: " + root + "/slurm/logs/task-2.log)\n"), r.out());
        assertTrue(r.out().contains("psrnn compare: 1 of 4 runs did not finish (their logs above say why); once that is fixed, the same "
                + "command submits them again: psrnn compare "), r.out());
        assertTrue(org.psrnn.train.Comparison.finished(missing), "the other run trained");
        assertFalse(Files.exists(root.resolve("summary.json")), "no summary with a run missing");
    }

    /** An option sbatch refuses is one line, exit 2, with sbatch's reason, and nothing is submitted or written. */
    @Test
    void optionsSbatchRefusesAreOneLineAndNothingIsSubmitted() throws Exception {
        String[][] cases = {
            {"--partition=nosuchpartition", "--slurm '--partition=nosuchpartition' is refused by sbatch: invalid partition specified: nosuchpartition"},
            {"--time=soon", "--slurm '--time=soon' is refused by sbatch: Invalid --time specification"},
            {"--no-such-option", "--slurm '--no-such-option' is refused by sbatch: unrecognized option '--no-such-option'"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("refused");
            Result r = psrnn(args(ComparisonPlanTest.OPTIONS, "--executor", "slurm", "--slurm", c[0], "--out", out.toString()));
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals("psrnn compare: error: " + c[1], r.err().strip());
            assertFalse(r.out().contains("job"), r.out());
            assertFalse(Files.exists(out), "nothing written");
        }
    }
}
