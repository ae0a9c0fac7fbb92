package org.psrnn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.psrnn.config.ConfigKey;
import org.psrnn.config.ConfigKeys;
import org.psrnn.config.ModelSettings;
import org.psrnn.config.Settings;
import org.psrnn.model.InitConfig;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;

/**
 * A JSON configuration whose keys are those of {@link ConfigKeys}. Unknown keys are errors (with a
 * suggestion for near misses); each value is checked for type and range by its key when it is
 * read, and every message names the file or option the value came from.
 */
public final class ConfigFile implements Settings {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** The source of a configuration that sets nothing: errors about its values need no prefix. */
    private static final String EMPTY = "defaults";

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
        return new ConfigFile(EMPTY, Map.of());
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
            if (!allowed.contains(e.getKey())) throw unknownKey(src, e.getKey(), allowed);
            if (!e.getValue().isNull()) values.put(e.getKey(), e.getValue()); // null means "the default"
        }
        return new ConfigFile(src, values);
    }

    /** A key that is not one of {@code allowed}: the nearest one as a suggestion, or all of them when none is near. */
    private static InvalidInputException unknownKey(String origin, String key, Set<String> allowed) {
        String hint = Keyed.closest(key, allowed);
        return new InvalidInputException(origin + ": unknown key '" + key + "'"
                + (hint != null ? " (did you mean '" + hint + "'?)" : "; known keys: " + String.join(", ", new TreeSet<>(allowed))));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    @Override
    public boolean has(ConfigKey<?> key) {
        return has(key.name());
    }

    /** The value of {@code key}, checked by the key's domain; an error names the key, the value, what is allowed and where the value came from. */
    @Override
    public <T> T get(ConfigKey<T> key, T fallback) {
        JsonNode v = values.get(key.name());
        if (v == null) return fallback;
        try {
            return key.domain().read(key.name(), v);
        } catch (InvalidInputException e) {
            throw concerning(key, e);
        }
    }

    @Override
    public InvalidInputException concerning(ConfigKey<?> key, InvalidInputException e) {
        String where = where(key.name());
        return where.equals(EMPTY) ? e : e.within(where);
    }

    /**
     * This configuration with {@code key} set to {@code value}, given as a command-line user
     * writes it: JSON ({@code 0.01}, {@code true}, {@code "relu"}) or a bare word ({@code relu}).
     * {@code origin} names where the value came from in later errors.
     */
    public ConfigFile with(String key, String value, Set<String> allowed, String origin) {
        if (!allowed.contains(key)) throw unknownKey(origin, key, allowed);
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

    /** This configuration, with {@code key} at {@code value} unless it is set already; errors would say "experiment default". */
    public <T> ConfigFile withDefault(ConfigKey<T> key, T value) {
        if (has(key)) return this;
        Map<String, JsonNode> merged = new LinkedHashMap<>(values);
        merged.put(key.name(), JSON.valueToTree(key.json(value)));
        Map<String, String> mergedOrigins = new LinkedHashMap<>(origins);
        mergedOrigins.put(key.name(), "experiment default");
        return new ConfigFile(source, merged, mergedOrigins);
    }

    /** The values as plain Java objects, for writing a resolved configuration. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, JSON.convertValue(v, Object.class)));
        return m;
    }

    /** The loss if the file sets one. */
    public Optional<LossKind> loss() {
        return Optional.ofNullable(get(ConfigKeys.LOSS));
    }

    /** Every MODEL.md hyper-parameter, each from the file or its default; {@code fallbackLoss} when the file sets none. */
    public ModelConfig modelConfig(LossKind fallbackLoss) {
        return ModelSettings.model(this, fallbackLoss);
    }

    /** The initialisation settings {@code g} and {@code strong_fraction}. */
    public InitConfig initConfig() {
        return ModelSettings.init(this);
    }

    /** Where the value of {@code key} came from: the file, or the command-line option that set it. */
    private String where(String key) {
        return origins.getOrDefault(key, source);
    }

    /** The keys set in the file, for provenance. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }
}
