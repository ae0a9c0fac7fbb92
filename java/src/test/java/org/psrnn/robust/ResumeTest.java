package org.psrnn.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
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

    private static RunConfig config(String engine) {
        String[] kv = {"task", "dc", "rule", "switch-stochastic", "hidden", "24", "batch", "8", "iterations", "60",
            "eval_every", "10", "eval_batch", "32", "activation", "tanh", "eta_h", "0.001", "seed", "11", "engine", engine};
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "test");
        return RunConfig.from(c);
    }

    private static final PrintWriter QUIET = new PrintWriter(new StringWriter());

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

    /** metrics.csv without its last column (wall-clock seconds). */
    private static List<String> withoutClock(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
