package org.psrnn.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.psrnn.engine.StepStats;
import org.psrnn.model.Activation;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;

/**
 * The structs the engine writes and reads, without the library: each value is looked for at the
 * offset cuda/psrnn_cuda.h gives its field, and each enumerated setting is expected as the code
 * the header's comment gives its name, so a field written through the wrong handle, or a code
 * sent for the wrong value, shows here and not as a network that trains differently.
 */
class CudaStructsTest {
    private static final CHeader HEADER = CHeader.cuda("psrnn_cuda.h");

    /** The header's code for {@code name} in the comment on psrnn_config.{@code field}. */
    private static int code(String field, String name) {
        Map<String, Long> codes = HEADER.fieldCodes("psrnn_config", field);
        return Math.toIntExact(codes.get(name));
    }

    @Test
    void theConfigHasEverySettingWhereTheHeaderPutsIt() {
        ModelConfig config = ModelConfig.defaults(LossKind.MSE).withActivation(Activation.RETANH).withAlpha(0.25).withSigmaRec(0.03)
                .withClip(2.5).withSeed(0x8123_4567_89AB_CDEFL)
                .withHebbian(new HebbianConfig(HebbianRule.COVARIANCE, 0.004, 0.002, 3.5).withControl(HebbianTerm.RANDOM, 1234))
                .withSwitching(new SwitchConfig(SwitchMode.STOCHASTIC, 0.3, 0.2, 0.15, 0.07));
        CHeader.Struct c = HEADER.struct("psrnn_config");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CudaMarshal.configStruct(arena, config, new NetworkShape(3, 8, 2), 2, 1);
            assertEquals(c.size(), s.byteSize());
            Map<String, Integer> ints = Map.ofEntries(Map.entry("n_in", 3), Map.entry("hidden", 8), Map.entry("n_out", 2),
                    Map.entry("max_steps", 1), Map.entry("max_batch", 1), Map.entry("activation", code("activation", "retanh")),
                    Map.entry("loss", code("loss", "mse")), Map.entry("hebb_rule", code("hebb_rule", "covariance")),
                    Map.entry("switch_mode", code("switch_mode", "stochastic")), Map.entry("recurrent_kernel", 2),
                    Map.entry("hebb_term", code("hebb_term", "random")), Map.entry("hebb_until", 1234), Map.entry("tensor_math", 1));
            ints.forEach((f, v) -> assertEquals(v, s.get(JAVA_INT, c.offset(f)), f));
            Map<String, Double> doubles = Map.ofEntries(Map.entry("alpha", 0.25), Map.entry("sigma_rec", 0.03),
                    Map.entry("lr", config.adam().lr()), Map.entry("beta1", config.adam().beta1()), Map.entry("beta2", config.adam().beta2()),
                    Map.entry("eps", config.adam().eps()), Map.entry("clip", 2.5), Map.entry("eta_h", 0.004), Map.entry("lambda", 0.002),
                    Map.entry("w_max", 3.5), Map.entry("theta", 0.3), Map.entry("hysteresis", 0.2), Map.entry("kappa", 0.15),
                    Map.entry("temp", 0.07));
            doubles.forEach((f, v) -> assertEquals(v, s.get(JAVA_DOUBLE, c.offset(f)), f));
            assertEquals(0x8123_4567_89AB_CDEFL, s.get(JAVA_LONG, c.offset("seed")), "seed");
            assertEquals(c.fields().size(), ints.size() + doubles.size() + 1, "every field checked");
        }
    }

    @Test
    void theBatchPointsAtItsArraysWhereTheHeaderPutsThem() {
        Batch b = new Batch(2, 3, 1, 2, new double[] {1, 2, 3, 4, 5, 6}, null, new int[] {0, 1, 1, 0, 1, 0},
                new double[] {1, 1, 0.5, 1, 0, 1}, null);
        CHeader.Struct c = HEADER.struct("psrnn_batch");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CudaMarshal.batchStruct(arena, b);
            assertEquals(c.size(), s.byteSize());
            assertEquals(2, s.get(JAVA_INT, c.offset("steps")));
            assertEquals(3, s.get(JAVA_INT, c.offset("size")));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, pointed(s, c.offset("inputs"), 6).toArray(JAVA_FLOAT));
            assertArrayEquals(new int[] {0, 1, 1, 0, 1, 0}, pointed(s, c.offset("labels"), 6).toArray(JAVA_INT));
            assertArrayEquals(new float[] {1, 1, 0.5f, 1, 0, 1}, pointed(s, c.offset("mask"), 6).toArray(JAVA_FLOAT));
            assertEquals(0, s.get(ADDRESS, c.offset("targets")).address(), "targets: null for xent");
            assertEquals(0, s.get(ADDRESS, c.offset("noise")).address(), "noise: null for Philox noise");
        }
    }

    private static MemorySegment pointed(MemorySegment struct, long offset, int count) {
        return struct.get(ADDRESS, offset).reinterpret(4L * count);
    }

    @Test
    void theStatsAreReadFromWhereTheHeaderPutsThem() {
        CHeader.Struct c = HEADER.struct("psrnn_stats");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(c.size(), c.alignment());
            s.set(JAVA_DOUBLE, c.offset("loss"), 0.5);
            s.set(JAVA_DOUBLE, c.offset("grad_norm"), 2.25);
            s.set(JAVA_DOUBLE, c.offset("clip_scale"), 0.75);
            s.set(JAVA_LONG, c.offset("switches_up"), 11);
            s.set(JAVA_LONG, c.offset("switches_down"), 7);
            s.set(JAVA_LONG, c.offset("strong_count"), 40);
            assertEquals(new StepStats(0.5, 2.25, 0.75, 11, 7, 40), CudaMarshal.statsOf(s));
        }
    }
}
