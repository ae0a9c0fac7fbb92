package org.psrnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.RunDirectory;
import org.psrnn.train.RunConfig;
import org.psrnn.train.TrainingRun;

/** A run trained with the command line's reporter leaves its plots and report.html in its folder. */
class RunReportTest {
    @TempDir
    Path dir;

    @Test
    void aRunWithTheReporterHasItsPlotsAndReport() throws Exception {
        ConfigFile c = ConfigFile.empty();
        String[] kv = {"task", "gonogo", "rule", "bp", "hidden", "16", "batch", "8", "iterations", "20", "eval_every", "10",
            "eval_batch", "16", "engine", "reference", "seed", "3"};
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "--set");
        TrainingRun.execute(RunConfig.from(c), dir.resolve("run"), false, new PrintWriter(new StringWriter()), false, "", "", 1, null,
                new RunReport());
        RunDirectory run = RunDirectory.open(dir.resolve("run"));
        for (String f : new String[] {"plots/learning_curve.png", "plots/learning_curve.svg", "plots/weights.png", "plots/weights.svg",
            "plots/structure.png", "plots/structure.svg", "plots/plasticity.png", "plots/plasticity.svg", RunReport.FILE}) {
            assertTrue(Files.size(run.path(f)) > 0, f);
        }
        byte[] png = Files.readAllBytes(run.path("plots/weights.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(Files.readString(run.path("plots/learning_curve.svg")).contains("<svg"));
        // Every plot names its run, so that one copied out of the folder still says what it shows.
        for (String plot : new String[] {"learning_curve", "weights", "structure", "plasticity"}) {
            assertTrue(Files.readString(run.path("plots/" + plot + ".svg")).contains("GoNogo, rule bp, seed 3"), plot);
        }
        // The run's report gives each structure metric's reference beside its value, and its headline from summary.json.
        String report = Files.readString(run.path(RunReport.FILE));
        assertTrue(report.contains("<th>reference</th>") && report.contains("above 5/9 suggests two modes"), "report.html");
        // And the plasticity during training (bp: S never moves; no WEAK synapse to align, so that row is empty).
        assertTrue(report.contains("<h2>Plasticity during training</h2>") && report.contains("<tr><td>jaccard initial</td><td>1.000</td>")
                && report.contains("<tr><td>hebb grad cosine mean</td><td></td>"), report);
        // With the plasticity over training as a figure; and the ranks, measured at every evaluation at this size, in the structure plot.
        assertTrue(report.contains("<svg id='plasticity'") && report.contains("Jaccard with initial STRONG set"), "plasticity figure");
        assertTrue(Files.readString(run.path("plots/structure.svg")).contains("effective rank of W - W_init"), "ranks over training");
        String trials = String.format(java.util.Locale.ROOT, "%,d", run.readSummary().trials());
        assertTrue(report.contains("after " + trials + " training trials"), report);
    }
}
