package org.psrnn.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.psrnn.InvalidInputException;
import org.psrnn.Keyed;

/** The tasks psrnn knows, by NeuroGym name or short alias (case-insensitive). */
public final class Tasks {
    /** The default task: working memory. */
    public static final String DEFAULT = "DelayMatchSample";

    private record Entry(String name, String alias, Function<TaskConfig, Task> factory) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("DelayMatchSample", "dms", DelayMatchSample::new),
            new Entry("PerceptualDecisionMaking", "pdm", PerceptualDecisionMaking::new),
            new Entry("GoNogo", "gonogo", GoNogo::new),
            new Entry("ContextDecisionMaking", "cdm", ContextDecisionMaking::new),
            new Entry("DelayComparison", "dc", DelayComparison::new),
            new Entry("FlipFlop", "flipflop", FlipFlop::new));

    private Tasks() {}

    /** The task called {@code name} (NeuroGym name or alias) with the given settings. */
    public static Task create(String name, TaskConfig config) {
        return entry(name).factory().apply(config);
    }

    /** The NeuroGym name of the task called {@code name} (NeuroGym name or alias), refused as {@link #create} refuses it. */
    public static String canonicalName(String name) {
        return entry(name).name();
    }

    private static Entry entry(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (Entry e : ENTRIES) {
            if (e.name().toLowerCase(Locale.ROOT).equals(key) || e.alias().equals(key)) return e;
            names.add(e.name() + " (" + e.alias() + ")");
        }
        List<String> candidates = new ArrayList<>();
        for (Entry e : ENTRIES) {
            candidates.add(e.name().toLowerCase(Locale.ROOT));
            candidates.add(e.alias());
        }
        String hint = Keyed.closest(key, candidates);
        throw new InvalidInputException("task = '" + name + "' is not allowed: must be one of " + String.join(", ", names)
                + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    }

    /** Canonical name -> alias, in the order tasks are listed. */
    public static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Entry e : ENTRIES) m.put(e.name(), e.alias());
        return m;
    }
}
