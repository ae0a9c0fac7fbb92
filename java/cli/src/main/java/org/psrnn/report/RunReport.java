package org.psrnn.report;

import static org.psrnn.report.HtmlPage.configuration;
import static org.psrnn.report.HtmlPage.esc;
import static org.psrnn.report.HtmlPage.figure;
import static org.psrnn.report.HtmlPage.head;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.io.AtomicFiles;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.PlasticitySummary;
import org.psrnn.results.PsychometricCurve;
import org.psrnn.results.RunSummary;
import org.psrnn.train.PsychometricProbe;
import org.psrnn.train.RunReporter;
import org.psrnn.train.TrainingRun;

/** A finished run's plots (plots/*.png, *.svg) and report.html, written into its folder. */
public final class RunReport implements RunReporter {
    public static final String FILE = "report.html";

    @Override
    public void write(TrainingRun.Outcome run) throws IOException {
        var config = run.config();
        var switching = config.model().switching();
        double theta = switching.theta(); // NaN where not given
        var last = run.last();
        Plots.drawAll(run.dir().plots(), run.rows(), config.training().criterion(), last.params().wRec(), last.strong(), theta,
                run.summary().psychometric(), config.subject());
        writePage(run.dir().path(FILE), "psrnn run: " + config.summary(), config.toMap(), run.summary(), run.rows(),
                config.training().criterion(), last.params().wRec(), last.strong(), theta);
    }

    /**
     * The run's report.html: the headline (criterion reached, and when; final performance), the
     * learning curve, the trained matrix's structure and weights, the plasticity over training, and the
     * configuration.
     */
    static void writePage(Path file, String title, Map<String, Object> config, RunSummary summary, List<MetricsRow> rows,
                          double criterion, double[] w, byte[] strong, double theta) throws IOException {
        StringBuilder h = new StringBuilder();
        head(h, title);
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        Long ttc = summary.trialsToCriterion();
        h.append(String.format(Locale.ROOT, "<p class=\"headline\">%s; final performance %.3f after %s training trials.</p>%n",
                ttc == null ? "The criterion (" + criterion + ") was not reached" : "Reached the criterion (" + criterion + ") after <b>"
                        + String.format(Locale.ROOT, "%,d", ttc) + "</b> training trials",
                summary.finalPerformance(), String.format(Locale.ROOT, "%,d", summary.trials())));
        h.append(figure(Plots.learningCurve(rows, criterion), "learning-curve", null));
        h.append("<h2>Structure of the trained recurrent matrix</h2>\n<table><tr><th>metric</th><th>value</th><th>reference</th></tr>\n");
        for (Map.Entry<String, Double> e : summary.structure().entrySet()) {
            h.append("<tr><td>").append(e.getKey().replace('_', ' ')).append("</td><td>")
                    .append(e.getValue() == null ? "" : String.format(Locale.ROOT, "%.4g", e.getValue()))
                    .append("</td><td>").append(esc(StructureMetrics.reference(e.getKey()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!summary.plasticity().isEmpty()) {
            h.append("<h2>Plasticity during training</h2>\n<table><tr><th>metric</th><th>value</th><th>reference</th></tr>\n");
            for (Map.Entry<String, Double> e : summary.plasticity().entrySet()) {
                h.append("<tr><td>").append(e.getKey().replace('_', ' ')).append("</td><td>")
                        .append(e.getValue() == null ? "" : String.format(Locale.ROOT, "%.4g", e.getValue()))
                        .append("</td><td>").append(esc(PlasticitySummary.reference(e.getKey()))).append("</td></tr>\n");
            }
            h.append("</table>\n");
            h.append(figure(Plots.plasticity(rows, theta), "plasticity", "At each evaluation: the STRONG set's turnover; the Hebbian "
                    + "term's cosine and sign agreement with -G on WEAK synapses (chance 0 and 0.5); WEAK |W| against theta."));
        }
        PsychometricCurve curve = summary.psychometric();
        if (curve != null) {
            h.append("<h2>Psychometric curve</h2>\n");
            h.append(figure(Plots.psychometric(curve, null), "psychometric", null));
            h.append("<p class=\"sub\">").append(esc(PsychometricProbe.TRIALS_PER_VALUE + " trials at each " + curve.variable()
                    + " (docs/MODEL.md \"Psychometric curve\"): the share choosing " + curve.choice() + " among the trials that chose either option;"
                    + " the threshold is the distance from the bias to 75%, the slope that of the fit at the bias.")).append("</p>\n");
        }
        h.append(figure(Plots.weightHistograms(w, strong, theta), "weights", null));
        h.append(figure(Plots.structureOverTraining(rows), "structure", null));
        configuration(h, config, null);
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }
}
