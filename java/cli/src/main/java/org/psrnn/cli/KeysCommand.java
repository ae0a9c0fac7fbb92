package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.psrnn.config.ConfigKey;
import org.psrnn.config.ConfigKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every configuration key with its default, the values it takes and what it means, as the
 * configuration table ({@link ConfigKeys}) holds them: the same table the reader checks values
 * against, so this list says what the code accepts. KeysTest holds each listed default and range
 * against what a configuration resolves to.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"List every configuration key (--config FILE, --set KEY=VALUE) with its default, allowed values and meaning."})
final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The default printed for a key that has neither a default value nor words for its absence (none should). */
    static final String ABSENT = "(absent)";

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        o.println("Configuration keys: psrnn train and compare take them in --config FILE and --set KEY=VALUE, psrnn step in --config FILE.");
        o.println("Each key: what it means; its default (step's too where it differs) and the values it takes.");
        section(o, "MODEL.md's keys (train, compare, step)", true);
        section(o, "training keys (train, compare; step checks task and hidden against the state and ignores the others)", false);
        o.flush();
        return 0;
    }

    private static void section(PrintWriter o, String title, boolean modelMd) {
        o.println();
        o.println(title + ":");
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            if (k.layer().modelMd() != modelMd) continue;
            o.printf(Locale.ROOT, "  %-18s %s%n", k.name(), k.help());
            o.printf(Locale.ROOT, "  %-18s default %s; allowed %s%n", "", defaultText(k), k.domain().allowed());
        }
    }

    /** The default as printed: training's value, step's where it differs (MODEL.md's keys), or what an absent key means. */
    static <T> String defaultText(ConfigKey<T> k) {
        if (k.whenAbsent() != null) return k.whenAbsent();
        if (k.trainingValue() == null) return ABSENT;
        String train = k.text(k.trainingValue());
        String step = k.text(k.defaultValue());
        return !k.layer().modelMd() || step.equals(train) ? train : train + " (step: " + step + ")";
    }

    /** A key's training default as one writes it after {@code --set}, for the commands' help. */
    static <T> String trainingDefault(ConfigKey<T> k) {
        return k.text(k.trainingValue());
    }
}
