package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.Engines;
import org.psrnn.io.ConfigFile;
import org.psrnn.report.RunReport;
import org.psrnn.results.Ending;
import org.psrnn.rules.Preset;
import org.psrnn.train.ProgressPrinter;
import org.psrnn.train.RunConfig;
import org.psrnn.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Trains one network on one task and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on a cognitive task and write a run folder:",
                "config.json, metrics.csv, weights.npz, checkpoint.npz, summary.json, report.html, plots/.",
                "Every MODEL.md key can be set with --config FILE or --set KEY=VALUE (later ones win: file, options, --set)."})
final class TrainCommand implements Callable<Integer> {
    CommandSpec spec;

    @Mixin
    RunOptions options = new RunOptions();

    @Option(names = "--rule", paramLabel = "NAME", description = "${bundle:choices.rule} (below: what each does)")
    String rule;

    @Option(names = "--seed", paramLabel = "S", description = "seed of weights, noise, switching and trials (default ${bundle:default.seed})")
    String seed;

    @Option(names = "--out", paramLabel = "DIR", description = "the run folder (default runs/<task>-<rule>-seed<S>)")
    Path out;

    @Option(names = "--eval-batch", paramLabel = "M", description = "trials in the held-out evaluation batch (default ${bundle:default.eval_batch})")
    Integer evalBatch;

    @Option(names = "--stop-at-criterion", description = "stop once trials to criterion is known")
    boolean stopAtCriterion;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "also checkpoint every K iterations (default: with each evaluation)")
    Integer checkpointEvery;

    @Option(names = "--dt", paramLabel = "MS", description = "time step in ms (default ${bundle:default.dt}); alpha = dt / tau unless alpha is set")
    Double dt;

    @Option(names = "--overwrite", description = "replace an existing run in --out")
    boolean overwrite;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue the run in RUN from its checkpoint, exactly "
            + "(its config.json decides everything; only --engine and --iterations may be given with it)")
    Path resume;

    /** The meaning of each rule under the options of {@code train --help}, from the rules themselves. */
    @Spec
    void describeRules(CommandSpec spec) {
        this.spec = spec;
        List<String> footer = new ArrayList<>(List.of("", "Rules (--rule):"));
        for (Preset p : Preset.values()) footer.add(String.format(Locale.ROOT, "  %-17s  %s", p.key(), p.meaning()));
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    /** The exit code of a run stopped by Ctrl-C (the JVM itself exits with 130 or 143 after a signal). */
    static final int EXIT_INTERRUPTED = 130;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (resume != null) return resume(o);
        ConfigFile cfg = options.withOptions(options.file());
        cfg = RunOptions.option(cfg, "rule", rule);
        cfg = RunOptions.option(cfg, "seed", seed);
        cfg = RunOptions.option(cfg, "eval_batch", evalBatch);
        cfg = RunOptions.option(cfg, "dt", dt);
        cfg = RunOptions.option(cfg, "checkpoint_every", checkpointEvery);
        if (stopAtCriterion) cfg = RunOptions.option(cfg, "stop_at_criterion", true);
        RunConfig run = RunConfig.from(options.withSets(cfg));
        Path folder = out != null ? out : Path.of("runs", String.format(Locale.ROOT, "%s-%s-seed%s",
                run.task(), run.rule().key(), run.toMap().get("seed")));
        // Every mistake in the input fails here, alone, before anything says that training starts.
        TrainingRun.Prepared prepared = TrainingRun.prepare(run, folder, overwrite, commandLine());

        o.println("psrnn train: " + run.summary() + " -> " + folder);
        Engines.autoNotice(run.engine()).ifPresent(n -> o.println("psrnn train: " + n));
        o.println("psrnn train: " + ProgressPrinter.legend(run));
        o.flush();
        run.criterionWarning().ifPresent(this::warn);
        try (Interruption interruption = new Interruption(spec.commandLine().getErr())) {
            return finish(o, prepared.train(o, ProgressPrinter.stdoutIsTerminal(), "", 0, interruption.stop(), new RunReport()));
        }
    }

    /** A warning goes to standard error, where a log of the progress lines does not hide it. */
    private void warn(String warning) {
        PrintWriter e = spec.commandLine().getErr();
        e.println("psrnn train: warning: " + warning);
        e.flush();
    }

    /**
     * Continues a run. One that has nothing left to do says so and exits 0: the run the command
     * asks for exists, finished, so a script may resume its runs without first asking which ended.
     */
    private Integer resume(PrintWriter o) throws IOException {
        List<String> others = new ArrayList<>();
        for (var opt : spec.commandLine().getParseResult().matchedOptions()) {
            String name = opt.longestName();
            if (!RESUME_OPTIONS.contains(name)) others.add(name);
        }
        if (!others.isEmpty()) {
            throw new InvalidInputException("--resume continues a run as its config.json records it (only --engine and --iterations may "
                    + "change); drop " + String.join(", ", others));
        }
        TrainingRun.Prepared prepared = TrainingRun.prepareResume(resume, options.engine, options.iterations);
        int budget = prepared.config().training().iterations();
        if (prepared.finished().isPresent()) {
            o.println("psrnn train: " + resume + " is already finished: it " + prepared.finished().get() + "; nothing to do"
                    + (prepared.config().training().stopAtCriterion() ? ""
                    : " (to train it further: " + Launcher.name() + " train --resume " + resume + " --iterations N, N > " + budget + ")"));
            o.flush();
            return 0;
        }
        o.println("psrnn train: resuming " + resume + " at iteration " + prepared.startIteration() + " of " + budget + " on the "
                + prepared.engine() + " engine" + (prepared.startIteration() >= budget ? " (trained; writing the files it lacks)" : ""));
        o.println("psrnn train: " + ProgressPrinter.legend(prepared.config()));
        o.flush();
        try (Interruption interruption = new Interruption(spec.commandLine().getErr())) {
            return finish(o, prepared.train(o, ProgressPrinter.stdoutIsTerminal(), "", 0, interruption.stop(), new RunReport()));
        }
    }

    /** The options --resume accepts: the others are the run's, recorded in its config.json. */
    private static final java.util.Set<String> RESUME_OPTIONS = java.util.Set.of("--resume", "--engine", "--iterations");

    /** Prints how the run ended; a run stopped by a signal says how to resume it. */
    static int finish(PrintWriter o, TrainingRun.Outcome outcome) {
        if (outcome.result().ending() == Ending.INTERRUPTED) {
            o.println("psrnn train: stopped at iteration " + outcome.result().iterations() + " by a signal; checkpoint, metrics"
                    + " and plots are in " + outcome.dir().root() + "; resume with: " + Launcher.name() + " train --resume " + outcome.dir().root());
            o.flush();
            return EXIT_INTERRUPTED;
        }
        Report.printOutcome(o, outcome);
        return 0;
    }

    private String commandLine() {
        return "psrnn " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
