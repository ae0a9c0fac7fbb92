package org.psrnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.results.Ending;
import org.psrnn.train.RunConfig;
import org.psrnn.train.StopRequest;
import org.psrnn.train.TrainingRun;

/**
 * A run stopped at iteration k and resumed ends bit-identical to an uninterrupted one: weights,
 * S, Adam moments, the loop's own state and metrics (all but the wall-clock column). Used by the
 * resume tests of every engine.
 */
public final class ResumeCheck {
    public static final PrintWriter QUIET = new PrintWriter(new StringWriter());

    private ResumeCheck() {}

    /** The resume tests' run on {@code engine}: every part of the state moves (tanh, stochastic switching, Hebbian term). */
    public static RunConfig config(String engine, String... more) {
        String[] kv = {"task", "dc", "rule", "switch-stochastic", "hidden", "24", "batch", "8", "iterations", "60",
            "eval_every", "10", "eval_batch", "32", "activation", "tanh", "eta_h", "0.001", "seed", "11", "engine", engine};
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "test");
        for (int i = 0; i < more.length; i += 2) c = c.with(more[i], more[i + 1], RunConfig.allKeys(), "test");
        return RunConfig.from(c);
    }

    /** Trains {@code cfg} whole and, in {@code dir}, stopped after {@code stopAt} iterations and resumed; both must end alike. */
    public static void check(Path dir, RunConfig cfg, int stopAt) throws Exception {
        var whole = TrainingRun.execute(cfg, dir.resolve("whole"), false, QUIET, false, "", "", 2, null);
        assertEquals(Ending.COMPLETED, whole.result().ending());

        var part = TrainingRun.execute(cfg, dir.resolve("parts"), false, QUIET, false, "", "", 2, new StopRequest(stopAt));
        assertEquals(Ending.INTERRUPTED, part.result().ending());
        Map<String, NpyArray> checkpoint = Npz.read(dir.resolve("parts/checkpoint.npz"));
        assertEquals(stopAt, checkpoint.get("iteration").toLongs("iteration")[0]);
        assertTrue(Files.readString(dir.resolve("parts/summary.json")).contains("\"ending\" : \"interrupted\""));

        var resumed = TrainingRun.resume(dir.resolve("parts"), null, QUIET, false, "", 2, null);
        assertEquals(Ending.COMPLETED, resumed.result().ending());

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

    /** metrics.csv's lines without the wall-clock column. */
    public static List<String> withoutClock(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
