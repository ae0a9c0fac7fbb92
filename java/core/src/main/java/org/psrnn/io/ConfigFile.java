package org.psrnn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.psrnn.InvalidInputException;
import org.psrnn.Keyed;
import org.psrnn.model.Activation;
import org.psrnn.model.InitConfig;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;

/**
 * A JSON configuration whose keys are MODEL.md's names. Unknown keys are errors (with a
 * suggestion for near misses), as are values of the wrong type; ranges are checked by the
 * configuration records, and every message names the file.
 */
public final class ConfigFile {
    /** The keys of MODEL.md: dynamics, loss, optimiser, Hebbian rule, switching, seed, initialisation. */
    public static final Set<String> MODEL_KEYS = Set.of(
            "alpha", "dt", "tau", "activation", "loss", "sigma_rec",
            "lr", "beta1", "beta2", "eps", "clip",
            "eta_h", "hebb_rule", "lambda", "w_max",
            "switch_mode", "theta", "hysteresis", "kappa", "temp",
            "seed", "g", "strong_fraction");

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final String source;
    private final Map<String, JsonNode> values;
    /** Where each value came from when not from {@code source}: "--set", "--lr", ... */
    private final Map<String, String> origins;

    private ConfigFile(String source, Map<String, JsonNode> values) {
        this(source, values, Map.of());
    }

    private ConfigFile(String source, Map<String, JsonNode> values, Map<String, String> origins) {
        this.source = source;
        this.values = values;
        this.origins = origins;
    }

    /** A configuration from already-parsed values (a run's config.json), accepting only {@code allowed} keys. */
    public static ConfigFile fromMap(String source, Map<String, Object> map, Set<String> allowed) {
        ConfigFile c = new ConfigFile(source, Map.of());
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!allowed.contains(e.getKey())) throw new InvalidInputException(source + ": unknown key '" + e.getKey() + "'");
            JsonNode node = JSON.valueToTree(e.getValue());
            if (!node.isNull()) values.put(e.getKey(), node);
        }
        return new ConfigFile(c.source, values);
    }

    /** An empty configuration: every value at its default. */
    public static ConfigFile empty() {
        return new ConfigFile("defaults", Map.of());
    }

    /** Reads {@code file}, accepting only the keys in {@code allowed}. */
    public static ConfigFile read(Path file, Set<String> allowed) {
        return read(file, allowed, Set.of());
    }

    /**
     * Reads {@code file}, accepting the keys in {@code allowed} and passing over those in
     * {@code skipped}: entries a file may hold that are records, not settings (a run's provenance).
     */
    public static ConfigFile read(Path file, Set<String> allowed, Set<String> skipped) {
        String src = file.toString();
        if (Files.isDirectory(file)) throw new InvalidInputException(src + ": is a folder; expected a JSON file");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(src + ": no such file");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InvalidInputException(src + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new InvalidInputException(src + ": cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new InvalidInputException(src + ": must hold one JSON object {\"key\": value, ...}");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (skipped.contains(e.getKey())) continue;
            if (!allowed.contains(e.getKey())) {
                String hint = Keyed.closest(e.getKey(), allowed);
                throw new InvalidInputException(src + ": unknown key '" + e.getKey() + "'"
                        + (hint != null ? " (did you mean '" + hint + "'?)" : "; known keys: " + String.join(", ", new TreeSet<>(allowed))));
            }
            if (!e.getValue().isNull()) values.put(e.getKey(), e.getValue()); // null means "the default"
        }
        return new ConfigFile(src, values);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** A number, or {@code fallback} when absent. */
    public double number(String key, double fallback) {
        JsonNode v = values.get(key);
        if (v == null) return fallback;
        if (!v.isNumber()) throw typeError(key, "a number", v);
        return v.doubleValue();
    }

    /** A string, or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        JsonNode v = values.get(key);
        if (v == null) return fallback;
        if (!v.isTextual()) throw typeError(key, "a string", v);
        return v.textValue();
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        JsonNode v = values.get(key);
        if (v == null) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw typeError(key, "an integer", v);
        int i = v.intValue();
        if (i < min || i > max) {
            throw new InvalidInputException(where(key) + ": " + key + " = " + i + " is not allowed: must be in [" + min + ", " + max + "]");
        }
        return i;
    }

    /** A boolean, or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        JsonNode v = values.get(key);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw typeError(key, "true or false", v);
        return v.booleanValue();
    }

    /**
     * This configuration with {@code key} set to {@code value}, given as a command-line user
     * writes it: JSON ({@code 0.01}, {@code true}, {@code "relu"}) or a bare word ({@code relu}).
     * {@code origin} names where the value came from in later errors.
     */
    public ConfigFile with(String key, String value, Set<String> allowed, String origin) {
        if (!allowed.contains(key)) {
            String hint = Keyed.closest(key, allowed);
            throw new InvalidInputException(origin + ": unknown key '" + key + "'"
                    + (hint != null ? " (did you mean '" + hint + "'?)" : "; known keys: " + String.join(", ", new TreeSet<>(allowed))));
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
            if (node == null || node.isMissingNode()) node = JSON.getNodeFactory().textNode(value);
        } catch (JsonProcessingException e) {
            node = JSON.getNodeFactory().textNode(value);
        }
        Map<String, JsonNode> merged = new LinkedHashMap<>(values);
        if (node.isNull()) merged.remove(key); else merged.put(key, node);
        Map<String, String> mergedOrigins = new LinkedHashMap<>(origins);
        mergedOrigins.put(key, origin);
        return new ConfigFile(source, merged, mergedOrigins);
    }

    /** This configuration, with {@code key} set to {@code value} (JSON) unless it is set already. */
    public ConfigFile withDefault(String key, String value, Set<String> allowed) {
        return has(key) ? this : with(key, value, allowed, "experiment default");
    }

    /** The values as plain Java objects, for writing a resolved configuration. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, JSON.convertValue(v, Object.class)));
        return m;
    }

    /** An unsigned 64-bit integer (returned as the long with the same bits), or {@code fallback}. */
    public long unsigned64(String key, long fallback) {
        JsonNode v = values.get(key);
        if (v == null) return fallback;
        if (!v.isIntegralNumber()) throw typeError(key, "an integer", v);
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.compareTo(TWO_TO_64) >= 0) {
            throw new InvalidInputException(where(key) + ": " + key + " = " + b + " is not allowed: must be in [0, 2^64)");
        }
        return b.longValue();
    }

    /** The loss if the file sets one. */
    public Optional<LossKind> loss() {
        return has("loss") ? Optional.of(within(() -> LossKind.parse(string("loss", null)))) : Optional.empty();
    }

    /** Every MODEL.md hyper-parameter, each from the file or its default; {@code loss} when the file sets none. */
    public ModelConfig modelConfig(LossKind fallbackLoss) {
        return within(() -> {
            double alpha = alpha();
            AdamConfig adam = new AdamConfig(
                    number("lr", AdamConfig.DEFAULT.lr()),
                    number("beta1", AdamConfig.DEFAULT.beta1()),
                    number("beta2", AdamConfig.DEFAULT.beta2()),
                    number("eps", AdamConfig.DEFAULT.eps()));
            HebbianConfig hebbian = new HebbianConfig(
                    HebbianRule.parse(string("hebb_rule", HebbianConfig.DEFAULT.rule().key())),
                    number("eta_h", HebbianConfig.DEFAULT.etaH()),
                    number("lambda", HebbianConfig.DEFAULT.lambda()),
                    number("w_max", HebbianConfig.DEFAULT.wMax()));
            SwitchConfig switching = new SwitchConfig(
                    SwitchMode.parse(string("switch_mode", SwitchConfig.DEFAULT.mode().key())),
                    number("theta", SwitchConfig.DEFAULT.theta()),
                    number("hysteresis", SwitchConfig.DEFAULT.hysteresis()),
                    number("kappa", SwitchConfig.DEFAULT.kappa()),
                    number("temp", SwitchConfig.DEFAULT.temp()));
            LossKind loss = has("loss") ? LossKind.parse(string("loss", null)) : fallbackLoss;
            return new ModelConfig(alpha,
                    Activation.parse(string("activation", Activation.RELU.key())),
                    loss,
                    number("sigma_rec", ModelConfig.DEFAULT_SIGMA_REC),
                    adam,
                    number("clip", ModelConfig.DEFAULT_CLIP),
                    hebbian,
                    switching,
                    unsigned64("seed", ModelConfig.DEFAULT_SEED));
        });
    }

    /** The initialisation settings {@code g} and {@code strong_fraction}. */
    public InitConfig initConfig() {
        return within(() -> new InitConfig(number("g", InitConfig.DEFAULT.g()), number("strong_fraction", InitConfig.DEFAULT.strongFraction())));
    }

    /** The time constant {@code tau} in ms when {@code alpha} is derived from {@code dt / tau}. */
    public static final double DEFAULT_TAU = 100.0;

    /** {@code alpha} when given, else {@code dt / tau} (defaults: the tasks' time step and {@link #DEFAULT_TAU}). */
    private double alpha() {
        if (has("alpha") || !(has("dt") || has("tau"))) return number("alpha", ModelConfig.DEFAULT_ALPHA);
        double dt = org.psrnn.Check.positive("dt", number("dt", org.psrnn.task.TaskConfig.DEFAULT.dt()));
        double tau = org.psrnn.Check.positive("tau", number("tau", DEFAULT_TAU));
        if (dt > tau) throw new InvalidInputException("dt = " + dt + " > tau = " + tau + " is not allowed: alpha = dt / tau must be in (0, 1]");
        return dt / tau;
    }

    private InvalidInputException typeError(String key, String expected, JsonNode v) {
        return new InvalidInputException(where(key) + ": " + key + " must be " + expected + ", got " + v);
    }

    /** Where the value of {@code key} came from: the file, or the command-line option that set it. */
    private String where(String key) {
        return origins.getOrDefault(key, source);
    }

    /** Runs {@code body}; an error about one key is prefixed with where that key's value came from. */
    public <T> T within(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (InvalidInputException e) {
            for (String key : values.keySet()) {
                if (e.getMessage().startsWith(key + " ")) throw where(key).equals("defaults") ? e : e.within(where(key));
            }
            throw e; // it names its origin already, or concerns no single key
        }
    }

    /** The keys set in the file, for provenance. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }
}
