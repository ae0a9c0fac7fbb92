package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.psrnn.io.ConfigFile;
import org.psrnn.train.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults train's and compare's help shows for options that set a configuration key are
 * what a run that sets nothing resolves to, read from the resolved run, not from the table the
 * help is built from.
 */
class HelpDefaultsTest {
    private static final Pattern DEFAULT = Pattern.compile("\\(default ([^);]+)[);]");
    private static final Map<String, Object> RESOLVED = RunConfig.from(ConfigFile.empty()).toMap();

    /** A resolved value as the help writes it: 20.0 as 20. */
    private static String written(Object v) {
        if (v instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
        return String.valueOf(v);
    }

    private static List<OptionSpec> options(String command) {
        return new CommandLine(new Main()).getSubcommands().get(command).getCommandSpec().options();
    }

    private static String description(OptionSpec o) {
        return String.join(" ", o.description());
    }

    @Test
    void eachDefaultShownIsTheResolvedOne() {
        for (String command : List.of("train", "compare")) {
            List<String> checked = new ArrayList<>();
            for (OptionSpec o : options(command)) {
                String key = o.longestName().substring(2).replace('-', '_');
                Matcher m = DEFAULT.matcher(description(o));
                if (!RESOLVED.containsKey(key) || !m.find()) continue;
                assertEquals(written(RESOLVED.get(key)), m.group(1), command + " " + o.longestName() + ": " + description(o));
                checked.add(key);
            }
            assertTrue(checked.containsAll(List.of("hidden", "batch", "iterations", "engine", "eval_every")), command + ": " + checked);
        }
    }

    /** train's --task and --rule list the choices with the resolved default marked. */
    @Test
    void theMarkedChoicesAreTheResolvedOnes() {
        Map<String, String> d = new java.util.HashMap<>();
        for (OptionSpec o : options("train")) d.put(o.longestName(), description(o));
        Matcher task = Pattern.compile("(\\w+) \\(\\w+, default\\)").matcher(d.get("--task"));
        assertTrue(task.find(), d.get("--task"));
        assertEquals(RESOLVED.get("task"), task.group(1));
        assertTrue(d.get("--task").contains("FlipFlop (flipflop)"), d.get("--task"));
        Matcher rule = Pattern.compile("([\\w-]+) \\(default\\)").matcher(d.get("--rule"));
        assertTrue(rule.find(), d.get("--rule"));
        assertEquals(RESOLVED.get("rule"), rule.group(1));
        assertTrue(d.get("--rule").contains("switch-stochastic") && d.get("--rule").contains("hebb"), d.get("--rule"));
    }
}
