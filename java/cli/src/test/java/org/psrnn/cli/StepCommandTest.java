package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.psrnn.engine.reference.ReferenceEngine;
import org.psrnn.io.DType;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.io.RunDirectory;
import org.psrnn.io.StateFiles;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;
import org.psrnn.testing.Cli.Result;

class StepCommandTest {
    private static final NetworkShape SHAPE = new NetworkShape(3, 6, 4);

    @TempDir
    Path dir;

    private Path state, batch, config, out;
    private NetworkState initial;
    private Batch data;


    @BeforeEach
    void writeFiles() throws Exception {
        initial = Fixtures.randomState(SHAPE, 0.5, 1);
        data = Fixtures.randomBatch(SHAPE, 5, 2, LossKind.XENT, false, 2);
        state = dir.resolve("s.npz");
        batch = dir.resolve("b.npz");
        config = dir.resolve("c.json");
        out = dir.resolve("next.npz");
        Npz.write(state, StateFiles.stateArrays(initial, DType.FLOAT32));
        Npz.write(batch, StateFiles.batchArrays(data, DType.FLOAT32));
        Files.writeString(config, "{\"theta\": 0.3, \"seed\": 7, \"hysteresis\": 0.1}");
    }

    private Result step(String... extra) {
        String[] base = {"step", "--state", state.toString(), "--batch", batch.toString(), "--config", config.toString(),
                "--out", out.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return psrnn(all);
    }

    @Test
    void writesTheNextStateInTheInputPrecision() {
        Result r = step("--engine", "reference");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("iteration " + initial.iteration() + ": loss="), r.out());
        Map<String, NpyArray> next = Npz.read(out);
        for (String name : new String[] {"W_in", "W_rec", "W_out", "b_rec", "b_out", "m_W_rec", "v_b_out", "loss",
                "grad_W_in", "grad_W_rec", "grad_W_out", "grad_b_rec", "grad_b_out", "hebb"}) {
            assertEquals(DType.FLOAT32, next.get(name).dtype(), name);
        }
        assertEquals(DType.UINT8, next.get("S_rec").dtype());
        assertEquals(DType.INT64, next.get("iteration").dtype());
        assertEquals(initial.iteration() + 1, next.get("iteration").toLongs("iteration")[0]);
        assertEquals(0, next.get("iteration").rank());

        // The same iteration through the API, on the float32-rounded inputs the file holds.
        NetworkState rounded = StateFiles.readState(state).state();
        Batch roundedBatch = StateFiles.readBatch(batch, SHAPE, LossKind.XENT);
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT).withSeed(7)
                .withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.3, 0.1, 0.1, Double.NaN));
        ReferenceEngine engine = new ReferenceEngine(cfg, rounded);
        var grads = engine.gradients(roundedBatch);
        engine.step(roundedBatch);
        NetworkState after = engine.exportState();
        for (ParamTensor t : ParamTensor.values()) {
            assertEquals(0.0, Fixtures.maxAbsDiff(Fixtures.roundToFloat(after.params().get(t)), next.get(t.fileName()).toDoubles()), t.fileName());
            assertEquals(0.0, Fixtures.maxAbsDiff(Fixtures.roundToFloat(grads.grads().get(t)),
                    next.get("grad_" + t.fileName()).toDoubles()), "grad_" + t.fileName());
        }
        // The output is a valid state: feed it back for a second iteration.
        Path second = dir.resolve("second.npz");
        Result r2 = psrnn("step", "--state", out.toString(), "--batch", batch.toString(), "--config", config.toString(),
                "--out", second.toString(), "--engine", "reference");
        assertEquals(0, r2.code(), r2.err());
        assertEquals(initial.iteration() + 2, Npz.read(second).get("iteration").toLongs("iteration")[0]);
    }

    @Test
    void float64InFloat64Out() throws Exception {
        Npz.write(state, StateFiles.stateArrays(initial, DType.FLOAT64));
        assertEquals(0, step().code());
        assertEquals(DType.FLOAT64, Npz.read(out).get("W_rec").dtype());
        assertEquals(DType.FLOAT64, Npz.read(out).get("grad_W_rec").dtype());
    }

    /** A user mistake: exit code 2, one line on standard error naming the problem, nothing written. */
    private void assertUserError(Result r, String expectedFragment) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.contains(expectedFragment), "'" + err + "' should mention '" + expectedFragment + "'");
        assertFalse(Files.exists(out), "no output on error");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"alpha\": 1.5}                      | alpha = 1.5 is not allowed: must be in (0, 1]",
        "{\"alpha\": 0}                        | alpha = 0 is not allowed: must be in (0, 1]",
        "{\"lr\": -0.001, \"theta\": 0.3}       | lr = -0.001 is not allowed: must be finite and >= 0",
        "{\"eta_h\": -1, \"theta\": 0.3}        | eta_h = -1 is not allowed",
        "{\"theta\": -0.2}                     | theta = -0.2 is not allowed: must be finite and >= 0",
        "{\"theta\": 0.3, \"hysteresis\": 1}    | hysteresis = 1 is not allowed: must be in [0, 1)",
        "{\"theta\": 0.3, \"kappa\": 2}         | kappa = 2 is not allowed: must be in [0, 1]",
        "{\"theta\": 0.3, \"activation\": \"sigmoid\"} | activation = 'sigmoid' is not allowed: must be one of relu, tanh, softplus, retanh",
        "{\"theta\": 0.3, \"loss\": \"hinge\"}  | loss = 'hinge' is not allowed: must be one of mse, xent",
        "{\"theta\": 0.3, \"hebb_rule\": \"bcm\"} | hebb_rule = 'bcm' is not allowed",
        "{\"theta\": 0.3, \"switch_mode\": \"random\"} | switch_mode = 'random' is not allowed",
        "{\"theta\": 0.3, \"alpah\": 0.2}       | unknown key 'alpah' (did you mean 'alpha'?)",
        "{\"theta\": \"big\"}                  | theta must be a number, got \"big\"",
        "{\"theta\": 0.3, \"seed\": -4}         | seed = -4 is not allowed: must be in [0, 2^64)",
        "{\"switch_mode\": \"threshold\"}      | theta is not set",
        "{\"theta\": 0.3, \"loss\": \"mse\"}    | has no 'targets' wait",
        "[1, 2]                               | must hold one JSON object",
        "{\"theta\": 0.3,                      | not valid JSON",
    })
    void badConfigsAreOneLineErrors(String json, String expected) throws Exception {
        Files.writeString(config, json);
        if (expected.endsWith(" wait")) expected = "missing array 'targets' (T, B, n_out) for loss mse";
        assertUserError(step(), expected);
    }

    @Test
    void shapeMismatchesNameTheArrays() throws Exception {
        Batch wrongInputs = Fixtures.randomBatch(new NetworkShape(5, 6, 4), 5, 2, LossKind.XENT, false, 2);
        Npz.write(batch, StateFiles.batchArrays(wrongInputs, DType.FLOAT32));
        assertUserError(step(), "inputs has shape (5, 2, 5); expected (T, B, n_in) with n_in = 3 from the state's W_in");

        Batch wrongNoise = Fixtures.randomBatch(new NetworkShape(3, 9, 4), 5, 2, LossKind.XENT, true, 2);
        Npz.write(batch, StateFiles.batchArrays(wrongNoise, DType.FLOAT32));
        assertUserError(step(), "noise has shape (5, 2, 9); expected (5, 2, 6)");

        Batch ok = Fixtures.randomBatch(SHAPE, 5, 2, LossKind.XENT, false, 2);
        Map<String, NpyArray> arrays = new LinkedHashMap<>(StateFiles.batchArrays(ok, DType.FLOAT32));
        arrays.put("mask", NpyArray.float32(new double[10], 2, 5));
        Npz.write(batch, arrays);
        assertUserError(step(), "mask has shape (2, 5); expected (5, 2)");

        arrays.put("mask", NpyArray.float32(new double[10], 5, 2));
        arrays.put("labels", NpyArray.int32(new int[] {0, 1, 2, 3, 4, 0, 0, 0, 0, 0}, 5, 2));
        Npz.write(batch, arrays);
        assertUserError(step(), "labels[2, 0] = 4 is not allowed: must be in [0, n_out) = [0, 4)");

        Npz.write(batch, StateFiles.batchArrays(ok, DType.FLOAT32));
        Map<String, NpyArray> s = new LinkedHashMap<>(StateFiles.stateArrays(initial, DType.FLOAT32));
        s.put("W_out", NpyArray.float32(new double[4 * 5], 4, 5));
        Npz.write(state, s);
        assertUserError(step(), "W_out has shape (4, 5); expected (n_out, N) = (n_out, 6)");

        s = new LinkedHashMap<>(StateFiles.stateArrays(initial, DType.FLOAT32));
        byte[] bad = new byte[36];
        bad[7] = 2;
        s.put("S_rec", NpyArray.uint8(bad, 6, 6));
        Npz.write(state, s);
        assertUserError(step(), "S_rec[1, 1] = 2; must be 0 (WEAK) or 1 (STRONG)");

        s = new LinkedHashMap<>(StateFiles.stateArrays(initial, DType.FLOAT32));
        s.remove("b_rec");
        Npz.write(state, s);
        assertUserError(step(), "missing array 'b_rec' (6,)");
    }

    @Test
    void missingFilesAndOptions() throws Exception {
        Files.delete(state);
        assertUserError(step(), state + ": no such file");
        assertUserError(psrnn("step", "--batch", "b.npz", "--out", "x.npz"), "missing --state FILE (or --run RUN)");
        assertUserError(psrnn("step", "--state", "a", "--batch", "b", "--out", "c", "--bogus"), "unknown option '--bogus'");
    }

    /** A folder given for a file: exit 2 naming the user's path and what the option takes, before any work. */
    @Test
    void foldersWhereFilesGoAreUserErrors() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("results"));
        Result r = psrnn("step", "--state", state.toString(), "--batch", batch.toString(), "--config", config.toString(),
                "--out", folder.toString());
        assertUserError(r, folder + ": is a folder; --out takes the path of the .npz file to write, such as " + folder.resolve("next.npz"));
        assertFalse(r.err().contains(".tmp"), r.err());
        try (var left = Files.list(folder)) {
            assertEquals(0, left.count(), "nothing written into the folder");
        }
        Path notAFolder = dir.resolve("a-file");
        Files.writeString(notAFolder, "x");
        assertUserError(psrnn("step", "--state", state.toString(), "--batch", batch.toString(), "--config", config.toString(),
                "--out", notAFolder.resolve("next.npz").toString()), notAFolder + " is not a folder; --out takes the path of the .npz file");

        assertUserError(psrnn("step", "--state", folder.toString(), "--batch", batch.toString(), "--config", config.toString(),
                "--out", out.toString()), folder + ": is a folder; expected an .npz file");
        assertUserError(psrnn("step", "--state", state.toString(), "--batch", folder.toString(), "--config", config.toString(),
                "--out", out.toString()), folder + ": is a folder; expected an .npz file");
        assertUserError(psrnn("step", "--state", state.toString(), "--batch", batch.toString(), "--config", folder.toString(),
                "--out", out.toString()), folder + ": is a folder; expected a JSON file");
    }

    /** A small run trained for {@code iterations} iterations, its checkpoint at the end. */
    private static Path trainRun(Path folder, String engine, String rule, int iterations) {
        Result r = psrnn("train", "--task", "gonogo", "--rule", rule, "--hidden", "8", "--batch", "4", "--iterations", "" + iterations,
                "--eval-every", "1", "--engine", engine, "--seed", "5", "--out", folder.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        return folder;
    }

    /**
     * A run's own iteration re-done by step from its checkpoint and config.json (theta as the run
     * resolved it from strong_fraction, its lr and eta_h, its switch mode) and the batch the run
     * drew is the iteration training did next: the same state, bit for bit, on the engine it
     * trained on. The batch saved with --save-batch, given back with --batch, does the same.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"reference, switch", "cpu, switch", "cpu, switch-stochastic", "reference, fixed"})
    void aRunsCheckpointAndConfigGiveTheRunsNextIteration(String engine, String rule) throws Exception {
        Path shorter = trainRun(dir.resolve("two"), engine, rule, 2);
        Path longer = trainRun(dir.resolve("three"), engine, rule, 3);
        Map<String, NpyArray> trained = Npz.read(longer.resolve("checkpoint.npz"));
        assertEquals(3, trained.get("iteration").toLongs("iteration")[0]);

        Path viaRun = dir.resolve("via-run.npz");
        Path saved = dir.resolve("batch2.npz");
        Result r = psrnn("step", "--run", shorter.toString(), "--out", viaRun.toString(), "--save-batch", saved.toString(), "--engine", engine);
        assertEquals(0, r.code(), r.err());
        Map<String, NpyArray> stepped = Npz.read(viaRun);
        for (String name : trained.keySet()) {
            if (name.equals("W_rec_init") || name.equals("trainer") || RunDirectory.STRONG_HISTORY.contains(name)) continue; // the training loop's, not the network's
            assertEquals(trained.get(name).dtype(), stepped.get(name).dtype(), name);
            assertEquals(trained.get(name).shapeString(), stepped.get(name).shapeString(), name);
            assertTrue(java.util.Arrays.equals(trained.get(name).bytes(), stepped.get(name).bytes()), name + " as training made it");
        }
        Path viaFiles = dir.resolve("via-files.npz");
        r = psrnn("step", "--state", shorter.resolve("checkpoint.npz").toString(), "--config", shorter.resolve("config.json").toString(),
                "--batch", saved.toString(), "--out", viaFiles.toString(), "--engine", engine);
        assertEquals(0, r.code(), r.err());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(viaRun), Files.readAllBytes(viaFiles)),
                "--run RUN is --state and --config, and the saved batch is the one the run drew");
    }

    /** A checkpoint without its run's settings would step with MODEL.md's defaults, not the run's: refused, with the way out. */
    @Test
    void aCheckpointWithoutItsConfigAndOtherMixUpsAreRefused() throws Exception {
        Path run = trainRun(dir.resolve("run"), "reference", "switch", 1);
        Path checkpoint = run.resolve("checkpoint.npz");
        Path b = batch;
        assertUserError(psrnn("step", "--state", checkpoint.toString(), "--batch", b.toString(), "--out", out.toString()),
                checkpoint + ": is a training checkpoint; give the settings it trained with: --config " + run.resolve("config.json")
                        + ", or --run " + run + " in place of --state");
        assertUserError(psrnn("step", "--state", run.toString(), "--batch", b.toString(), "--out", out.toString()),
                run + ": is a run folder; --state takes a state .npz file: use --run " + run);
        assertUserError(psrnn("step", "--run", run.toString(), "--state", checkpoint.toString(), "--batch", b.toString(),
                "--out", out.toString()), "--run " + run + " takes the state and config from the run folder; drop --state");
        assertUserError(psrnn("step", "--run", dir.toString(), "--batch", b.toString(), "--out", out.toString()),
                dir + ": not a psrnn run folder (it has no config.json)");
        // The run's config.json with a state of another network: the sizes, both named.
        assertUserError(psrnn("step", "--state", state.toString(), "--config", run.resolve("config.json").toString(),
                "--batch", batch.toString(), "--out", out.toString()), run.resolve("config.json") + ": describes a network of n_in = 3, "
                + "N = 8, n_out = 2 (task GoNogo, hidden 8); " + state + " holds one of n_in = 3, N = 6, n_out = 4");
        // Only a training configuration has a task to draw a batch from.
        assertUserError(psrnn("step", "--state", state.toString(), "--config", config.toString(), "--out", out.toString()),
                "missing --batch FILE (only a run's config.json, or another training configuration, can draw its own batch)");
        // A training configuration without theta cannot switch: theta comes from the initial weights, which a state no longer has.
        Files.writeString(config, "{\"rule\": \"switch\", \"lr\": 0.01}");
        assertUserError(step(), config + ": theta is not set: switch_mode 'threshold' needs theta >= 0; a run's config.json records");
    }

    /** Whether this machine can run the cuda engine (then it is available and auto selects it). */
    private static boolean cudaHere() {
        return new org.psrnn.engine.cuda.CudaEngineProvider().unavailableReason().isEmpty();
    }

    @Test
    void unavailableOrUnknownEnginesAreExplained() {
        if (!cudaHere()) assertUserError(step("--engine", "cuda"), "engine 'cuda' is not available here: ");
        assertUserError(step("--engine", "refrence"), "engine = 'refrence' is not allowed: must be one of cuda, cpu, reference, auto (did you mean 'reference'?)");
    }

    @Test
    void corruptInputFileIsAUserError() throws Exception {
        Files.write(state, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        assertUserError(step(), state + ": ");
    }

    @Test
    void devicesListsEveryEngineAndWhyOneIsUnavailable() {
        Result r = psrnn("devices");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("reference  available"), r.out());
        assertTrue(r.out().contains("cpu        available"), r.out());
        if (cudaHere()) {
            assertTrue(r.out().contains("cuda       available") && r.out().contains("device 0: "), r.out());
            assertTrue(r.out().contains("auto selects: cuda"), r.out());
        } else {
            assertTrue(r.out().contains("cuda       unavailable"), r.out());
            assertTrue(r.out().contains("why: "), r.out());
            assertTrue(r.out().contains("auto selects: cpu"), r.out());
        }
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, psrnn("--help").code());
        assertTrue(psrnn("--version").out().startsWith("psrnn "));
        assertTrue(psrnn("step", "--help").out().contains("--state"));
    }
}
