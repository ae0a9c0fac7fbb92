package org.psrnn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.Batch;
import org.psrnn.model.InitConfig;
import org.psrnn.model.Initialization;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.Preset;
import org.psrnn.task.RandomBatch;
import org.psrnn.train.MetricsRow;
import org.psrnn.train.RunConfig;
import org.psrnn.train.TrainingRun;

class CpuTrainingTest {
    @TempDir
    Path dir;

    private static RunConfig config(String engine) {
        String[] kv = {"task", "gonogo", "rule", "switch", "hidden", "32", "batch", "16", "iterations", "200", "eval_every", "25",
            "eval_batch", "128", "lr", "0.01", "activation", "tanh", "seed", "5", "engine", engine};
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "test");
        return RunConfig.from(c);
    }

    /**
     * 200 iterations of a psRNN on GoNogo on both engines from the same start and trials: float32
     * and float64 trajectories drift apart, but the learning curves must agree: mean absolute
     * difference of performance over the 9 evaluations at most 0.05, both ending at or above 0.9.
     */
    @Test
    void performanceCurveMatchesTheReference() throws Exception {
        var ref = TrainingRun.execute(config("reference"), dir.resolve("ref"), false, new PrintWriter(new StringWriter()), false, "", "");
        var cpu = TrainingRun.execute(config("cpu"), dir.resolve("cpu"), false, new PrintWriter(new StringWriter()), false, "", "");
        List<MetricsRow> a = ref.dir().readMetrics(), b = cpu.dir().readMetrics();
        assertEquals(a.size(), b.size());
        double sum = 0;
        for (int i = 0; i < a.size(); i++) sum += Math.abs(a.get(i).performance() - b.get(i).performance());
        double meanDifference = sum / a.size();
        assertTrue(meanDifference <= 0.05, "mean |performance difference| " + meanDifference + "\n" + a + "\n" + b);
        assertTrue(a.get(a.size() - 1).performance() >= 0.9 && b.get(b.size() - 1).performance() >= 0.9,
                "both learn: " + a.get(a.size() - 1).performance() + ", " + b.get(b.size() - 1).performance());
        assertEquals(a.get(0).evalLoss(), b.get(0).evalLoss(), 1e-4 * a.get(0).evalLoss(), "same start");
    }

    /** The iteration loop allocates (almost) nothing, and the heap does not grow with the iteration count. */
    @Test
    void iterationsDoNotAllocateOrGrowTheHeap() {
        NetworkShape shape = new NetworkShape(3, 64, 3);
        ModelConfig cfg = ModelConfig.defaults(LossKind.XENT);
        cfg = cfg.withSwitching(Preset.SWITCH.configure(cfg.switching()));
        var init = Initialization.initialize(shape, cfg, InitConfig.DEFAULT, Preset.SWITCH);
        Batch batch = RandomBatch.classification(shape, 20, 16, 3);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (CpuEngine engine = new CpuEngine(init.config(), init.state(), 2)) {
            for (int i = 0; i < 1000; i++) engine.step(batch); // warm up: buffers, and the JIT past its interpreted phase
            long before = threads.getCurrentThreadAllocatedBytes();
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < 1000; i++) engine.step(batch);
            long perIteration = (threads.getCurrentThreadAllocatedBytes() - before) / 1000;
            long growth = usedHeapAfterGc() - heapBefore;
            assertTrue(perIteration < 256, "the calling thread allocates " + perIteration + " bytes per iteration");
            assertTrue(growth < 2 << 20, "heap grew by " + growth + " bytes over 1000 iterations");
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
