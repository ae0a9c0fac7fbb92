package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.psrnn.analysis.Structure;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.io.NpyArray;
import org.psrnn.io.RunDirectory;
import org.psrnn.report.Plots;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.PlasticitySummary;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.train.PsychometricProbe;
import org.psrnn.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the structure metrics (and, for a task that has one, the psychometric curve) of a finished run and redraws its plots. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Print the structure metrics of a run (MODEL.md), its psychometric curve and fit where the task has one "
                + "(PerceptualDecisionMaking, DelayComparison), and redraw its plots.")
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "a run folder written by psrnn train")
    Path run;

    @Override
    public Integer call() throws IOException {
        RunDirectory dir = RunDirectory.open(run);
        RunConfig config = org.psrnn.train.TrainingRun.readConfig(dir);
        Map<String, NpyArray> weights = dir.readWeights();
        int n = config.hidden();
        double[] w = require(weights, "W_rec", n, dir).toDoubles();
        double[] wInit = require(weights, "W_rec_init", n, dir).toDoubles();
        long[] s = require(weights, "S_rec", n, dir).toLongs("S_rec");
        byte[] strong = new byte[s.length];
        for (int i = 0; i < s.length; i++) strong[i] = (byte) s[i];
        double theta = config.model().switching().theta(); // NaN where not given
        StructureMetrics metrics = Structure.of(w, wInit, strong, theta, n);

        PrintWriter o = spec.commandLine().getOut();
        o.println(run + ": " + config.summary());
        var rows = dir.readMetrics();
        if (!rows.isEmpty()) {
            MetricsRow last = rows.get(rows.size() - 1);
            o.printf(Locale.ROOT, "  %-28s %10d%n  %-28s %10.4f%n", "trials", last.trials(), "performance", last.performance());
        }
        Report.printStructure(o, metrics);
        Report.printPlasticity(o, PlasticitySummary.of(rows));
        PsychometricCurve curve = psychometric(dir, config, o);
        Plots.drawAll(dir.plots(), rows, config.training().criterion(), w, strong, theta, curve, config.subject());
        o.println("plots: " + dir.plots() + "/ (learning_curve, weights, structure, plasticity" + (curve == null ? "" : ", psychometric")
                + "; .png and .svg)");
        return 0;
    }

    /**
     * The run's psychometric curve, printed: summary.json's, or where it has none (a run from before
     * it was measured, or stopped by a signal) measured again on the final network; null, and a line
     * saying so, for a task without one.
     */
    private static PsychometricCurve psychometric(RunDirectory dir, RunConfig config, PrintWriter o) {
        String task = config.createTask().name();
        if (config.createTask().psychometric().isEmpty()) {
            o.println("psychometric curve: none for " + task + " (only PerceptualDecisionMaking and DelayComparison have a stimulus "
                    + "value whose sign sets the answer)");
            return null;
        }
        PsychometricCurve curve = Files.isRegularFile(dir.path(RunDirectory.SUMMARY)) ? dir.readSummary().psychometric() : null;
        String source = "summary.json";
        if (curve == null) {
            curve = PsychometricProbe.ofRun(dir).orElseThrow();
            source = "measured now on the final network (summary.json has none)";
        }
        Report.printPsychometric(o, curve, source);
        return curve;
    }

    private static NpyArray require(Map<String, NpyArray> weights, String name, int n, RunDirectory dir) {
        NpyArray a = weights.get(name);
        if (a == null || !a.hasShape(n, n)) {
            throw new org.psrnn.InvalidInputException(dir.path(RunDirectory.WEIGHTS) + ": " + name + " missing or not ("
                    + n + ", " + n + ")");
        }
        return a;
    }
}
