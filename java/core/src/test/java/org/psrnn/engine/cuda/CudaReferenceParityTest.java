package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.psrnn.io.RunDirectory;
import org.psrnn.testing.Gpu;
import org.psrnn.testing.Parity;

/**
 * The cuda engine against the reference with the cpu engine's tolerances ({@link Parity}): every
 * preset, switch mode, activation, loss and Hebbian rule, Philox and explicit noise, the tiled,
 * persistent, fused and blocked forms, on sizes that leave partial tiles (7 ... 300); then a short
 * training run whose learning curve must follow the reference's; and the tiled form's tensor-core
 * math, tf32x3 at these tolerances and tf32 at its own. On the emulated device (three SMs) the
 * large cases and the training run are smaller, and still reach every kernel path.
 */
@Gpu
class CudaReferenceParityTest {
    private static final int[] SIZES = {7, 33, 64, 130, 257, 300};
    /** The fused form on three emulated SMs holds N up to about 230 on chip (3 x N / 3 x N floats a block). */
    private static final int[] FUSED_EMULATED_SIZES = {7, 33, 64, 130};
    /** The forms tested, by psrnn_config.recurrent_kernel code. */
    private static final int[] FORMS = {1, 2, 3, 4};

    private static String formName(int kernel) {
        return CudaCodes.RECURRENT_KERNEL.key(kernel).key();
    }
    private static final int TF32X3 = CudaCodes.TENSOR_MATH.code(TensorMath.TF32X3), TF32 = CudaCodes.TENSOR_MATH.code(TensorMath.TF32);
    /**
     * tf32's stated tolerance, relative as Parity's: 5e-3, about 13 times the largest difference
     * measured on the tf32 cases here (3.8e-4, in grad_W_rec; docs/CUDA-MODEL.md).
     */
    static final double TF32_TOLERANCE = 5e-3;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int first = 0;
        for (int kernel : FORMS) {
            List<Parity.Case> some = Parity.cases(first);
            for (Parity.Case c : some) cases.add(Arguments.of(formName(kernel), kernel, c));
            first += some.size();
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void oneIterationMatchesTheReference(String form, int kernel, Parity.Case kase) {
        int[] sizes = kernel == 3 && Gpu.Condition.emulated() ? FUSED_EMULATED_SIZES : SIZES;
        Parity.oneIteration((cfg, state) -> {
            CudaEngine e = new CudaEngine(cfg, state, 0, kernel);
            assertEquals(form, e.kernelForm(), "the form asked for");
            return e;
        }, "cuda " + form, kase, sizes[kase.number() % sizes.length]);
    }

    /**
     * Sizes where the kernels take their other paths: two batch tiles in the tiled form (B > 32),
     * the G/H pass split over samples and the small-gradient reduction in several chunks (T B =
     * 800), and N = 2800 (T = 2, B = 20), past what the persistent form holds on chip, where auto
     * picks the tiled form. On the emulated device: N = 70, T = 17, B = 33 (two batch tiles, T B =
     * 561 split in two, the second split ending inside a group of 16 samples), and N = 450, past
     * what three emulated SMs hold on chip. The blocked form's tiles hold 64 trials: B = 70 (two
     * batch tiles, the second of 6) with N = 257 (70 on the emulated device), neither a multiple of
     * 4 (the scalar loads) nor of the 64-unit tile.
     */
    static Stream<Arguments> largeCases() {
        boolean emulated = Gpu.Condition.emulated();
        List<Parity.Case> all = Parity.cases(0);
        List<Arguments> cases = new ArrayList<>();
        for (int f = 0; f < FORMS.length; f++) {
            int kernel = FORMS[f];
            for (int i = f; i < all.size(); i += emulated ? 9 : 7) {
                cases.add(emulated ? Arguments.of(formName(kernel), kernel, all.get(i), 70, 17, 33)
                        : Arguments.of(formName(kernel), kernel, all.get(i), 257, 20, 40));
            }
        }
        cases.add(Arguments.of("blocked", 4, all.get(5), emulated ? 70 : 257, emulated ? 5 : 20, 70));
        cases.add(Arguments.of("blocked", 4, all.get(8), emulated ? 70 : 257, emulated ? 5 : 20, 70));
        cases.add(Arguments.of("auto", 0, all.get(3), emulated ? 450 : 2800, 2, 20));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {2}, N = {3}, T = {4}, B = {5}")
    @MethodSource("largeCases")
    void largeBatchesMatchTheReference(String form, int kernel, Parity.Case kase, int hidden, int steps, int trials) {
        List<String> forms = new ArrayList<>();
        Parity.oneIteration((cfg, state) -> {
            CudaEngine e = new CudaEngine(cfg, state, 0, kernel);
            forms.add(e.kernelForm());
            return e;
        }, "cuda " + form, kase, hidden, steps, trials);
        if (kernel == 0) assertEquals(List.of("tiled"), forms, "N = " + hidden + " does not fit on chip: auto picks the tiled form");
        else assertEquals(List.of(form), forms, "the form asked for");
    }

    /**
     * tf32x3 (each operand split in two tf32 parts, three tensor-core products) on a handful of
     * cases at the cpu tolerances: its products are float32-level, so only the order of the sums
     * differs from the fp32 kernels.
     */
    static Stream<Arguments> tf32x3Cases() {
        List<Parity.Case> all = Parity.cases(0);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 5) cases.add(Arguments.of(all.get(i)));
        return cases.stream();
    }

    @ParameterizedTest(name = "tiled+tf32x3: {0}")
    @MethodSource("tf32x3Cases")
    void tf32x3MatchesTheReferenceAtTheCpuTolerances(Parity.Case kase) {
        Parity.oneIteration((cfg, state) -> new CudaEngine(cfg, state, 0, 1, TF32X3), "cuda tiled+tf32x3", kase,
                SIZES[kase.number() % SIZES.length]);
    }

    /**
     * tf32x3 where the G/H pass splits over samples and the batch spans two tiles (as
     * {@link #largeCases}), asked for through auto: auto then picks the tiled form, the one with
     * tensor-core products, even where the persistent form would fit, and the run records it.
     */
    @Test
    void tf32x3LargeBatchesMatchTheReferenceAndAutoPicksTheTiledForm() {
        boolean emulated = Gpu.Condition.emulated();
        List<String> forms = new ArrayList<>();
        Parity.oneIteration((cfg, state) -> {
            CudaEngine e = new CudaEngine(cfg, state, 0, 0, TF32X3);
            forms.add(e.kernelForm());
            return e;
        }, "cuda auto+tf32x3", Parity.cases(0).get(11), emulated ? 70 : 257, emulated ? 17 : 20, emulated ? 33 : 40);
        assertEquals(List.of("tiled+tf32x3"), forms);
    }

    /**
     * tf32 (one tensor-core product of operands rounded to 10-bit mantissas, relative error up to
     * 2^-11 a product) against the reference within {@link #TF32_TOLERANCE}, its stated tolerance
     * (docs/CUDA-MODEL.md, "Tensor cores").
     */
    @ParameterizedTest(name = "tiled+tf32: {0}")
    @MethodSource("tf32x3Cases")
    void tf32MatchesTheReferenceWithinItsTolerance(Parity.Case kase) {
        Parity.oneIteration((cfg, state) -> new CudaEngine(cfg, state, 0, 1, TF32), "cuda tiled+tf32", kase,
                SIZES[kase.number() % SIZES.length], 6, 5, TF32_TOLERANCE);
    }

    /** 200 iterations; on the emulated device 30 (about a second each there), whose curves must still agree. */
    @Test
    void performanceCurveMatchesTheReference() throws Exception {
        if (Gpu.Condition.emulated()) Parity.trainingCurve(dir, "cuda", 30, 8, 10, 32, 0.0);
        else Parity.trainingCurve(dir, "cuda");
    }

    /** The same in the fused form, asked for as a user does (psrnn.cuda.kernel); its checkpoint records it. */
    @Test
    void fusedPerformanceCurveMatchesTheReference() throws Exception {
        String before = System.getProperty(CudaEngine.KERNEL_PROPERTY);
        System.setProperty(CudaEngine.KERNEL_PROPERTY, "fused");
        try {
            if (Gpu.Condition.emulated()) Parity.trainingCurve(dir, "cuda", 30, 8, 10, 32, 0.0);
            else Parity.trainingCurve(dir, "cuda");
            assertEquals("fused", RunDirectory.open(dir.resolve("cuda")).readCheckpoint().kernelForm());
        } finally {
            if (before == null) System.clearProperty(CudaEngine.KERNEL_PROPERTY);
            else System.setProperty(CudaEngine.KERNEL_PROPERTY, before);
        }
    }
}
