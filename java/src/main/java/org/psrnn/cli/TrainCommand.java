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
import org.psrnn.train.ProgressPrinter;
import org.psrnn.train.RunConfig;
import org.psrnn.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Trains one network on one task and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on a cognitive task and write a run folder:",
                "config.json, metrics.csv, weights.npz, checkpoint.npz, summary.json, plots/.",
                "Every MODEL.md key can be set with --config FILE or --set KEY=VALUE (later ones win: file, options, --set)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--task", paramLabel = "NAME", description = "DelayMatchSample (dms, default), PerceptualDecisionMaking (pdm), "
            + "GoNogo (gonogo), ContextDecisionMaking (cdm), DelayComparison (dc), FlipFlop (flipflop)")
    String task;

    @Option(names = "--rule", paramLabel = "NAME", description = "bp, switch (default), switch-stochastic, fixed, hebb")
    String rule;

    @Option(names = "--hidden", paramLabel = "N", description = "recurrent units (default 128)")
    Integer hidden;

    @Option(names = "--batch", paramLabel = "B", description = "trials per iteration (default 32)")
    Integer batch;

    @Option(names = "--iterations", paramLabel = "K", description = "training iterations (default 2000)")
    Integer iterations;

    @Option(names = "--seed", paramLabel = "S", description = "seed of weights, noise, switching and trials (default 1)")
    String seed;

    @Option(names = "--engine", paramLabel = "NAME", description = "reference, cpu, cuda or auto (default auto)")
    String engine;

    @Option(names = "--out", paramLabel = "DIR", description = "the run folder (default runs/<task>-<rule>-seed<S>)")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON with any training or MODEL.md key")
    Path config;

    @Option(names = "--eval-every", paramLabel = "E", description = "iterations between evaluations (default 25)")
    Integer evalEvery;

    @Option(names = "--eval-batch", paramLabel = "M", description = "trials in the held-out evaluation batch (default 128)")
    Integer evalBatch;

    @Option(names = "--criterion", paramLabel = "P", description = "performance counted as learned (default 0.9)")
    Double criterion;

    @Option(names = "--stop-at-criterion", description = "stop once trials to criterion is known")
    boolean stopAtCriterion;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "also checkpoint every K iterations (default: with each evaluation)")
    Integer checkpointEvery;

    @Option(names = "--dt", paramLabel = "MS", description = "time step in ms (default 20); alpha = dt / tau unless alpha is set")
    Double dt;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any configuration key, e.g. --set lr=0.003 --set hebb_rule=oja")
    List<String> sets = new ArrayList<>();

    @Option(names = "--overwrite", description = "replace an existing run in --out")
    boolean overwrite;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue the run in RUN from its checkpoint, exactly "
            + "(its config.json decides everything; only --engine may be given with it)")
    Path resume;

    /** The exit code of a run stopped by Ctrl-C (the JVM itself exits with 130 or 143 after a signal). */
    static final int EXIT_INTERRUPTED = 130;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (resume != null) return resume(o);
        ConfigFile cfg = config == null ? ConfigFile.empty() : ConfigFile.read(config, RunConfig.allKeys());
        cfg = option(cfg, "task", task);
        cfg = option(cfg, "rule", rule);
        cfg = option(cfg, "hidden", hidden);
        cfg = option(cfg, "batch", batch);
        cfg = option(cfg, "iterations", iterations);
        cfg = option(cfg, "seed", seed);
        cfg = option(cfg, "engine", engine);
        cfg = option(cfg, "eval_every", evalEvery);
        cfg = option(cfg, "eval_batch", evalBatch);
        cfg = option(cfg, "criterion", criterion);
        cfg = option(cfg, "dt", dt);
        cfg = option(cfg, "checkpoint_every", checkpointEvery);
        if (stopAtCriterion) cfg = option(cfg, "stop_at_criterion", true);
        cfg = applySets(cfg, sets);
        RunConfig run = RunConfig.from(cfg);
        Path folder = out != null ? out : Path.of("runs", String.format(Locale.ROOT, "%s-%s-seed%s",
                run.task(), run.rule().key(), run.toMap().get("seed")));

        o.println("psrnn train: " + run.summary() + " -> " + folder);
        Engines.autoNotice(run.engine()).ifPresent(n -> o.println("psrnn train: " + n));
        o.flush();
        try (Interruption interruption = new Interruption(spec.commandLine().getErr())) {
            var outcome = TrainingRun.execute(run, folder, overwrite, o, ProgressPrinter.stdoutIsTerminal(), "", commandLine(), 0,
                    interruption.stop());
            return finish(o, outcome);
        }
    }

    private Integer resume(PrintWriter o) throws IOException {
        List<String> others = new ArrayList<>();
        for (var opt : spec.commandLine().getParseResult().matchedOptions()) {
            String name = opt.longestName();
            if (!name.equals("--resume") && !name.equals("--engine")) others.add(name);
        }
        if (!others.isEmpty()) {
            throw new InvalidInputException("--resume continues a run as its config.json records it; drop " + String.join(", ", others));
        }
        o.println("psrnn train: resuming " + resume);
        o.flush();
        try (Interruption interruption = new Interruption(spec.commandLine().getErr())) {
            return finish(o, TrainingRun.resume(resume, engine, o, ProgressPrinter.stdoutIsTerminal(), "", 0, interruption.stop()));
        }
    }

    /** Prints how the run ended; a run stopped by a signal says how to resume it. */
    static int finish(PrintWriter o, TrainingRun.Outcome outcome) {
        if (outcome.result().ending() == org.psrnn.train.Trainer.Ending.INTERRUPTED) {
            o.println("psrnn train: stopped at iteration " + outcome.result().iterations() + " by a signal; checkpoint, metrics"
                    + " and plots are in " + outcome.dir().root() + "; resume with: psrnn train --resume " + outcome.dir().root());
            o.flush();
            return EXIT_INTERRUPTED;
        }
        Report.printOutcome(o, outcome);
        return 0;
    }

    static ConfigFile option(ConfigFile cfg, String key, Object value) {
        if (value == null) return cfg;
        return cfg.with(key, value instanceof String s ? quote(s) : String.valueOf(value), RunConfig.allKeys(), "--" + key.replace('_', '-'));
    }

    /** A string option as a JSON string, unless it is a number (a seed). */
    private static String quote(String s) {
        return s.matches("-?\\d+") ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static ConfigFile applySets(ConfigFile cfg, List<String> sets) {
        for (String kv : sets) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new InvalidInputException("--set " + kv + ": expected KEY=VALUE");
            cfg = cfg.with(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip(), RunConfig.allKeys(), "--set");
        }
        return cfg;
    }

    private String commandLine() {
        return "psrnn " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
