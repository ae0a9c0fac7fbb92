package org.psrnn.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.testing.Cli.Result;

/** Divergence, unwritable folders and failed writes: a clear error, the right exit code, nothing half-written. */
class FailureTest {
    @TempDir
    Path dir;


    @Test
    void divergenceStopsWithIterationAndQuantityAndKeepsAFiniteCheckpoint() {
        Path run = dir.resolve("diverging");
        // A plain Hebbian rate of 1 on relu rates: W explodes within a few iterations.
        Result r = psrnn("train", "--task", "gonogo", "--hidden", "32", "--batch", "8", "--iterations", "200", "--eval-every", "5",
                "--set", "eta_h=1", "--set", "sigma_rec=0", "--engine", "cpu", "--out", run.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.matches("psrnn train: error: training diverged at iteration \\d+: (loss|gradient norm|W_\\w+ entry) = \\S+ "
                + "\\((every weight still finite|not finite after the update: ((W_in|W_rec|W_out|b_rec|b_out): \\d+ of \\d+ entries(, )?)+)\\); "
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
        // The file the user's run needs, not the temporary file it was written through.
        assertEquals("psrnn train: error: " + run.resolve("metrics.csv") + ": could not be written (a folder is in its place)", r.err().strip());
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
        assertTrue(r.err().contains("--resume continues a run as its config.json records it (only --engine and --iterations may change);"
                + " drop --hidden"), r.err());
    }

    @Test
    void aMistakeInTheConfigurationLeavesNoFolderBehind() {
        String[][] mistakes = {
            {"--engine", "refrence"},
            {"--rule", "switch-stochastic", "--set", "theta=0"},
            {"--set", "checkpoint_every=-1"},
        };
        for (String[] mistake : mistakes) {
            Path run = dir.resolve("never-" + String.join("", mistake).replaceAll("[^a-z0-9]", ""));
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("train", "--task", "gonogo", "--hidden", "8",
                    "--iterations", "2", "--out", run.toString()), java.util.Arrays.stream(mistake)).toArray(String[]::new);
            Result r = psrnn(args);
            assertEquals(2, r.code(), String.join(" ", mistake) + ": " + r.err());
            assertTrue(r.err().startsWith("psrnn train: error: ") && !r.err().strip().contains("\n"), r.err());
            assertFalse(Files.exists(run), String.join(" ", mistake) + " left " + run + " behind");
        }
    }

    @Test
    void aDamagedCheckpointIsAUserErrorNotACrash() throws Exception {
        Path run = dir.resolve("damaged");
        assertEquals(0, psrnn("train", "--task", "gonogo", "--hidden", "8", "--iterations", "4", "--eval-every", "2",
                "--engine", "reference", "--out", run.toString()).code());
        Map<String, NpyArray> cp = new java.util.LinkedHashMap<>(Npz.read(run.resolve("checkpoint.npz")));
        cp.put("trainer", NpyArray.float64(new double[] {4, 0, 0, 0, 0}, 5));
        Npz.write(run.resolve("checkpoint.npz"), cp);
        Result r = psrnn("train", "--resume", run.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("checkpoint.npz: trainer has 5 numbers, expected 9"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().strip().contains("\n"), r.err());
    }

    /** A write that fails late (here weights.npz, at the end) is one line; the checkpoint is whole and the run resumes. */
    @Test
    void aFailedWriteKeepsTheCheckpointAndTheRunResumes() throws Exception {
        Path run = dir.resolve("late");
        String[] train = {"train", "--task", "gonogo", "--hidden", "8", "--batch", "4", "--iterations", "20", "--eval-every", "5",
            "--engine", "reference", "--out", run.toString()};
        assertEquals(0, psrnn(train).code());
        byte[] finished = Files.readAllBytes(run.resolve("weights.npz"));
        // The same run again, with a folder where weights.npz must go.
        Path again = dir.resolve("late-again");
        train[train.length - 1] = again.toString();
        Files.createDirectories(again.resolve("weights.npz/occupied"));
        Result r = psrnn(train);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("psrnn train: error: ") && r.err().contains("weights.npz"), r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
        Map<String, NpyArray> cp = Npz.read(again.resolve("checkpoint.npz"));
        assertEquals(20, cp.get("iteration").toLongs("iteration")[0], "the checkpoint of the last iteration is whole");
        Files.delete(again.resolve("weights.npz/occupied"));
        Files.delete(again.resolve("weights.npz"));
        assertEquals(0, psrnn("train", "--resume", again.toString()).code());
        assertTrue(java.util.Arrays.equals(finished, Files.readAllBytes(again.resolve("weights.npz"))), "resumed to the same weights");
    }

    /** A resumed run stays on the engine it trained on, even where auto would now pick another. */
    @Test
    void resumeContinuesOnTheEngineTheRunUsed() throws Exception {
        Path run = dir.resolve("engine");
        org.psrnn.io.ConfigFile c = org.psrnn.io.ConfigFile.empty();
        String[] kv = {"task", "gonogo", "hidden", "8", "batch", "4", "iterations", "20", "eval_every", "5", "engine", "reference"};
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], org.psrnn.train.RunConfig.allKeys(), "test");
        org.psrnn.train.TrainingRun.execute(org.psrnn.train.RunConfig.from(c), run, false, new PrintWriter(new StringWriter()), false,
                "", "test", 1, new org.psrnn.train.StopRequest(10));
        // As if the run had been started with --engine auto on a machine where auto meant reference.
        Path config = run.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"engine\" : \"reference\"", "\"engine\" : \"auto\""));
        assertTrue(Files.readString(config).contains("\"engine\" : \"auto\""));
        assertEquals(0, psrnn("train", "--resume", run.toString()).code());
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"engine\" : \"reference\""),
                Files.readString(run.resolve("summary.json")));
        // A recorded engine that cannot run here is named, with the way out, for a run with training left to do.
        Path stopped = dir.resolve("engine-stopped");
        org.psrnn.train.TrainingRun.execute(org.psrnn.train.RunConfig.from(c), stopped, false, new PrintWriter(new StringWriter()), false,
                "", "test", 1, new org.psrnn.train.StopRequest(10));
        config = stopped.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"engine\" : \"reference\"", "\"engine\" : \"cuda\""));
        org.junit.jupiter.api.Assumptions.assumeFalse(org.psrnn.testing.Gpu.Condition.available(), "a GPU is here");
        Result r = psrnn("train", "--resume", stopped.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("trained on the cuda engine, which is not available here") && r.err().contains("--engine"), r.err());
    }

    @Test
    void autoSaysWhichEngineItUsesWhenCudaCannotRun() {
        org.junit.jupiter.api.Assumptions.assumeFalse(org.psrnn.testing.Gpu.Condition.available(), "a GPU is here");
        Result r = psrnn("train", "--task", "gonogo", "--hidden", "8", "--iterations", "2", "--out", dir.resolve("auto").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("psrnn train: engine auto: cuda is not available (") && r.out().contains("); using cpu"), r.out());
        assertFalse(psrnn("train", "--task", "gonogo", "--hidden", "8", "--iterations", "2", "--engine", "cpu",
                "--out", dir.resolve("named").toString()).out().contains("engine auto"), "no notice for a named engine");
    }
}
