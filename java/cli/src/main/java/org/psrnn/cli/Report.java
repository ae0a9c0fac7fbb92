package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.io.RunDirectory;
import org.psrnn.results.PlasticitySummary;
import org.psrnn.report.RunReport;
import org.psrnn.train.TrainingRun;

/** Plain-text summaries printed at the end of commands. */
final class Report {
    private Report() {}

    static void printOutcome(PrintWriter o, TrainingRun.Outcome outcome) {
        var r = outcome.result();
        var ttc = r.criterion().trialsToCriterion();
        o.printf(Locale.ROOT, "done: %d iterations (%d trials) in %.1f s on %s; performance %.3f; trials to criterion %s%n",
                r.last().iteration(), r.last().trials(), r.last().seconds(), outcome.engine(), r.last().performance(),
                ttc.isPresent() ? Long.toString(ttc.getAsLong()) : "not reached (criterion " + r.criterion().threshold() + ")");
        printStructure(o, outcome.structure());
        printPlasticity(o, outcome.summary().plasticity());
        o.println("weights fingerprint (sha256 of weights.npz's arrays): " + outcome.fingerprint());
        o.println("outputs: " + outcome.dir().root() + "/ (" + RunDirectory.CONFIG + ", " + RunDirectory.METRICS + ", "
                + RunDirectory.WEIGHTS + ", " + RunDirectory.CHECKPOINT + ", " + RunDirectory.SUMMARY + ", " + RunReport.FILE + ", plots/)");
        o.flush();
    }

    /** summary.json's plasticity, one line per metric with its reference; nothing for a summary without it. */
    static void printPlasticity(PrintWriter o, java.util.Map<String, Double> plasticity) {
        for (var e : plasticity.entrySet()) {
            o.printf(Locale.ROOT, "  %-28s %10s   %s%n", e.getKey(), e.getValue() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.getValue()),
                    PlasticitySummary.reference(e.getKey()));
        }
    }

    static void printStructure(PrintWriter o, StructureMetrics s) {
        double[] v = s.values();
        for (int i = 0; i < v.length; i++) {
            o.printf(Locale.ROOT, "  %-28s %10.4f   %s%n", StructureMetrics.NAMES[i], v[i], StructureMetrics.reference(StructureMetrics.NAMES[i]));
        }
    }
}
