package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.psrnn.InvalidInputException;
import org.psrnn.report.RunReport;
import org.psrnn.train.Comparison;
import org.psrnn.train.slurm.ComparisonPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** One task of a comparison's plan: what each Slurm array task of {@code psrnn compare --executor slurm} runs. */
@Command(name = "run-task", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one run of a comparison's plan: what each Slurm array task of compare --executor slurm runs.",
            "The job scripts in the comparison's slurm/ folder run psrnn run-task --plan DIR/slurm/plan.json --index "
                + "$SLURM_ARRAY_TASK_ID. A run stopped part way continues from its checkpoint, a finished run is left alone, and a "
                + "comparison run of a rule whose learning rate is searched starts at the rate the search's finished runs choose. "
                + "With --summary: the comparison's summary.csv, summary.json and report.html, once every run has finished."})
final class RunTaskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "the comparison's plan (DIR/slurm/plan.json)")
    Path plan;

    @Option(names = "--index", paramLabel = "I", description = "the run to train: its index in the plan")
    Integer index;

    @Option(names = "--summary", description = "write the comparison's summary instead (every run must have finished)")
    boolean summary;

    @Option(names = "--threads", paramLabel = "T", description = "the engine's threads (default: the CPUs Slurm gave the task, from "
            + "SLURM_CPUS_PER_TASK or SLURM_CPUS_ON_NODE; outside Slurm, every core)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if ((index == null) == !summary) throw new InvalidInputException("give --index I (a run of the plan) or --summary, one of them");
        ComparisonPlan p = ComparisonPlan.read(plan);
        String job = System.getenv("SLURM_JOB_ID");
        String where = job == null ? "" : " (Slurm job " + job + (System.getenv("SLURM_ARRAY_JOB_ID") == null ? ""
                : ", array task " + System.getenv("SLURM_ARRAY_JOB_ID") + "_" + System.getenv("SLURM_ARRAY_TASK_ID")) + ", node "
                + System.getenv("SLURMD_NODENAME") + ")";
        if (summary) {
            o.println("psrnn run-task: the summary of " + p.root() + where);
            PlanSummary s = new PlanSummary(p);
            try {
                if (s.runs(p.searchResult()) == null) return unfinished(err, p);
            } catch (ComparisonPlan.SearchNotFinished e) {
                return unfinished(err, p);
            }
            s.write(o);
            return 0;
        }
        ComparisonPlan.Entry e = p.entry(index);
        o.println("psrnn run-task: run " + index + " of " + p.size() + " (" + e.label() + ") in " + e.dir() + where);
        o.flush();
        Comparison.Job j;
        try {
            j = p.job(index);
        } catch (ComparisonPlan.SearchNotFinished x) {
            int k = p.searchJobs().indexOf(x.job());
            err.println("psrnn run-task: error: " + x.getMessage() + " (run " + k + ", log: " + p.log(k) + "); once it has, psrnn compare "
                    + "submits this run again");
            return Main.EXIT_FAILURE;
        }
        Comparison.requireSameConfig(j);
        if (Comparison.finished(j.dir())) {
            o.println("psrnn run-task: " + j.dir() + " has finished already; nothing to do");
            return 0;
        }
        if (java.nio.file.Files.isRegularFile(j.dir().resolve(org.psrnn.io.RunDirectory.CHECKPOINT))) {
            o.println("psrnn run-task: it continues from its checkpoint");
        }
        try (Interruption interruption = new Interruption(err)) {
            Comparison.train(j, o, threads(), interruption.stop(), new RunReport());
        }
        if (!Comparison.finished(j.dir())) {
            o.println("psrnn run-task: stopped by a signal; the run keeps its checkpoint, from which the next task continues it");
            return TrainCommand.EXIT_INTERRUPTED;
        }
        o.println("psrnn run-task: run " + index + " finished");
        return 0;
    }

    /** The engine's threads: as given, else the CPUs Slurm allotted, else 0 (every core). */
    private int threads() {
        if (threads != null) return org.psrnn.Check.positive("--threads", threads);
        for (String name : new String[] {"SLURM_CPUS_PER_TASK", "SLURM_CPUS_ON_NODE"}) {
            String v = System.getenv(name);
            if (v != null && v.strip().matches("[1-9]\\d*")) return Integer.parseInt(v.strip());
        }
        return 0;
    }

    private static int unfinished(PrintWriter err, ComparisonPlan p) {
        StringBuilder which = new StringBuilder();
        int n = 0;
        for (ComparisonPlan.Entry e : p.entries()) {
            if (Comparison.finished(e.dir())) continue;
            if (n++ < 10) which.append(n > 1 ? "; " : "").append("run ").append(e.index()).append(" (").append(e.label()).append("): ")
                    .append(p.log(e.index()));
            else if (n == 11) which.append("; ...");
        }
        err.println("psrnn run-task: error: no summary: " + n + " of " + p.size() + " runs have not finished (" + which + "); psrnn "
                + "compare again submits them");
        return Main.EXIT_FAILURE;
    }
}
