package org.psrnn.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.cli.Main;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;

/** Divergence, unwritable folders and failed writes: a clear error, the right exit code, nothing half-written. */
class FailureTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result psrnn(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        return new Result(code, o.toString(), e.toString());
    }

    @Test
    void divergenceStopsWithIterationAndQuantityAndKeepsAFiniteCheckpoint() {
        Path run = dir.resolve("diverging");
        // A plain Hebbian rate of 1 on relu rates: W explodes within a few iterations.
        Result r = psrnn("train", "--task", "gonogo", "--hidden", "32", "--batch", "8", "--iterations", "200", "--eval-every", "5",
                "--set", "eta_h=1", "--set", "sigma_rec=0", "--engine", "cpu", "--out", run.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.matches("psrnn train: error: training diverged at iteration \\d+: (loss|gradient norm|W_\\w+ \\(an entry\\)) = \\S+; "
                + "the last finite state is in checkpoint.npz.*"), err);
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
        Map<String, NpyArray> cp = Npz.read(run.resolve("checkpoint.npz"));
        for (String name : new String[] {"W_rec", "W_in", "W_out", "b_rec", "b_out"}) {
            for (double v : cp.get(name).toDoubles()) assertTrue(Double.isFinite(v), name + " finite in the kept checkpoint");
        }
        long kept = cp.get("iteration").toLongs("iteration")[0];
        long diverged = Long.parseLong(err.replaceAll(".*iteration (\\d+):.*", "$1"));
        assertTrue(kept <= diverged, kept + " <= " + diverged);
    }

    @Test
    void unwritableOutputIsRefusedBeforeTraining() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        Result r = psrnn("train", "--task", "gonogo", "--iterations", "5", "--out", file.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot write the run folder"), r.err());
        assertTrue(r.out().isEmpty() || !r.out().contains("iteration 1"), "nothing trained");
    }

    @Test
    void existingRunIsNotOverwrittenByAccident() {
        Path run = dir.resolve("run");
        assertEquals(0, psrnn("train", "--task", "gonogo", "--hidden", "8", "--iterations", "2", "--eval-every", "1",
                "--out", run.toString()).code());
        Result r = psrnn("train", "--task", "gonogo", "--hidden", "8", "--iterations", "2", "--out", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("already holds a run; choose another --out, or add --overwrite"), r.err());
    }

    @Test
    void aWriteThatFailsMidRunIsAOneLineErrorAndLeavesNoTemporaryFiles() throws Exception {
        Path run = dir.resolve("broken");
        Files.createDirectories(run.resolve("metrics.csv"));
        Files.writeString(run.resolve("metrics.csv/occupied"), "a folder where metrics.csv should go");
        Result r = psrnn("train", "--task", "gonogo", "--hidden", "8", "--iterations", "10", "--out", run.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("psrnn train: error: "), r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void resumeRefusesOtherOptionsAndNonRuns() {
        Result r = psrnn("train", "--resume", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a psrnn run folder"), r.err());
        r = psrnn("train", "--resume", dir.toString(), "--hidden", "64");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume continues a run as its config.json records it; drop --hidden"), r.err());
    }
}
