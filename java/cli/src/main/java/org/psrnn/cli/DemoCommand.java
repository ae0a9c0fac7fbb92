package org.psrnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.psrnn.analysis.StructureMetrics;
import org.psrnn.engine.Engines;
import org.psrnn.io.ConfigFile;
import org.psrnn.report.ComparisonReport;
import org.psrnn.report.RunReport;
import org.psrnn.results.Ending;
import org.psrnn.results.Provenance;
import org.psrnn.train.Comparison;
import org.psrnn.train.ComparisonJson;
import org.psrnn.train.ComparisonSummary;
import org.psrnn.train.ProgressPrinter;
import org.psrnn.train.RunConfig;
import org.psrnn.train.RunPool;
import org.psrnn.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The default experiment: a psRNN and a BP-only network on delayed match-to-sample, side by side. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a psRNN (rule switch) and a BP-only RNN (rule bp) on delayed match-to-sample, "
                + "from the same initial weights and trials, each at its own best learning rate, and compare them. "
                + "About a minute on 2 cores.")
final class DemoCommand implements Callable<Integer> {
    /** The demo's settings: small enough to finish in minutes on a laptop, large enough to learn. */
    static final String[] SETTINGS = {
        "task", "dms", "hidden", "128", "batch", "32", "iterations", "800", "eval_every", "25", "eval_batch", "128", "seed", "1",
    };

    /**
     * Each rule's learning rate: the one `psrnn compare` chose for it on DelayMatchSample from its
     * search (docs/EXPERIMENTS.md, "psrnn compare on its defaults"). One rate for both decides the
     * race: at bp's best rate the psRNN's lead on this task is small, at the psRNN's it is large.
     */
    static final Map<String, String> RATES = Map.of("switch", "0.01", "bp", "0.001");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo", description = "where the two runs go (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "${bundle:default.engine}", description = "engine (default ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "change a setting of both runs, e.g. --set iterations=1000")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        List<String> rules = List.of("switch", "bp");
        List<RunConfig> configs = new ArrayList<>();
        for (String rule : rules) {
            ConfigFile c = ConfigFile.empty();
            for (int i = 0; i < SETTINGS.length; i += 2) c = c.with(SETTINGS[i], SETTINGS[i + 1], RunConfig.allKeys(), "demo");
            c = RunOptions.option(c, "rule", rule);
            c = c.with("lr", RATES.get(rule), RunConfig.allKeys(), "demo");
            c = RunOptions.option(c, "engine", engine);
            configs.add(RunConfig.from(RunOptions.applySets(c, sets)));
        }
        // Every mistake in the input (an engine that cannot run, a folder that cannot be written) fails here, before the header.
        List<TrainingRun.Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) prepared.add(TrainingRun.prepare(configs.get(i), out.resolve(rules.get(i)), true, "psrnn demo"));
        o.println("psrnn demo: psRNN (switch) vs BP-only (bp) on " + configs.get(0).summary().replace(", rule switch", ""));
        o.printf(Locale.ROOT, "learning rates: switch %s, bp %s (each rule's best on this task in docs/EXPERIMENTS.md's search)%n",
                lr(configs.get(0)), lr(configs.get(1)));
        Engines.autoNotice(engine).ifPresent(n -> o.println("psrnn demo: " + n));
        o.println("writing " + out + "/switch and " + out + "/bp; progress every " + configs.get(0).training().evalEvery() + " iterations");
        o.println(ProgressPrinter.legend(configs.get(0)));
        o.flush();
        configs.get(0).criterionWarning().ifPresent(w -> spec.commandLine().getErr().println("psrnn demo: warning: " + w));

        int parallel = rules.size();
        int engineThreads = RunPool.engineThreads(parallel);
        PrintWriter shared = new PrintWriter(o, true);
        try (Interruption interruption = new Interruption(spec.commandLine().getErr())) {
            List<Callable<TrainingRun.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                TrainingRun.Prepared run = prepared.get(i);
                String rule = rules.get(i);
                runs.add(() -> run.train(shared, false, rule, engineThreads, interruption.stop(), new RunReport()));
            }
            List<TrainingRun.Outcome> outcomes = RunPool.run(runs, parallel);
            if (outcomes.stream().anyMatch(x -> x.result().ending() == Ending.INTERRUPTED)) {
                o.println("psrnn demo: stopped by a signal; the partial runs are in " + out);
                return TrainCommand.EXIT_INTERRUPTED;
            }
            writeComparison(rules, outcomes);
            printComparison(o, rules, outcomes);
        }
        return 0;
    }

    /**
     * The demo is a comparison of one seed: its summary.csv, summary.json and report.html, as
     * {@code psrnn compare} writes them, go into the demo's folder beside the two runs.
     */
    private void writeComparison(List<String> rules, List<TrainingRun.Outcome> outcomes) throws java.io.IOException {
        List<Comparison.Finished> finished = new ArrayList<>();
        for (TrainingRun.Outcome x : outcomes) {
            Comparison.Job job = new Comparison.Job(x.config().rule().key(), x.config().model().seed(), x.dir().root(), x.config());
            finished.add(new Comparison.Finished(job, x.summary(), x.rows(), x.dir()));
        }
        ComparisonSummary summary = ComparisonSummary.of(finished, rules);
        summary.writeCsv(out.resolve("summary.csv"));
        Provenance prov = Provenance.here(outcomes.get(0).engine(), Engines.find(outcomes.get(0).engine()).description(),
                "psrnn " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        ComparisonJson.write(out.resolve("summary.json"), summary, outcomes.get(0).config(), null, prov);
        ComparisonReport.write(out.resolve("report.html"), summary, finished, outcomes.get(0).config(), prov, false,
                List.of("each rule at its own learning rate: switch " + lr(outcomes.get(0).config()) + ", bp " + lr(outcomes.get(1).config())
                        + " (the rates psrnn compare's search chose on this task in docs/EXPERIMENTS.md)"));
    }

    private static void printComparison(PrintWriter o, List<String> rules, List<TrainingRun.Outcome> outcomes) {
        o.println();
        o.printf(Locale.ROOT, "%-30s", "");
        for (String r : rules) o.printf(Locale.ROOT, "%14s", r);
        o.println();
        row(o, "trials to criterion", outcomes, x -> x.result().criterion().trialsToCriterion().isPresent()
                ? Long.toString(x.result().criterion().trialsToCriterion().getAsLong()) : "not reached");
        row(o, "final performance", outcomes, x -> String.format(Locale.ROOT, "%.3f", x.result().last().performance()));
        o.printf(Locale.ROOT, "%-" + (30 + 14 * outcomes.size()) + "s   %s%n", "structure of the trained W (MODEL.md):", "reference");
        for (int m = 0; m < StructureMetrics.NAMES.length; m++) {
            int idx = m;
            String name = StructureMetrics.NAMES[m];
            row(o, "  " + name, outcomes, x -> String.format(Locale.ROOT, "%.3f", x.structure().values()[idx]),
                    StructureMetrics.reference(name));
        }
        row(o, "seconds", outcomes, x -> String.format(Locale.ROOT, "%.0f", x.result().last().seconds()));
        o.println();
        TrainingRun.Outcome first = outcomes.get(0);
        o.println("criterion: performance >= " + first.config().training().criterion() + " at two evaluations in a row on "
                + first.config().training().evalBatch() + " held-out trials");
        for (var x : outcomes) o.println("outputs: " + x.dir().root() + "/ (plots/ holds the learning curve and |W| histograms)");
        o.println("the two side by side: " + outcomes.get(0).dir().root().getParent() + "/report.html (and summary.json, summary.csv)");
        o.println("analyse again with: " + Launcher.name() + " analyze " + outcomes.get(0).dir().root());
        o.println("one seed is an anecdote: docs/EXPERIMENTS.md compares the rules over 10 paired seeds, each at its best rate;");
        o.println("on this task the psRNN's lead over bp is not significant there. Run your own: " + Launcher.name()
                + " compare --seeds 10");
        o.flush();
    }

    private static String lr(RunConfig c) {
        return new java.math.BigDecimal(c.model().adam().lr()).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static void row(PrintWriter o, String name, List<TrainingRun.Outcome> outcomes,
                            java.util.function.Function<TrainingRun.Outcome, String> value) {
        row(o, name, outcomes, value, "");
    }

    /** A row of the comparison, with what its values mean against a known case at its end. */
    private static void row(PrintWriter o, String name, List<TrainingRun.Outcome> outcomes,
                            java.util.function.Function<TrainingRun.Outcome, String> value, String reference) {
        o.printf(Locale.ROOT, "%-30s", name);
        for (var x : outcomes) o.printf(Locale.ROOT, "%14s", value.apply(x));
        if (!reference.isEmpty()) o.print("   " + reference);
        o.println();
    }
}
