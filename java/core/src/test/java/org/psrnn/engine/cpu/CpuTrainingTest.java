package org.psrnn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The iteration loop allocates (almost) nothing, and the heap does not grow with the iteration
     * count. Counted on the engine's own threads (the caller and its workers), after the JIT has
     * settled, in a JVM of its own: inside the whole suite, after some mix of other tests, the
     * engine's threads were seen to allocate a steady 5.4 MB per iteration (the Vector API boxing
     * every operation of code that ran without its intrinsics), which says nothing about the
     * engine in a run's own JVM, where this measures it.
     */
    @Test
    void iterationsDoNotAllocateOrGrowTheHeap() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), AllocationProbe.class.getName());
        Path log = dir.resolve("probe.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        assertTrue(finished, "the probe finished");
        String out = Files.readString(log);
        Matcher m = Pattern.compile("per_iteration=(\\d+) growth=(-?\\d+) (.*)").matcher(out);
        assertTrue(p.exitValue() == 0 && m.find(), out);
        long perIteration = Long.parseLong(m.group(1)), growth = Long.parseLong(m.group(2));
        assertTrue(perIteration < 1024, "the engine's threads allocate " + perIteration + " bytes per iteration " + m.group(3));
        assertTrue(growth < 2 << 20, "heap grew by " + growth + " bytes over 1000 iterations " + m.group(3));
    }

    /** The measurement, in a JVM of its own; prints {@code per_iteration=B growth=B (detail)}. */
    public static final class AllocationProbe {
        public static void main(String[] args) {
            NetworkShape shape = new NetworkShape(3, 64, 3);
            ModelConfig cfg = ModelConfig.defaults(LossKind.XENT);
            cfg = cfg.withSwitching(Preset.SWITCH.configure(cfg.switching()));
            var init = Initialization.initialize(shape, cfg, InitConfig.DEFAULT, Preset.SWITCH);
            Batch batch = RandomBatch.classification(shape, 20, 16, 3);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            try (CpuEngine engine = new CpuEngine(init.config(), init.state(), 2)) {
                for (int i = 0; i < 1000; i++) engine.step(batch); // buffers, and the JIT past its interpreted phase
                long[] ids = engine.threadIds(Thread.currentThread());
                // Settle: windows of 500 iterations until one allocates nothing measurable (at most 40).
                long[] settling = new long[40];
                int windows = 0;
                do {
                    long before = allocated(threads, ids);
                    for (int i = 0; i < 500; i++) engine.step(batch);
                    settling[windows] = (allocated(threads, ids) - before) / 500;
                } while (settling[windows++] >= 1024 && windows < settling.length);
                long heapBefore = usedHeapAfterGc();
                long[] before = threads.getThreadAllocatedBytes(ids);
                for (int i = 0; i < 1000; i++) engine.step(batch);
                long[] after = threads.getThreadAllocatedBytes(ids);
                long perIteration = 0;
                for (int t = 0; t < ids.length; t++) perIteration += (after[t] - before[t]) / 1000;
                long growth = usedHeapAfterGc() - heapBefore;
                System.out.println("per_iteration=" + perIteration + " growth=" + growth + " (caller " + (after[0] - before[0]) / 1000
                        + ", worker " + (after[1] - before[1]) / 1000 + "; bytes per iteration while settling: "
                        + Arrays.toString(Arrays.copyOf(settling, windows)) + ")");
            }
        }
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(ids)) sum += b;
        return sum;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
