package org.psrnn.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.Engine;
import org.psrnn.engine.cuda.CudaEngineProvider;
import org.psrnn.io.RunDirectory;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.results.Ending;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;
import org.psrnn.testing.Gpu;
import org.psrnn.testing.ResumeCheck;
import org.psrnn.train.RunConfig;
import org.psrnn.train.StopRequest;
import org.psrnn.train.Trainer;
import org.psrnn.train.TrainingRun;

/**
 * ResumeTest (cli module) on the cuda engine: its reductions run in a fixed order, so a resumed run
 * repeats the bits too; and it resumes in the kernel form its checkpoint records. On the emulated
 * device the run is shorter (14 iterations of 4 trials, stopped after 9 or 0).
 */
@Gpu
class CudaResumeTest {
    private static final PrintWriter QUIET = new PrintWriter(new StringWriter());
    @TempDir
    Path dir;

    /** ResumeTest's run, or on the emulated device a shorter one that still evaluates, checkpoints and switches. */
    static RunConfig config() {
        if (!Gpu.Condition.emulated()) return ResumeCheck.config("cuda");
        return ResumeCheck.config("cuda", "iterations", "14", "batch", "4", "eval_every", "5", "eval_batch", "8");
    }

    @ParameterizedTest(name = "cuda engine, stopped after {0} iterations")
    @ValueSource(ints = {27, 0})
    void resumedRunIsBitIdentical(int stopAt) throws Exception {
        ResumeCheck.check(dir, config(), Gpu.Condition.emulated() ? stopAt / 3 : stopAt);
    }

    /** The checkpoint names the form the engine ran, and a resume asks for that form rather than auto's choice. */
    @Test
    void aResumedRunContinuesInTheFormItsCheckpointRecords() throws Exception {
        Path run = dir.resolve("form");
        TrainingRun.execute(config(), run, false, QUIET, false, "", "", 2, new StopRequest(Gpu.Condition.emulated() ? 6 : 20));
        RunDirectory folder = RunDirectory.open(run);
        RunDirectory.Checkpoint cp = folder.readCheckpoint();
        assertTrue(List.of("tiled", "persistent").contains(cp.kernelForm()), cp.kernelForm());
        // auto takes the persistent form where it fits (N = 24 here); tiled runs everywhere
        folder.writeCheckpoint(cp.state(), cp.wRecInit(), cp.trainer(), cp.history(), "tiled");
        var resumed = TrainingRun.resume(run, null, QUIET, false, "", 2, null);
        assertEquals(Ending.COMPLETED, resumed.result().ending());
        assertEquals("tiled", folder.readCheckpoint().kernelForm());
    }

    /** The blocked form, which auto never picks, end to end: a checkpoint that records it resumes in it and records it again. */
    @Test
    void aRunRecordedBlockedResumesBlocked() throws Exception {
        Path run = dir.resolve("blocked");
        TrainingRun.execute(config(), run, false, QUIET, false, "", "", 2, new StopRequest(Gpu.Condition.emulated() ? 6 : 20));
        RunDirectory folder = RunDirectory.open(run);
        RunDirectory.Checkpoint cp = folder.readCheckpoint();
        folder.writeCheckpoint(cp.state(), cp.wRecInit(), cp.trainer(), cp.history(), "blocked");
        var resumed = TrainingRun.resume(run, null, QUIET, false, "", 2, null);
        assertEquals(Ending.COMPLETED, resumed.result().ending());
        assertEquals("blocked", folder.readCheckpoint().kernelForm());
    }

    /**
     * Tensor-core math is recorded with the form ("tiled+tf32x3") and a resume asks for both again;
     * the provider reads a recorded "tiled+tf32" the same way.
     */
    @Test
    void aResumedRunContinuesInTheTensorMathItsCheckpointRecords() throws Exception {
        Path run = dir.resolve("math");
        TrainingRun.execute(config(), run, false, QUIET, false, "", "", 2, new StopRequest(Gpu.Condition.emulated() ? 6 : 20));
        RunDirectory folder = RunDirectory.open(run);
        RunDirectory.Checkpoint cp = folder.readCheckpoint();
        folder.writeCheckpoint(cp.state(), cp.wRecInit(), cp.trainer(), cp.history(), "tiled+tf32x3");
        var resumed = TrainingRun.resume(run, null, QUIET, false, "", 2, null);
        assertEquals(Ending.COMPLETED, resumed.result().ending());
        assertEquals("tiled+tf32x3", folder.readCheckpoint().kernelForm());
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT).withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.01, 0, 0.1, Double.NaN));
        try (Engine engine = new CudaEngineProvider().create(cfg, Fixtures.randomState(new NetworkShape(3, 24, 3), 0.5, 1), 0, "tiled+tf32")) {
            assertEquals("tiled+tf32", engine.kernelForm());
        }
    }

    /**
     * N = 4096: no GPU holds a persistent block's rows of W on chip (nor N = 450 the emulated
     * device's three SMs), so a recorded persistent form is refused with the way out.
     */
    @Test
    void aRecordedFormThatCannotRunHereIsRefusedWithTheOptionForTheOther() {
        int n = Gpu.Condition.emulated() ? 450 : 4096;
        NetworkShape shape = new NetworkShape(3, n, 3);
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT).withSwitching(new SwitchConfig(SwitchMode.THRESHOLD, 0.01, 0, 0.1, Double.NaN));
        NetworkState state = Fixtures.randomState(shape, 0.5, 1);
        CudaEngineProvider provider = new CudaEngineProvider();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> provider.create(cfg, state, 0, "persistent"));
        String m = e.getMessage();
        assertTrue(m.startsWith("the run trained with the cuda engine's persistent kernels (its checkpoint records them), but on this "
                + "GPU the persistent kernel cannot run this network (N = " + n + ", ") && m.contains("its rows of W do not fit")
                && m.endsWith("set -Dpsrnn.cuda.kernel=tiled (for ./psrnn: PSRNN_JAVA_OPTS=-Dpsrnn.cuda.kernel=tiled)"), m);
        try (Engine engine = provider.create(cfg, state, 0, "tiled")) {
            assertEquals("tiled", engine.kernelForm());
        }
    }
}
