package org.psrnn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.model.Batch;
import org.psrnn.model.InitConfig;
import org.psrnn.model.Initialization;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.Preset;
import org.psrnn.task.RandomBatch;
import org.psrnn.testing.Parity;

class CpuTrainingTest {
    @TempDir
    Path dir;

    /** The learning curve of a short psRNN run follows the reference's ({@link Parity#trainingCurve}). */
    @Test
    void performanceCurveMatchesTheReference() throws Exception {
        Parity.trainingCurve(dir, "cpu");
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
            long heapBefore = usedHeapAfterGc();
            long before = allocatedByAllThreads(threads);
            for (int i = 0; i < 1000; i++) engine.step(batch);
            long perIteration = (allocatedByAllThreads(threads) - before) / 1000;
            long growth = usedHeapAfterGc() - heapBefore;
            // The calling thread and the engine's workers together (and whatever else the JVM runs meanwhile).
            assertTrue(perIteration < 1024, "the threads allocate " + perIteration + " bytes per iteration");
            assertTrue(growth < 2 << 20, "heap grew by " + growth + " bytes over 1000 iterations");
        }
    }

    /** Bytes allocated so far by every live thread. */
    private static long allocatedByAllThreads(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) if (b > 0) sum += b;
        return sum;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
