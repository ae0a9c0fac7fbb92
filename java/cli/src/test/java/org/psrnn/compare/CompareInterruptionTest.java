package org.psrnn.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code psrnn compare} process: the run in flight stops after its iteration and
 * keeps its checkpoint, no queued run starts (no new run folder), and the last line is the command
 * that continues the comparison, spelt as the launcher was called.
 */
class CompareInterruptionTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCStartsNoQueuedRunAndPrintsTheCommandThatContinues() throws Exception {
        Path cmp = dir.resolve("cmp");
        // One run at a time: bp seed 1 trains, the five others wait in the queue.
        List<String> args = List.of("compare", "--task", "gonogo", "--rules", "bp,switch", "--seeds", "3", "--parallel", "1",
                "--hidden", "32", "--batch", "8", "--iterations", "10000000", "--eval-every", "20", "--set", "eval_batch=16",
                "--engine", "cpu", "--lr-search", "none", "--out", cmp.toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-Dpsrnn.launcher=./psrnn",
                "-cp", System.getProperty("java.class.path"), "org.psrnn.cli.Main"));
        cmd.addAll(args);
        Path log = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path first = cmp.resolve("bp/seed1/metrics.csv");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(first) < 3 && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(lines(first) >= 3, "the first run started: " + Files.readString(log));
            Set<String> before = runFolders(cmp);
            assertEquals(Set.of("bp/seed1"), before, "one run at a time");

            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(130, p.exitValue(), out);
            assertEquals(before, runFolders(cmp), "no queued run started after the signal: " + out);
            assertTrue(Files.readString(cmp.resolve("bp/seed1/summary.json")).contains("\"ending\" : \"interrupted\""), out);
            assertTrue(Files.isRegularFile(cmp.resolve("bp/seed1/checkpoint.npz")), out);
            // None of the arguments needs quoting (a temporary folder's name has no blanks): the command is the arguments as given.
            assertTrue(out.strip().endsWith("continue with: ./psrnn " + String.join(" ", args)), out);
            assertTrue(out.contains("0 of 6 runs finished, 1 stopped part way (it continues from its checkpoint), 5 not started"), out);
        } finally {
            p.destroyForcibly(); // never left running, whatever failed
        }
    }

    /** The run folders ({@code rule/seedS}) under a comparison. */
    private static Set<String> runFolders(Path cmp) throws Exception {
        Set<String> found = new TreeSet<>();
        for (String rule : new String[] {"bp", "switch"}) {
            if (!Files.isDirectory(cmp.resolve(rule))) continue;
            try (var list = Files.list(cmp.resolve(rule))) {
                list.forEach(d -> found.add(rule + "/" + d.getFileName()));
            }
        }
        return found;
    }

    private static long lines(Path f) throws Exception {
        if (!Files.exists(f)) return 0;
        try (var s = Files.lines(f)) {
            return s.count();
        }
    }
}
