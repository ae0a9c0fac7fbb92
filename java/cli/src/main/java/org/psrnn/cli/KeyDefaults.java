package org.psrnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import org.psrnn.config.ConfigKey;
import org.psrnn.config.ConfigKeys;
import org.psrnn.rules.Preset;
import org.psrnn.task.Tasks;

/**
 * The configuration table's defaults as picocli description variables, so that the commands' help
 * says what {@link ConfigKeys} says instead of repeating it: {@code ${bundle:default.hidden}} is
 * 128, {@code ${bundle:choices.rule}} the rules with the default marked. Picocli reads it as the
 * resource bundle of {@link Main}, which its subcommands inherit. Its keys are not option names,
 * so picocli looks up no option's description here.
 */
public final class KeyDefaults extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        List<Object[]> entries = new ArrayList<>();
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            if (k.trainingValue() != null) entries.add(new Object[] {"default." + k.name(), KeysCommand.trainingDefault(k)});
        }
        entries.add(new Object[] {"choices.task", taskChoices()});
        entries.add(new Object[] {"choices.rule", ruleChoices()});
        return entries.toArray(Object[][]::new);
    }

    /** Every task by name, with its alias and the default marked: "DelayMatchSample (dms, default), ...". */
    static String taskChoices() {
        List<String> names = new ArrayList<>();
        String chosen = ConfigKeys.TASK.defaultValue();
        Tasks.names().forEach((name, alias) -> names.add(name + " (" + alias + (name.equals(chosen) ? ", default" : "") + ")"));
        return String.join(", ", names);
    }

    /** Every rule preset, the default marked: "bp, switch (default), ...". */
    static String ruleChoices() {
        List<String> names = new ArrayList<>();
        for (Preset p : Preset.values()) names.add(p.key() + (p == ConfigKeys.RULE.defaultValue() ? " (default)" : ""));
        return String.join(", ", names);
    }
}
