package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.io.RunDirectory;
import org.psrnn.results.PlasticitySummary;
import org.psrnn.results.PsychometricCurve;
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
        if (outcome.summary().psychometric() != null) {
            o.println("psychometric curve: " + org.psrnn.report.Plots.fitText(outcome.summary().psychometric())
                    + " (psrnn analyze prints every point)");
        }
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

    /** A psychometric curve, a line per value, and its fit; {@code source} says where it comes from. */
    static void printPsychometric(PrintWriter o, PsychometricCurve curve, String source) {
        o.printf(Locale.ROOT, "psychometric curve (%s): share choosing %s, %d trials at each %s%n", source, curve.choice(),
                curve.points().isEmpty() ? 0 : curve.points().get(0).trials(), curve.variable());
        o.printf(Locale.ROOT, "  %22s %8s %9s %8s %8s%n", curve.axisLabel(), "trials", "chose it", "share", "neither");
        for (PsychometricCurve.Point p : curve.points()) {
            String x = new java.math.BigDecimal(Double.toString(p.x())).stripTrailingZeros().toPlainString();
            o.printf(Locale.ROOT, "  %22s %8d %9d %8s %8.3f%n", x, p.trials(), p.positive(),
                    p.positiveFraction() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.positiveFraction()), p.neitherFraction());
        }
        String u = curve.unit();
        o.printf(Locale.ROOT, "  %-28s %10s   %s%n", "bias", value(curve.bias(), u), "point of subjective equality, where the fit gives P = 0.5");
        o.printf(Locale.ROOT, "  %-28s %10s   %s%n", "threshold", value(curve.threshold(), u), "from the bias to P = 0.75 (s ln 3)");
        o.printf(Locale.ROOT, "  %-28s %10s   %s%n", "slope", value(curve.slope(), "per " + u), "dP/dx at the bias (1 / (4 s))");
    }

    private static String value(Double v, String unit) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g %s", v, unit);
    }

    static void printStructure(PrintWriter o, StructureMetrics s) {
        double[] v = s.values();
        for (int i = 0; i < v.length; i++) {
            o.printf(Locale.ROOT, "  %-28s %10.4f   %s%n", StructureMetrics.NAMES[i], v[i], StructureMetrics.reference(StructureMetrics.NAMES[i]));
        }
    }
}
