package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.psrnn.io.ConfigFile;
import org.psrnn.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every configuration key with its default, the values it takes and what it means. The defaults
 * are what an empty configuration resolves to, in training and in {@code psrnn step}, so this
 * list says what the code does.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"List every configuration key (--config FILE, --set KEY=VALUE) with its default, allowed values and meaning."})
final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final String ABSENT = "(absent)";

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Map<String, String> train = trainingDefaults();
        Map<String, String> step = stepDefaults();
        o.println("Configuration keys: psrnn train and compare take them in --config FILE and --set KEY=VALUE, psrnn step in --config FILE.");
        o.println("Each key: what it means; its default (step's too where it differs) and the values it takes.");
        section(o, "MODEL.md's keys (train, compare, step)", ordered(ConfigFile.MODEL_KEYS), train, step);
        section(o, "training keys (train, compare; step checks task and hidden against the state and ignores the others)",
                ordered(RunConfig.TRAIN_KEYS), train, step);
        o.flush();
        return 0;
    }

    private static void section(PrintWriter o, String title, Set<String> keys, Map<String, String> train, Map<String, String> step) {
        o.println();
        o.println(title + ":");
        for (String name : keys) {
            ConfigKeys.Key k = ConfigKeys.ALL.get(name);
            String allowed = k == null ? "?" : k.allowed();
            String meaning = k == null ? "?" : k.meaning();
            o.printf(Locale.ROOT, "  %-18s %s%n", name, meaning);
            o.printf(Locale.ROOT, "  %-18s default %s; allowed %s%n", "", defaultText(name, k, train, step), allowed);
        }
    }

    /** {@code keys} in the order ConfigKeys describes them (related keys together), any it does not describe last. */
    private static Set<String> ordered(Set<String> keys) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : ConfigKeys.ALL.keySet()) if (keys.contains(k)) out.add(k);
        out.addAll(new TreeSet<>(keys));
        return out;
    }

    /** The default as printed: training's value, step's where it differs, or what an absent key means. */
    static String defaultText(String name, ConfigKeys.Key k, Map<String, String> train, Map<String, String> step) {
        if (k != null && k.whenAbsent() != null) return k.whenAbsent();
        String t = train.getOrDefault(name, ABSENT);
        String s = step.get(name);
        return s == null || s.equals(t) ? t : t + " (step: " + s + ")";
    }

    /** Every key's value in a training configuration that sets nothing. */
    static Map<String, String> trainingDefaults() {
        Map<String, Object> m = new LinkedHashMap<>(RunConfig.from(ConfigFile.empty()).toMap());
        m.put("tau", ConfigFile.DEFAULT_TAU);
        return texts(m);
    }

    /** MODEL.md's keys in a step configuration that sets nothing (MODEL.md's defaults). */
    static Map<String, String> stepDefaults() {
        RunConfig defaults = RunConfig.from(ConfigFile.empty());
        Map<String, Object> m = new LinkedHashMap<>(defaults.withModel(ConfigFile.empty().modelConfig(defaults.model().loss())).toMap());
        m.keySet().retainAll(ConfigFile.MODEL_KEYS);
        m.put("tau", ConfigFile.DEFAULT_TAU);
        return texts(m);
    }

    private static Map<String, String> texts(Map<String, Object> values) {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, text(v)));
        return m;
    }

    /** A value as one writes it in a config file or after --set: 0.01, 1e-6, 20, relu, true. */
    static String text(Object v) {
        if (v == null) return "none";
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
            return Double.toString(d).replace(".0E", "e").replace("E", "e");
        }
        return v.toString();
    }
}
