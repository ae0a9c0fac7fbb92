package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.psrnn.InvalidInputException;
import org.psrnn.io.ConfigFile;
import org.psrnn.train.Comparison;
import org.psrnn.train.RunConfig;
import org.psrnn.train.StopRequest;
import org.psrnn.train.slurm.ComparisonPlan;
import org.psrnn.train.slurm.JobRecord;
import org.psrnn.train.slurm.JobScripts;
import org.psrnn.train.slurm.Slurm;
import org.psrnn.train.slurm.SlurmExecutor;
import org.psrnn.train.slurm.SlurmOptions;

/**
 * {@code psrnn compare --executor slurm}: the plan into the folder, the runs that are neither
 * finished nor queued submitted as job arrays ({@link SlurmExecutor}), their ids and how to
 * follow them printed; with {@code --wait}, a line from squeue as they progress and the summary
 * at the end. A comparison whose runs have all finished gets its summary here, at once.
 */
final class SlurmCompare {
    /** The longest pause between two squeue calls while waiting. */
    static final int MAX_POLL_SECONDS = 10;

    private final PrintWriter o;
    private final ComparisonPlan plan;
    private final boolean gpu;

    SlurmCompare(PrintWriter o, ConfigFile base, List<String> rules, long firstSeed, int seeds, String grid, int searchSeeds, Path root,
                 List<String> args) {
        this.o = o;
        this.plan = ComparisonPlan.of(base, rules, firstSeed, seeds, grid, searchSeeds, root, args);
        this.gpu = "cuda".equals(RunConfig.from(base).engine());
    }

    /**
     * Whether {@code --executor} chooses Slurm; the other executor's options are refused, each in
     * one line saying which executor takes it.
     */
    static boolean chosen(String executor, Integer parallel, String slurm, Integer maxParallel, boolean wait) {
        switch (executor) {
            case "local" -> {
                String stray = slurm != null ? "--slurm" : maxParallel != null ? "--max-parallel" : wait ? "--wait" : null;
                if (stray != null) throw new InvalidInputException(stray + " goes with --executor slurm (the runs here train on this machine)");
                return false;
            }
            case "slurm" -> {
                if (parallel != null) {
                    throw new InvalidInputException("--parallel is for --executor local; with --executor slurm, --max-parallel K limits "
                            + "how many tasks of an array run at a time");
                }
                if (maxParallel != null) org.psrnn.Check.positive("--max-parallel", maxParallel);
                return true;
            }
            default -> throw new InvalidInputException("--executor = '" + executor + "' is not allowed: must be local or slurm");
        }
    }

    /**
     * Submits (or finds queued) what is missing; with {@code wait}, waits for the summary, until
     * {@code stop} (Ctrl-C) ends the wait and leaves the jobs to Slurm. The exit code.
     */
    int run(String slurmOptions, Integer maxParallel, boolean wait, StopRequest stop) throws IOException {
        SlurmOptions options = SlurmOptions.parse(slurmOptions);
        Slurm slurm = new Slurm();
        slurm.requireCommands();
        requireSameConfigs();
        SlurmExecutor executor = new SlurmExecutor(slurm, plan, o);
        SlurmExecutor.State s = executor.state();
        if (s.allFinished()) {
            o.printf(Locale.ROOT, "psrnn compare: all %d runs of %s have finished%n", s.size(), plan.root());
            new PlanSummary(plan).show(o);
            return 0;
        }
        var settings = new SlurmExecutor.Settings(options, gpu, maxParallel, JobScripts.java(Main.class.getName()));
        executor.check(s, settings);
        List<JobRecord.Job> submitted = executor.submit(s, settings);
        report(s, submitted);
        if (!wait) return 0;
        try {
            s = executor.await(executor.state(), MAX_POLL_SECONDS, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s = null;
        }
        if (s == null) {
            o.println("psrnn compare: stopped waiting; the jobs go on in Slurm. To wait again: " + Launcher.command(plan.command()));
            o.flush();
            return TrainCommand.EXIT_INTERRUPTED;
        }
        if (!s.allFinished()) {
            for (String line : executor.unreported(s)) o.println(line);
            o.printf(Locale.ROOT, "psrnn compare: %d of %d runs did not finish (their logs above say why); once that is fixed, the same "
                    + "command submits them again: %s%n", s.size() - s.finished().size(), s.size(), Launcher.command(plan.command()));
            o.flush();
            return Main.EXIT_FAILURE;
        }
        new PlanSummary(plan).show(o);
        return 0;
    }

    private static String runs(String ranges) {
        return (ranges.matches("\\d+") ? "run " : "runs ") + ranges;
    }

    /**
     * Run folders that hold runs of another configuration are refused before anything is
     * submitted: the search's, and the comparison's where their rate is known (no search, or a
     * finished one); a task checks its own again before it trains.
     */
    private void requireSameConfigs() {
        for (int i = 0; i < plan.size(); i++) {
            try {
                Comparison.requireSameConfig(plan.job(i));
            } catch (ComparisonPlan.SearchNotFinished e) {
                return; // later runs' rates are chosen by a search still to run
            }
        }
    }

    /** What was submitted, what was queued already, and how to follow it. */
    private void report(SlurmExecutor.State s, List<JobRecord.Job> submitted) {
        long queued = s.queued().keySet().stream().filter(i -> !s.finished().contains(i)).count();
        o.printf(Locale.ROOT, "psrnn compare: %d runs, %d finished already, %d queued in Slurm already, %d submitted now%n", s.size(),
                s.finished().size(), queued, s.missing().size());
        java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
        for (String id : s.jobs()) ids.add(Long.parseLong(id));
        for (JobRecord.Job j : submitted) {
            ids.add(Long.parseLong(j.job()));
            String what = switch (j.kind()) {
                case JobRecord.SEARCH -> "the learning-rate search, " + runs(j.runs());
                case JobRecord.RUNS -> "the comparison, " + runs(j.runs());
                default -> "the summary, once the runs have ended";
            };
            o.println("psrnn compare: job " + j.job() + ": " + what);
        }
        if (submitted.isEmpty()) o.println("psrnn compare: every unfinished run is queued already; nothing submitted");
        String all = String.join(",", ids.stream().map(String::valueOf).toList());
        o.println("follow them with: squeue -j " + all + "   (the output of run I: " + plan.log(0).getParent()
                + "/task-I.log; which run is I: " + plan.file() + ")");
        o.println("the summary appears in " + plan.root() + "/ (summary.json, report.html) once the last job has run; to submit again "
                + "what did not finish, or to see the summary: " + Launcher.command(plan.command()));
        o.flush();
    }
}
