package org.psrnn.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

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
import org.psrnn.results.Ending;
import org.psrnn.testing.ResumeCheck;
import org.psrnn.train.RunConfig;
import org.psrnn.train.StopRequest;
import org.psrnn.train.Trainer;
import org.psrnn.train.TrainingRun;
import org.psrnn.testing.Cli.Result;

/**
 * A run stopped at iteration k and resumed ends bit-identical to an uninterrupted one: weights,
 * S, Adam moments, the loop's own state and metrics (all but the wall-clock column).
 */
class ResumeTest {
    @TempDir
    Path dir;

    static RunConfig config(String engine, String... more) {
        return ResumeCheck.config(engine, more);
    }

    static final PrintWriter QUIET = ResumeCheck.QUIET;

    @ParameterizedTest(name = "{0} engine, stopped after {1} iterations")
    @CsvSource({"reference, 27", "reference, 30", "cpu, 27", "cpu, 40", "cpu, 0"})
    void resumedRunIsBitIdentical(String engine, int stopAt) throws Exception {
        check(dir, engine, stopAt);
    }

    static void check(Path dir, String engine, int stopAt) throws Exception {
        ResumeCheck.check(dir, config(engine), stopAt);
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

        folder.writeCheckpoint(cp.state(), cp.wRecInit(), cp.trainer(), cp.history(), "persistent");
        assertEquals("persistent", folder.readCheckpoint().kernelForm());
        assertArrayEquals("persistent".getBytes(StandardCharsets.US_ASCII),
                Npz.read(run.resolve("checkpoint.npz")).get(RunDirectory.KERNEL_FORM).bytes(), "ASCII bytes, for numpy too");
        var resumed = TrainingRun.resume(run, null, QUIET, false, "", 2, null);
        assertEquals(Ending.COMPLETED, resumed.result().ending());
        assertFalse(Npz.read(run.resolve("checkpoint.npz")).containsKey(RunDirectory.KERNEL_FORM), "the cpu engine's checkpoints name none");

        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(run.resolve("checkpoint.npz")));
        arrays.put(RunDirectory.KERNEL_FORM, NpyArray.float64(new double[] {2}, 1));
        Npz.write(run.resolve("checkpoint.npz"), arrays);
        InvalidInputException e = assertThrows(InvalidInputException.class, folder::readCheckpoint);
        assertEquals(run.resolve("checkpoint.npz") + ": kernel_form has dtype float64 and shape (1,); expected the name of a kernel "
                + "form as uint8 ASCII bytes", e.getMessage());
    }

    /**
     * A finished run resumed with a larger budget ends as a run set to that budget from the start:
     * the evaluation schedule continues, the criterion carries over, and config.json records the
     * new budget.
     */
    @Test
    void raisingTheBudgetOfAFinishedRunEndsAsARunSetToItFromTheStart() throws Exception {
        RunConfig whole = config("reference");
        TrainingRun.execute(whole, dir.resolve("whole"), false, QUIET, false, "", "", 2, null);
        TrainingRun.execute(config("reference", "iterations", "30"), dir.resolve("short"), false, QUIET, false, "", "", 2, null);
        Result r = psrnn("train", "--resume", dir.resolve("short").toString(), "--iterations", "60");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("psrnn train: resuming " + dir.resolve("short") + " at iteration 30 of 60 on the reference engine"),
                r.out());
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole/weights.npz")), Files.readAllBytes(dir.resolve("short/weights.npz")));
        Map<String, NpyArray> a = Npz.read(dir.resolve("whole/checkpoint.npz")), b = Npz.read(dir.resolve("short/checkpoint.npz"));
        for (String name : a.keySet()) {
            if (!name.equals("trainer")) assertArrayEquals(a.get(name).bytes(), b.get(name).bytes(), name);
        }
        assertArrayEquals(java.util.Arrays.copyOf(a.get("trainer").toDoubles(), 8), java.util.Arrays.copyOf(b.get("trainer").toDoubles(), 8));
        assertEquals(withoutClock(dir.resolve("whole/metrics.csv")), withoutClock(dir.resolve("short/metrics.csv")));
        assertEquals(TrainingRun.readConfig(RunDirectory.open(dir.resolve("whole"))).toMap(),
                TrainingRun.readConfig(RunDirectory.open(dir.resolve("short"))).toMap(), "config.json says 60");
        assertTrue(Files.readString(dir.resolve("short/config.json")).contains("\"budget_raised\""));
    }

    /** What cannot continue exactly is refused, in one line, before anything is written. */
    @Test
    void aBudgetThatCannotContinueExactlyIsRefused() throws Exception {
        Path run = dir.resolve("run");
        TrainingRun.execute(config("reference", "iterations", "25"), run, false, QUIET, false, "", "", 2, null);
        byte[] before = Files.readAllBytes(run.resolve("config.json"));
        String[][] refused = {
            {"20", "--iterations 20 is not allowed with --resume " + run + ": must be at least 25"},
            {"40", "--iterations 40 is not allowed with --resume " + run + ": its budget, 25, is not a multiple of eval_every = 10"},
        };
        for (String[] x : refused) {
            Result r = psrnn("train", "--resume", run.toString(), "--iterations", x[0]);
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("psrnn train: error: " + x[1]) && !r.err().strip().contains("\n"), r.err());
        }
        assertArrayEquals(before, Files.readAllBytes(run.resolve("config.json")));
        Result other = psrnn("train", "--resume", run.toString(), "--hidden", "8");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("only --engine and --iterations may change); drop --hidden"), other.err());
    }

    /** Resuming a finished run says so and leaves it as it was; it exits 0, as the run asked for exists. */
    @Test
    void aFinishedRunSaysSoAndIsLeftAlone() throws Exception {
        Path run = dir.resolve("done");
        TrainingRun.execute(config("reference", "iterations", "20"), run, false, QUIET, false, "", "", 2, null);
        byte[] summary = Files.readAllBytes(run.resolve("summary.json")), weights = Files.readAllBytes(run.resolve("weights.npz"));
        Result r = psrnn("train", "--resume", run.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("psrnn train: " + run + " is already finished: it trained all 20 iterations; nothing to do (to train it further: "
                + "psrnn train --resume " + run + " --iterations N, N > 20)", r.out().strip());
        assertArrayEquals(summary, Files.readAllBytes(run.resolve("summary.json")));
        assertArrayEquals(weights, Files.readAllBytes(run.resolve("weights.npz")));
    }

    /**
     * A run that stopped at the criterion is finished too; where its last files were lost, resuming
     * writes them without training on, and its budget cannot be raised.
     */
    @Test
    void aRunStoppedAtTheCriterionStaysStopped() throws Exception {
        Path run = dir.resolve("criterion");
        // GoNogo scores about 1/2 from the start (fixating answers no-go): 0.3 is reached at once.
        ConfigFile c = ConfigFile.empty();
        String[] kv = {"task", "gonogo", "hidden", "8", "batch", "4", "iterations", "100", "eval_every", "5", "eval_batch", "32",
            "criterion", "0.3", "stop_at_criterion", "true", "engine", "reference"};
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "test");
        var first = TrainingRun.execute(RunConfig.from(c), run, false, QUIET, false, "", "", 1, null);
        assertEquals(Ending.CRITERION, first.result().ending());
        long stoppedAt = first.result().iterations();
        Result r = psrnn("train", "--resume", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("is already finished: it stopped at the criterion after " + stoppedAt + " of its 100 iterations"), r.out());
        r = psrnn("train", "--resume", run.toString(), "--iterations", "200");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("it stopped at the criterion after " + stoppedAt + " iterations (stop_at_criterion)"), r.err());

        byte[] weights = Files.readAllBytes(run.resolve("weights.npz"));
        Files.delete(run.resolve("summary.json"));
        r = psrnn("train", "--resume", run.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(stoppedAt, Npz.read(run.resolve("checkpoint.npz")).get("iteration").toLongs("iteration")[0], "no further training");
        assertArrayEquals(weights, Files.readAllBytes(run.resolve("weights.npz")));
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"ending\" : \"criterion\""));
    }

    /** An interrupted run says where it continues. */
    @Test
    void resumingSaysWhereItContinues() throws Exception {
        Path run = dir.resolve("stopped");
        TrainingRun.execute(config("reference"), run, false, QUIET, false, "", "", 2, new StopRequest(27));
        Result r = psrnn("train", "--resume", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("psrnn train: resuming " + run + " at iteration 27 of 60 on the reference engine\n"), r.out());
    }

    /** metrics.csv without its last column (wall-clock seconds). */

    private static List<String> withoutClock(Path csv) throws Exception {
        return ResumeCheck.withoutClock(csv);
    }
}
