package org.psrnn.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.InvalidInputException;
import org.psrnn.train.Comparison;
import org.psrnn.train.TrainingRun;
import org.psrnn.train.slurm.ComparisonPlan;
import org.psrnn.train.slurm.JobScripts;
import org.psrnn.train.slurm.Slurm;
import org.psrnn.train.slurm.SlurmExecutor;
import org.psrnn.train.slurm.SlurmOptions;

/**
 * The job scripts and the sbatch command lines, against a stand-in for Slurm that records every
 * command it is given: what is submitted, after what, with which options, and what is not
 * submitted again. Runs everywhere.
 */
class SubmissionTest {
    @TempDir
    Path dir;

    /** Slurm as a script: sbatch answers the next job id, squeue answers {@link #queue}; every command is recorded. */
    static final class FakeSlurm extends Slurm {
        final List<List<String>> commands = new ArrayList<>();
        String queue = "";
        Reply testOnly = new Reply(0, "", "sbatch: Job 1 to start at 2030-01-01T00:00:00");
        int next = 100;
        int maxArraySize = 1001;

        @Override
        protected Reply run(List<String> command) {
            commands.add(List.copyOf(command));
            return switch (command.get(0)) {
                case "sbatch" -> command.contains("--test-only") ? testOnly : new Reply(0, (next++) + "\n", "");
                case "squeue" -> new Reply(0, queue, "");
                case "scontrol" -> new Reply(0, "MaxArraySize            = " + maxArraySize + "\nMinJobAge               = 300 sec\n", "");
                default -> new Reply(0, "", "");
            };
        }

        List<List<String>> named(String name) {
            return commands.stream().filter(c -> c.get(0).equals(name)).toList();
        }
    }

    static final PrintWriter QUIET = new PrintWriter(new StringWriter());

    static SlurmExecutor.Settings settings(String options, boolean gpu, Integer maxParallel) {
        return new SlurmExecutor.Settings(SlurmOptions.parse(options), gpu, maxParallel, List.of("/opt/java/bin/java", "-cp", "/opt/psrnn.jar",
                "org.psrnn.cli.Main"));
    }

    /** A fresh comparison: the search as one array, the runs as one after it, the summary after both; options on all. */
    @Test
    void aFreshComparisonIsTwoArraysAndALastJob() throws Exception {
        ComparisonPlan plan = ComparisonPlanTest.plan(dir.resolve("my cmp"), "0.01,0.03");
        FakeSlurm slurm = new FakeSlurm();
        SlurmExecutor ex = new SlurmExecutor(slurm, plan, QUIET);
        SlurmExecutor.State s = ex.state();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), s.missing());
        var settings = settings("--partition=gpu --time=1:00:00", true, 2);
        ex.check(s, settings);
        var jobs = ex.submit(s, settings);
        assertEquals(List.of("100", "101", "102"), jobs.stream().map(j -> j.job()).toList());
        Path logs = plan.root().resolve("slurm/logs");
        List<List<String>> sbatch = slurm.named("sbatch");
        assertEquals(List.of("sbatch", "--test-only", "--gres=gpu:1", "--partition=gpu", "--time=1:00:00", "--wrap=true"), sbatch.get(0));
        assertEquals(List.of("sbatch", "--parsable", "--job-name=psrnn-my_cmp-lr-search", "--array=0-3%2", "--output=" + logs + "/task-%a.log",
                "--open-mode=append", "--gres=gpu:1", "--partition=gpu", "--time=1:00:00", plan.root() + "/slurm/task.sh"), sbatch.get(1));
        assertEquals(List.of("sbatch", "--parsable", "--job-name=psrnn-my_cmp", "--array=4-7%2", "--output=" + logs + "/task-%a.log",
                "--open-mode=append", "--dependency=afterany:100", "--gres=gpu:1", "--partition=gpu", "--time=1:00:00",
                plan.root() + "/slurm/task.sh"), sbatch.get(2));
        assertEquals(List.of("sbatch", "--parsable", "--job-name=psrnn-my_cmp-summary", "--output=" + logs + "/summary.log", "--open-mode=append",
                "--dependency=afterany:100:101", "--partition=gpu", "--time=1:00:00", plan.root() + "/slurm/summary.sh"), sbatch.get(3));
        for (List<String> c : slurm.commands) assertTrue(Slurm.COMMANDS.contains(c.get(0)), "no command but Slurm's four: " + c);
        assertTrue(Files.isRegularFile(plan.file()) && Files.isExecutable(plan.root().resolve("slurm/task.sh")));
        String record = Files.readString(plan.root().resolve("slurm/jobs.json"));
        assertTrue(record.contains("\"job\" : \"100\"") && record.contains("\"kind\" : \"lr-search\"") && record.contains("\"runs\" : \"0-3\""), record);
    }

    /**
     * Submitted again: runs finished or queued are not submitted; the rest go in one array after
     * the search still queued, a new last job after everything, and the pending one is cancelled.
     */
    @Test
    void aSecondSubmissionSendsOnlyWhatIsMissing() throws Exception {
        ComparisonPlan plan = ComparisonPlanTest.plan(dir.resolve("cmp"), "0.01,0.03");
        FakeSlurm slurm = new FakeSlurm();
        SlurmExecutor first = new SlurmExecutor(slurm, plan, QUIET);
        first.submit(first.state(), settings(null, false, null));
        // Search run 1 is still running and run 2 pending; 0 and 3 ended (3 finished; 0 was cancelled); the comparison's array and
        // the summary: run 5 pending, the others ended unfinished, the summary still pending.
        slurm.queue = "100 1 RUNNING\n100 2 PENDING\n101 5 PENDING\n102 N/A PENDING\n999 3 RUNNING\n";
        Comparison.Job three = plan.job(3);
        TrainingRun.execute(three.config(), three.dir(), false, QUIET, false, "", "", 1, null);
        slurm.commands.clear();
        SlurmExecutor again = new SlurmExecutor(slurm, plan, QUIET);
        SlurmExecutor.State s = again.state();
        assertEquals(java.util.Set.of(3), s.finished());
        assertEquals(List.of(0, 4, 6, 7), s.missing());
        assertEquals(java.util.Set.of("100", "101", "102"), s.jobs(), "job 999 is someone else's");
        var jobs = again.submit(s, settings(null, false, null));
        assertEquals(List.of("103", "104", "105"), jobs.stream().map(j -> j.job()).toList());
        List<List<String>> sbatch = slurm.named("sbatch");
        assertTrue(sbatch.get(0).contains("--array=0"), sbatch.get(0).toString());
        assertTrue(sbatch.get(1).contains("--array=4,6-7") && sbatch.get(1).contains("--dependency=afterany:100:103"), sbatch.get(1).toString());
        assertTrue(sbatch.get(2).contains("--dependency=afterany:100:101:103:104"), sbatch.get(2).toString());
        assertEquals(List.of(List.of("scancel", "102")), slurm.named("scancel"));
        assertTrue(slurm.named("squeue").get(0).contains("--array"), "one line per array task");

        // Everything queued, the summary too: nothing to submit.
        slurm.queue = "100 0 PENDING\n100 1 RUNNING\n100 2 PENDING\n103 0 PENDING\n104 4 PENDING\n104 6 PENDING\n104 7 PENDING\n101 5 PENDING\n"
                + "105 N/A PENDING\n";
        slurm.commands.clear();
        SlurmExecutor third = new SlurmExecutor(slurm, plan, QUIET);
        assertEquals(List.of(), third.submit(third.state(), settings(null, false, null)));
        assertEquals(List.of(), slurm.named("sbatch"));
    }

    @Test
    void refusalsComeBeforeAnySubmission() throws Exception {
        ComparisonPlan plan = ComparisonPlanTest.plan(dir.resolve("cmp"), "0.01,0.03");
        FakeSlurm slurm = new FakeSlurm();
        slurm.testOnly = new Slurm.Reply(1, "", "sbatch: error: invalid partition specified: nope\nallocation failure: Invalid partition name specified\n");
        SlurmExecutor ex = new SlurmExecutor(slurm, plan, QUIET);
        var e = assertThrows(InvalidInputException.class, () -> ex.check(ex.state(), settings("--partition=nope", false, null)));
        assertEquals("--slurm '--partition=nope' is refused by sbatch: invalid partition specified: nope", e.getMessage());
        slurm.testOnly = new Slurm.Reply(0, "", "");
        slurm.maxArraySize = 8;
        ex.check(ex.state(), settings(null, false, null)); // indices 0 to 7
        slurm.maxArraySize = 7;
        e = assertThrows(InvalidInputException.class, () -> ex.check(ex.state(), settings(null, false, null)));
        assertEquals("the comparison has 8 runs, and this cluster's job arrays go up to index 6 (MaxArraySize 7): split it into comparisons "
                + "of at most 7 runs (fewer --seeds or --rules each, --first-seed to continue the seeds)", e.getMessage());
        assertTrue(slurm.named("sbatch").stream().noneMatch(c -> c.contains("--parsable")), "nothing submitted");
        assertTrue(!Files.exists(plan.root()), "nothing written");
    }

    /** The scripts run psrnn's task entry with the submitting JVM's command, every word quoted where a shell would split it. */
    @Test
    void theScriptsRunTheTaskEntryAsWritten() throws Exception {
        Path plan = dir.resolve("a folder/it's/slurm/plan.json");
        String task = JobScripts.task(List.of("/bin/echo", "two words", "$HOME", "-Dx=1"), plan);
        assertTrue(task.startsWith("#!/bin/bash\n"), task);
        Path script = dir.resolve("task.sh");
        Files.writeString(script, task);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "17");
        Process run = pb.start();
        String out = new String(run.getInputStream().readAllBytes()).strip();
        assertEquals(0, run.waitFor());
        assertEquals("two words $HOME -Dx=1 run-task --plan " + plan + " --index 17", out);
        assertTrue(JobScripts.summary(List.of("/bin/echo"), plan).contains("run-task --plan '" + plan.toString().replace("'", "'\\''") + "' --summary"));

        List<String> cmd = JobScripts.java("org.psrnn.cli.Main");
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), cmd.get(0));
        assertTrue(cmd.containsAll(List.of("--add-modules", "jdk.incubator.vector", "-cp")), cmd.toString());
        assertEquals("org.psrnn.cli.Main", cmd.get(cmd.size() - 1));
        for (String entry : cmd.get(cmd.size() - 2).split(java.io.File.pathSeparator)) assertTrue(Path.of(entry).isAbsolute(), entry);
    }

    @Test
    void arrayIndicesAsRanges() {
        assertEquals("0-3,7,9-11", JobScripts.ranges(List.of(9, 0, 1, 2, 3, 7, 10, 11)));
        assertEquals("5", JobScripts.ranges(List.of(5)));
        assertEquals("1,3", JobScripts.ranges(List.of(3, 1)));
    }

    /** --slurm is split as a shell splits it; options psrnn sets are refused; GPUs asked for replace --engine cuda's one. */
    @Test
    void slurmOptions() {
        assertEquals(List.of("--partition=gpu", "--constraint=a100|h100", "--comment=two words", "--job-name=it's"),
                SlurmOptions.parse("--partition=gpu  --constraint='a100|h100' --comment=\"two words\" --job-name=it\\'s").words());
        assertEquals(List.of(), SlurmOptions.parse(null).words());
        for (String bad : List.of("--array=0-3", "-a 1", "--output=x.log", "-ox.log", "--dependency=afterok:1", "--wait", "--parsable")) {
            var e = assertThrows(InvalidInputException.class, () -> SlurmOptions.parse("--time=1:00 " + bad));
            assertTrue(e.getMessage().startsWith("--slurm '--time=1:00 " + bad + "': " + bad.split("[= ]")[0].substring(0, bad.startsWith("--")
                    ? bad.split("[= ]")[0].length() : 2) + " is set by psrnn compare itself"), e.getMessage());
        }
        assertEquals("--slurm '--time='1:00': a ' is not closed (the options are split into words as a shell splits them)",
                assertThrows(InvalidInputException.class, () -> SlurmOptions.parse("--time='1:00")).getMessage());
        assertEquals(List.of("--gres=gpu:1", "--time=1:00"), SlurmOptions.parse("--time=1:00").forTasks(true));
        assertEquals(List.of("--time=1:00"), SlurmOptions.parse("--time=1:00").forTasks(false));
        assertEquals(List.of("--gpus=a100:2"), SlurmOptions.parse("--gpus=a100:2").forTasks(true));
        assertEquals(List.of("--gres", "gpu:h100:1"), SlurmOptions.parse("--gres gpu:h100:1").forTasks(true));
    }
}
