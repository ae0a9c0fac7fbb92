package org.psrnn.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a result came from: psrnn version and commit, JDK, OS, engine and device, command, time;
 * for a run whose budget was raised on resume, when and from what. Written into a run's
 * config.json and a comparison's summary.json.
 */
@JsonPropertyOrder({"psrnn_version", "git_commit", "java", "os", "cpus", "engine", "device", "command", "created", "budget_raised"})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(@JsonProperty("psrnn_version") String version, @JsonProperty("git_commit") String gitCommit, String java,
                         String os, int cpus, String engine, String device, String command, String created,
                         @JsonProperty("budget_raised") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<BudgetRaise> budgetRaised) {

    /** A raise of a run's iteration budget by {@code psrnn train --resume RUN --iterations N}. */
    @JsonPropertyOrder({"from", "to", "at"})
    public record BudgetRaise(int from, int to, String at) {}

    public Provenance {
        budgetRaised = budgetRaised == null ? List.of() : List.copyOf(budgetRaised);
    }

    /** This process now: running {@code command} on the engine called {@code engine}, described as {@code device}. */
    public static Provenance here(String engine, String device, String command) {
        return new Provenance(buildVersion(), sourceCommit(), Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), engine, device, command, Instant.now().toString(), List.of());
    }

    /** This provenance with one more budget raise, from {@code from} to {@code to} iterations, now. */
    public Provenance withRaise(int from, int to) {
        List<BudgetRaise> raises = new ArrayList<>(budgetRaised);
        raises.add(new BudgetRaise(from, to, Instant.now().toString()));
        return new Provenance(version, gitCommit, java, os, cpus, engine, device, command, created, raises);
    }

    /** The rows a report shows, key by key as in the JSON. */
    public Map<String, String> rows() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("psrnn_version", version);
        r.put("git_commit", gitCommit);
        r.put("java", java);
        r.put("os", os);
        r.put("cpus", Integer.toString(cpus));
        r.put("engine", engine);
        r.put("device", device);
        r.put("command", command);
        r.put("created", created);
        if (!budgetRaised.isEmpty()) r.put("budget_raised", budgetRaised.toString());
        return r;
    }

    /** The version of this build, from the jar's version.properties; "unknown" when it has none. */
    public static String buildVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/org/psrnn/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The source commit, passed by the launcher as {@code -Dpsrnn.git.commit}; "unknown" outside a checkout. */
    public static String sourceCommit() {
        return System.getProperty("psrnn.git.commit", "unknown");
    }
}
