package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
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
import org.psrnn.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the structure metrics of a finished run and redraws its plots. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Print the structure metrics of a run (MODEL.md) and redraw its plots.")
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
        Plots.drawAll(dir.plots(), rows, config.training().criterion(), w, strong, theta, config.subject());
        o.println("plots: " + dir.plots() + "/ (learning_curve, weights, structure; .png and .svg)");
        return 0;
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
