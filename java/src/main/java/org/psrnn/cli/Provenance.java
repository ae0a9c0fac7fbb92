package org.psrnn.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.psrnn.engine.EngineProvider;

/** Where a result came from: psrnn version and commit, JDK, OS, engine and device, command, time. */
public final class Provenance {
    private Provenance() {}

    /** The source commit, passed by the launcher as {@code -Dpsrnn.git.commit}; "unknown" outside a checkout. */
    public static String gitCommit() {
        return System.getProperty("psrnn.git.commit", "unknown");
    }

    public static Map<String, Object> of(EngineProvider engine, String command) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("psrnn_version", Main.version());
        p.put("git_commit", gitCommit());
        p.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("cpus", Runtime.getRuntime().availableProcessors());
        p.put("engine", engine.name());
        p.put("device", engine.description());
        p.put("command", command);
        p.put("created", Instant.now().toString());
        return p;
    }
}
