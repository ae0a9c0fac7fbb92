package org.psrnn.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.psrnn.InvalidInputException;
import org.psrnn.Keyed;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;

/**
 * The engines psrnn knows, found by name; {@code auto} is the fastest available one. Engines are
 * {@link ServiceLoader} providers of {@link EngineProvider}: psrnn's own are listed fastest first
 * in its META-INF/services file, and a program embedding psrnn can add its own the same way (they
 * come after psrnn's, in class-path order).
 */
public final class Engines {
    public static final String AUTO = "auto";

    /** What people call an engine, where spelling is no guide: "gpu" is one letter from "cpu" but means cuda. */
    private static final Map<String, String> ALIASES = Map.of("gpu", "cuda", "nvidia", "cuda", "ref", "reference");

    private Engines() {}

    /** Every engine kind, fastest first. */
    public static List<EngineProvider> all() {
        List<EngineProvider> all = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /** The provider called {@code name}, or for {@code auto} the first available one. */
    public static EngineProvider find(String name) {
        List<String> names = new ArrayList<>();
        for (EngineProvider p : all()) {
            names.add(p.name());
            if (AUTO.equals(name) && p.unavailableReason().isEmpty() && p.notChosenByAuto().isEmpty()) return p;
            if (p.name().equals(name)) {
                Optional<String> why = p.unavailableReason();
                if (why.isPresent()) throw new InvalidInputException("engine '" + name + "' is not available here: " + why.get());
                return p;
            }
        }
        names.add(AUTO);
        String hint = name == null ? null : ALIASES.getOrDefault(name.toLowerCase(Locale.ROOT), Keyed.closest(name.toLowerCase(Locale.ROOT), names));
        throw new InvalidInputException("engine = '" + name + "' is not allowed: must be one of " + String.join(", ", names)
                + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    }

    /**
     * For {@code auto}: which faster engines cannot run here and why, and which one is used
     * ("engine auto: cuda is not available (no NVIDIA driver: ...); using cpu"); empty otherwise.
     */
    public static Optional<String> autoNotice(String name) {
        if (!AUTO.equals(name)) return Optional.empty();
        List<String> skipped = new ArrayList<>();
        for (EngineProvider p : all()) {
            Optional<String> why = p.unavailableReason();
            if (why.isEmpty() && p.notChosenByAuto().isPresent()) {
                skipped.add(p.name() + " is passed over (" + p.notChosenByAuto().get() + ")");
                continue;
            }
            if (why.isEmpty()) {
                return skipped.isEmpty() ? Optional.empty()
                        : Optional.of("engine auto: " + String.join("; ", skipped) + "; using " + p.name());
            }
            skipped.add(p.name() + " is not available (" + why.get() + ")");
        }
        return Optional.empty();
    }

    /** A new engine called {@code name} (or {@code auto}) holding a copy of {@code state}. */
    public static Engine create(String name, ModelConfig config, NetworkState state) {
        return find(name).create(config, state);
    }
}
