package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.psrnn.train.Comparison;
import org.psrnn.train.ComparisonSummary;
import org.psrnn.train.LearningRateSearch;
import org.psrnn.train.RunConfig;
import org.psrnn.train.slurm.ComparisonPlan;

/**
 * The summary of a comparison trained elsewhere (Slurm), from its plan and folder alone: the
 * same summary.csv, summary.json and report.html as {@code psrnn compare} writes after a local
 * comparison, once every run has finished.
 */
final class PlanSummary {
    /** What summary.json's provenance says the runs trained on: each run's config.json names its machine. */
    static final String DEVICE = "Slurm array tasks (each run's config.json names its machine)";

    private final ComparisonPlan plan;

    PlanSummary(ComparisonPlan plan) {
        this.plan = plan;
    }

    /** The comparison's finished runs, in plan order; null while one has not finished. */
    List<Comparison.Finished> runs(LearningRateSearch.Result searched) {
        List<Comparison.Finished> done = new ArrayList<>();
        for (Comparison.Job j : plan.runJobs(searched == null ? Map.of() : searched.settings())) {
            if (!Comparison.finished(j.dir())) return null;
            done.add(Comparison.read(j));
        }
        return done;
    }

    /** Writes the summary files and prints the table; every run must have finished. */
    void write(PrintWriter o) throws IOException {
        LearningRateSearch.Result searched = plan.searchResult();
        List<Comparison.Finished> done = runs(searched);
        if (done == null) throw new IllegalStateException("a run of " + plan.root() + " has not finished");
        String engines = String.join(",", done.stream().map(f -> f.summary().engine()).distinct().toList());
        CompareCommand.writeOutputs(o, plan.root(), plan.rules(), RunConfig.from(plan.base()), searched,
                searched == null ? List.of() : searched.notes(), done, engines, DEVICE, plan.command());
    }

    /** Prints the table of the summary already written; writes it where it is missing or older than a run. */
    void show(PrintWriter o) throws IOException {
        LearningRateSearch.Result searched = plan.searchResult();
        List<Comparison.Finished> done = runs(searched);
        if (done == null || !upToDate(done)) {
            write(o);
            return;
        }
        CompareCommand.print(o, ComparisonSummary.of(done, plan.rules()), done, plan.root());
    }

    private boolean upToDate(List<Comparison.Finished> done) throws IOException {
        Path summary = plan.root().resolve("summary.json"), report = plan.root().resolve("report.html");
        if (!Files.isRegularFile(summary) || !Files.isRegularFile(report)) return false;
        FileTime written = Files.getLastModifiedTime(summary);
        for (Comparison.Finished f : done) {
            if (Files.getLastModifiedTime(f.job().dir().resolve("summary.json")).compareTo(written) > 0) return false;
        }
        return true;
    }
}
