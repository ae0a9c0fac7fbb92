package org.psrnn.report;

import java.io.IOException;
import org.psrnn.train.RunReporter;
import org.psrnn.train.TrainingRun;

/** A finished run's plots (plots/*.png, *.svg) and report.html, written into its folder. */
public final class RunReport implements RunReporter {
    public static final String FILE = "report.html";

    @Override
    public void write(TrainingRun.Outcome run) throws IOException {
        var config = run.config();
        var switching = config.model().switching();
        double theta = switching.thetaGiven() ? switching.theta() : Double.NaN;
        var last = run.last();
        Plots.drawAll(run.dir().plots(), run.rows(), config.training().criterion(), last.params().wRec(), last.strong(), theta,
                config.subject());
        HtmlReport.writeRun(run.dir().path(FILE), "psrnn run: " + config.summary(), config.toMap(), run.summary(), run.rows(),
                config.training().criterion(), last.params().wRec(), last.strong(), theta);
    }
}
