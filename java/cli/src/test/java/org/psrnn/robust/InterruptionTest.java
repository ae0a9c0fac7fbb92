package org.psrnn.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.psrnn.io.Npz;

/**
 * Ctrl-C (SIGINT) and SIGTERM on a real psrnn process: the iteration in flight finishes, the
 * checkpoint, metrics and report are written, the exit code is 130 or 143, and one line says how
 * to resume.
 */
class InterruptionTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void signalStopsTrainingCleanly(String signal, int expectedExit) throws Exception {
        Path run = dir.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "org.psrnn.cli.Main",
                "train", "--task", "gonogo", "--hidden", "32", "--batch", "8", "--iterations", "10000000",
                "--eval-every", "20", "--eval-batch", "16", "--engine", "cpu", "--out", run.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(run.resolve("metrics.csv")) < 3 && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(lines(run.resolve("metrics.csv")) >= 3, "training started: " + Files.readString(dir.resolve("out.txt")));

        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.exitValue(), out);
        assertTrue(out.contains("by a signal; checkpoint, metrics and plots are in " + run + "; resume with: psrnn train --resume " + run),
                out);
        // The checkpoint holds the iteration the run stopped at, which need not be one of an evaluation.
        var stopped = java.util.regex.Pattern.compile("stopped at iteration (\\d+) by a signal").matcher(out);
        assertTrue(stopped.find(), out);
        long iteration = Npz.read(run.resolve("checkpoint.npz")).get("iteration").toLongs("iteration")[0];
        assertEquals(Long.parseLong(stopped.group(1)), iteration, out);
        assertTrue(iteration >= 20, "after the evaluations seen: " + iteration);
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"ending\" : \"interrupted\""));
        assertTrue(Files.exists(run.resolve("plots/learning_curve.png")));
        assertTrue(Files.exists(run.resolve("weights.npz")));
    }

    private static long lines(Path f) throws Exception {
        if (!Files.exists(f)) return 0;
        try (var s = Files.lines(f)) {
            return s.count();
        }
    }
}
