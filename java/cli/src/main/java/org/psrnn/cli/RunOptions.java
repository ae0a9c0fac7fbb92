package org.psrnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.psrnn.InvalidInputException;
import org.psrnn.io.ConfigFile;
import org.psrnn.train.RunConfig;
import picocli.CommandLine.Option;

/**
 * The options that configure a run, shared by {@code train} and {@code compare} (picocli mixin):
 * task, sizes, budget, engine, evaluation, criterion, a config file and {@code --set}. Values
 * apply in one order: the file, then the options, then {@code --set}, so later ones win.
 */
final class RunOptions {
    @Option(names = "--task", paramLabel = "NAME", description = "${bundle:choices.task}")
    String task;

    @Option(names = "--hidden", paramLabel = "N", description = "recurrent units (default ${bundle:default.hidden})")
    Integer hidden;

    @Option(names = "--batch", paramLabel = "B", description = "trials per iteration (default ${bundle:default.batch})")
    Integer batch;

    @Option(names = "--iterations", paramLabel = "K", description = "training iterations of each run (default ${bundle:default.iterations}); "
            + "with train --resume, a larger budget for the run")
    Integer iterations;

    @Option(names = "--engine", paramLabel = "NAME", description = "reference, cpu, cuda or auto (default ${bundle:default.engine})")
    String engine;

    @Option(names = "--eval-every", paramLabel = "E", description = "iterations between evaluations (default ${bundle:default.eval_every})")
    Integer evalEvery;

    @Option(names = "--criterion", paramLabel = "P", description = "performance counted as learned (default: the task's, "
            + "below what the task allows; 0.9 for most, psrnn tasks lists them)")
    Double criterion;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON with any training or MODEL.md key")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any configuration key, e.g. --set lr=0.003 --set hebb_rule=oja")
    List<String> sets = new ArrayList<>();

    /** The config file's values (none without --config). */
    ConfigFile file() {
        return config == null ? ConfigFile.empty() : ConfigFile.read(config, RunConfig.allKeys());
    }

    /** {@code c} with the shared options given on the command line. */
    ConfigFile withOptions(ConfigFile c) {
        c = option(c, "task", task);
        c = option(c, "hidden", hidden);
        c = option(c, "batch", batch);
        c = option(c, "iterations", iterations);
        c = option(c, "engine", engine);
        c = option(c, "eval_every", evalEvery);
        return option(c, "criterion", criterion);
    }

    /** {@code c} with every {@code --set KEY=VALUE}, last. */
    ConfigFile withSets(ConfigFile c) {
        return applySets(c, sets);
    }

    /** {@code c} with {@code key} set from the option of that name, when given. */
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
}
