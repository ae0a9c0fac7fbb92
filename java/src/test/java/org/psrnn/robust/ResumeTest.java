package org.psrnn.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.psrnn.InvalidInputException;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.io.RunDirectory;
import org.psrnn.train.RunConfig;
import org.psrnn.train.StopRequest;
import org.psrnn.train.Trainer;
import org.psrnn.train.TrainingRun;

/**
 * A run stopped at iteration k and resumed ends bit-identical to an uninterrupted one: weights,
 * S, Adam moments, the loop's own state and metrics (all but the wall-clock column).
 */
class ResumeTest {
    @TempDir
    Path dir;

    static RunConfig config(String engine) {
        String[] kv = {"task", "dc", "rule", "switch-stochastic", "hidden", "24", "batch", "8", "iterations", "60",
            "eval_every", "10", "eval_batch", "32", "activation", "tanh", "eta_h", "0.001", "seed", "11", "engine", engine};
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "test");
        return RunConfig.from(c);
    }

    static final PrintWriter QUIET = new PrintWriter(new StringWriter());

    @ParameterizedTest(name = "{0} engine, stopped after {1} iterations")
    @CsvSource({"reference, 27", "reference, 30", "cpu, 27", "cpu, 40", "cpu, 0"})
    void resumedRunIsBitIdentical(String engine, int stopAt) throws Exception {
        check(dir, engine, stopAt);
    }

    /** Trains the test's run whole and, in {@code dir}, stopped after {@code stopAt} iterations and resumed; both must end alike. */
    static void check(Path dir, String engine, int stopAt) throws Exception {
        RunConfig cfg = config(engine);
        var whole = TrainingRun.execute(cfg, dir.resolve("whole"), false, QUIET, false, "", "", 2, null);
        assertEquals(Trainer.Ending.COMPLETED, whole.result().ending());

        var part = TrainingRun.execute(cfg, dir.resolve("parts"), false, QUIET, false, "", "", 2, new StopRequest(stopAt));
        assertEquals(Trainer.Ending.INTERRUPTED, part.result().ending());
        Map<String, NpyArray> checkpoint = Npz.read(dir.resolve("parts/checkpoint.npz"));
        assertEquals(stopAt, checkpoint.get("iteration").toLongs("iteration")[0]);
        assertTrue(Files.readString(dir.resolve("parts/summary.json")).contains("\"ending\" : \"interrupted\""));

        var resumed = TrainingRun.resume(dir.resolve("parts"), null, QUIET, false, "", 2, null);
        assertEquals(Trainer.Ending.COMPLETED, resumed.result().ending());

        assertArrayEquals(Files.readAllBytes(dir.resolve("whole/weights.npz")), Files.readAllBytes(dir.resolve("parts/weights.npz")),
                "weights.npz");
        Map<String, NpyArray> a = Npz.read(dir.resolve("whole/checkpoint.npz")), b = Npz.read(dir.resolve("parts/checkpoint.npz"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            if (name.equals("trainer")) continue;
            assertArrayEquals(a.get(name).bytes(), b.get(name).bytes(), name);
        }
        double[] ta = a.get("trainer").toDoubles(), tb = b.get("trainer").toDoubles();
        assertArrayEquals(java.util.Arrays.copyOf(ta, 8), java.util.Arrays.copyOf(tb, 8), "trainer state but its clock");
        assertEquals(withoutClock(dir.resolve("whole/metrics.csv")), withoutClock(dir.resolve("parts/metrics.csv")));
    }

    /**
     * A checkpoint's kernel form (cuda) reads back as written, is checked, and an engine with one
     * form continues such a run and drops it; the cpu engine records none.
     */
    @Test
    void theKernelFormRoundTripsThroughTheCheckpointAndEnginesWithOneFormIgnoreIt() throws Exception {
        Path run = dir.resolve("form");
        TrainingRun.execute(config("cpu"), run, false, QUIET, false, "", "", 2, new StopRequest(20));
        RunDirectory folder = RunDirectory.open(run);
        RunDirectory.Checkpoint cp = folder.readCheckpoint();
        assertNull(cp.kernelForm(), "the cpu engine has one form");
        assertFalse(Npz.read(run.resolve("checkpoint.npz")).containsKey(RunDirectory.KERNEL_FORM));

        folder.writeCheckpoint(cp.state(), cp.wRecInit(), cp.trainer(), "persistent");
        assertEquals("persistent", folder.readCheckpoint().kernelForm());
        assertArrayEquals("persistent".getBytes(StandardCharsets.US_ASCII),
                Npz.read(run.resolve("checkpoint.npz")).get(RunDirectory.KERNEL_FORM).bytes(), "ASCII bytes, for numpy too");
        var resumed = TrainingRun.resume(run, null, QUIET, false, "", 2, null);
        assertEquals(Trainer.Ending.COMPLETED, resumed.result().ending());
        assertFalse(Npz.read(run.resolve("checkpoint.npz")).containsKey(RunDirectory.KERNEL_FORM), "the cpu engine's checkpoints name none");

        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(run.resolve("checkpoint.npz")));
        arrays.put(RunDirectory.KERNEL_FORM, NpyArray.float64(new double[] {2}, 1));
        Npz.write(run.resolve("checkpoint.npz"), arrays);
        InvalidInputException e = assertThrows(InvalidInputException.class, folder::readCheckpoint);
        assertEquals(run.resolve("checkpoint.npz") + ": kernel_form has dtype float64 and shape (1,); expected the name of a kernel "
                + "form as uint8 ASCII bytes", e.getMessage());
    }

    /** metrics.csv without its last column (wall-clock seconds). */
    private static List<String> withoutClock(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
