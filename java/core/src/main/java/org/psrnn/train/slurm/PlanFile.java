package org.psrnn.train.slurm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.InvalidInputException;
import org.psrnn.io.AtomicFiles;
import org.psrnn.train.Comparison;

/**
 * {@code plan.json}: a {@link ComparisonPlan} as JSON (format {@link ComparisonPlan#FORMAT}): the
 * settings, rules, seeds and search it was made from, and every run by index with its phase, rule,
 * seed, folder (relative to the comparison) and resolved configuration.
 */
final class PlanFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanFile() {}

    /** {@code value} as JSON read back: numbers compare by how they are written, not by their Java type. */
    static JsonNode tree(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The plan as its file holds it. */
    static Map<String, Object> toMap(ComparisonPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", ComparisonPlan.FORMAT);
        m.put("root", plan.root().toString());
        m.put("command", plan.command());
        m.put("settings", plan.settings());
        m.put("rules", plan.rules());
        m.put("first_seed", plan.firstSeed());
        m.put("seeds", plan.seeds());
        m.put("lr_search", plan.lrSearch());
        m.put("search_seeds", plan.searchSeeds());
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Comparison.Job> main = plan.runJobs(Map.of());
        int searchSize = plan.searchJobs().size();
        for (ComparisonPlan.Entry e : plan.entries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", e.index());
            r.put("phase", e.search() ? "lr-search" : "comparison");
            r.put("rule", e.rule());
            r.put("seed", e.seed());
            r.put("dir", plan.root().relativize(e.dir()).toString());
            Comparison.Job j = e.search() ? plan.searchJobs().get(e.index()) : main.get(e.index() - searchSize);
            if (!e.search() && plan.lrSearch() != null) r.put("lr", "chosen by the search when the run starts");
            r.put("config", plan.listedConfig(e, j.config().toMap()));
            runs.add(r);
        }
        m.put("runs", runs);
        return m;
    }

    static void write(ComparisonPlan plan) throws IOException {
        Files.createDirectories(plan.file().getParent());
        AtomicFiles.writeString(plan.file(), JSON.writeValueAsString(toMap(plan)) + "\n");
    }

    static boolean sameAs(ComparisonPlan one, ComparisonPlan other) {
        Map<String, Object> a = new LinkedHashMap<>(toMap(one)), b = new LinkedHashMap<>(toMap(other));
        a.remove("command");
        b.remove("command");
        return tree(a).equals(tree(b));
    }

    static ComparisonPlan read(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException ex) {
            throw new InvalidInputException(file + ": no such file (a plan is written by psrnn compare --executor slurm)");
        } catch (JsonProcessingException ex) {
            throw new InvalidInputException(file + ": not valid JSON: " + ex.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException ex) {
            throw new InvalidInputException(file + ": cannot be read (" + ex.getMessage() + ")");
        }
        if (n == null || !n.isObject() || !n.path("format").isInt()) {
            throw new InvalidInputException(file + ": not a comparison plan (no \"format\"; a plan is written by psrnn compare --executor slurm)");
        }
        if (n.get("format").asInt() != ComparisonPlan.FORMAT) {
            throw new InvalidInputException(file + ": a plan of format " + n.get("format").asInt() + "; this psrnn reads format "
                    + ComparisonPlan.FORMAT + ": run the same psrnn compare again to write it anew");
        }
        try {
            List<JsonNode> listed = new ArrayList<>();
            for (JsonNode r : required(n, "runs", file)) listed.add(r.get("config"));
            ComparisonPlan p = new ComparisonPlan(Path.of(required(n, "root", file).asText()),
                    JSON.convertValue(required(n, "command", file), JSON.getTypeFactory().constructCollectionType(List.class, String.class)),
                    JSON.convertValue(required(n, "settings", file), JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                            Object.class)),
                    JSON.convertValue(required(n, "rules", file), JSON.getTypeFactory().constructCollectionType(List.class, String.class)),
                    required(n, "first_seed", file).asLong(), required(n, "seeds", file).asInt(),
                    n.path("lr_search").isTextual() ? n.get("lr_search").asText() : null, required(n, "search_seeds", file).asInt(), listed);
            if (listed.size() != p.size() || listed.contains(null)) {
                throw new InvalidInputException(file + ": lists " + listed.size() + " runs, but its settings make " + p.size());
            }
            return p;
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException(file + ": not a comparison plan (" + ex.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static JsonNode required(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) throw new InvalidInputException(file + ": not a comparison plan (no \"" + key + "\")");
        return v;
    }
}
