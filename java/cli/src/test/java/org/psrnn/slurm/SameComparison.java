package org.psrnn.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.testing.ResumeCheck;

/**
 * Two comparison folders hold the same results: every run folder of one is in the other, with
 * the same weights.npz (bytes), checkpoint.npz (every array, the trainer's state but its clock),
 * metrics.csv (but the wall-clock column), summary.json (but its clock and time of writing) and
 * config.json (but its provenance); and the comparison's summary.csv and summary.json (but its
 * provenance) are the same.
 */
final class SameComparison {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SameComparison() {}

    /** The run folders under {@code root}, relative to it, sorted. */
    static List<Path> runs(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("config.json")).map(p -> root.relativize(p.getParent())).sorted().toList();
        }
    }

    static void assertSame(Path expected, Path actual) throws Exception {
        List<Path> runs = runs(expected);
        assertEquals(runs, runs(actual), "the same run folders");
        assertTrue(!runs.isEmpty());
        for (Path run : runs) {
            Path a = expected.resolve(run), b = actual.resolve(run);
            assertArrayEquals(Files.readAllBytes(a.resolve("weights.npz")), Files.readAllBytes(b.resolve("weights.npz")), run + "/weights.npz");
            Map<String, NpyArray> ca = Npz.read(a.resolve("checkpoint.npz")), cb = Npz.read(b.resolve("checkpoint.npz"));
            assertEquals(ca.keySet(), cb.keySet(), run + "/checkpoint.npz");
            for (String name : ca.keySet()) {
                if (!name.equals("trainer")) assertArrayEquals(ca.get(name).bytes(), cb.get(name).bytes(), run + "/checkpoint.npz " + name);
            }
            assertArrayEquals(Arrays.copyOf(ca.get("trainer").toDoubles(), 8), Arrays.copyOf(cb.get("trainer").toDoubles(), 8),
                    run + ": the trainer's state but its clock");
            assertEquals(ResumeCheck.withoutClock(a.resolve("metrics.csv")), ResumeCheck.withoutClock(b.resolve("metrics.csv")), run + "/metrics.csv");
            assertEquals(without(a.resolve("summary.json"), "seconds", "written"), without(b.resolve("summary.json"), "seconds", "written"),
                    run + "/summary.json");
            assertEquals(without(a.resolve("config.json"), "provenance"), without(b.resolve("config.json"), "provenance"), run + "/config.json");
        }
        assertEquals(Files.readString(expected.resolve("summary.csv")), Files.readString(actual.resolve("summary.csv")), "summary.csv");
        assertEquals(without(expected.resolve("summary.json"), "provenance"), without(actual.resolve("summary.json"), "provenance"),
                "summary.json");
        assertTrue(Files.isRegularFile(actual.resolve("report.html")), "report.html");
    }

    private static JsonNode without(Path file, String... keys) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
        for (String k : keys) n.remove(k);
        return n;
    }
}
