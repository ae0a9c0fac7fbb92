package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.model.Activation;
import org.psrnn.rng.Philox;
import org.psrnn.rng.Streams;
import org.psrnn.rules.Adam;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.Float32Updates;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.rules.Switching;

/**
 * The math the CUDA kernels share with the host (cuda/psrnn_math.h), compiled for the host by
 * native-build/build.sh as psrnn_math_test, against the Java reference: Philox words exactly, the
 * normal transform and the noise stream to 2 ulp (libm against StrictMath), the switching decision
 * exactly, the float32 Adam and Hebbian updates bit for bit against the cpu engine's arithmetic
 * (and within float rounding of the double-precision reference), the activations to float
 * accuracy, the split of the G/H sums exactly. Skipped only where no C++ compiler could build the
 * program.
 */
class CudaMathHostTest {
    private static Path program;

    @TempDir
    Path dir;

    @BeforeAll
    static void findProgram() {
        Path nativeDir = Path.of(System.getProperty("psrnn.native.dir", "target/native"));
        program = nativeDir.resolve("psrnn_math_test");
        if (!Files.isExecutable(program)) {
            boolean compiler = onPath("g++") || onPath(System.getenv().getOrDefault("CXX", "g++"));
            if (compiler) fail(program + " is missing although g++ is here: native-build/build.sh should have built it");
            Assumptions.abort("no C++ compiler, so native-build/build.sh could not build " + program);
        }
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    /** Runs the program on the cases (one a line) and returns its answers, one a case. */
    private List<String> run(List<String> cases) throws IOException, InterruptedException {
        Path in = dir.resolve("cases.txt"), out = dir.resolve("answers.txt"), err = dir.resolve("err.txt");
        Files.write(in, cases, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(program.toString()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "psrnn_math_test finished");
        assertEquals(0, p.exitValue(), "psrnn_math_test: " + Files.readString(err));
        List<String> answers = Files.readAllLines(out, StandardCharsets.US_ASCII);
        assertEquals(cases.size(), answers.size(), "one answer a case");
        return answers;
    }

    private static String hex(int v) {
        return Integer.toHexString(v);
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }

    private static String bits(float f) {
        return hex(Float.floatToRawIntBits(f));
    }

    private static String bits(double d) {
        return hex(Double.doubleToRawLongBits(d));
    }

    private static float f32(String hexBits) {
        return Float.intBitsToFloat(Integer.parseUnsignedInt(hexBits, 16));
    }

    private static double f64(String hexBits) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
    }

    private static void closeUlps(double expected, double actual, int ulps, String what) {
        assertTrue(Math.abs(expected - actual) <= ulps * Math.ulp(expected), what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void philoxWordsAreExactIncludingTheKnownAnswers() throws Exception {
        Random rnd = new Random(1);
        List<int[]> inputs = new ArrayList<>();
        inputs.add(new int[] {0, 0, 0, 0, 0, 0});
        inputs.add(new int[] {-1, -1, -1, -1, -1, -1});
        inputs.add(new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0}); // Random123 kat_vectors
        for (int n = 0; n < 500; n++) inputs.add(new int[] {rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextInt()});
        List<String> cases = new ArrayList<>();
        for (int[] c : inputs) cases.add("philox " + hex(c[0]) + " " + hex(c[1]) + " " + hex(c[2]) + " " + hex(c[3]) + " " + hex(c[4]) + " " + hex(c[5]));
        List<String> answers = run(cases);
        assertEquals("6627e8d5 e169c58d bc57ac4c 9b00dbd8", answers.get(0));
        assertEquals("408f276d 41c83b0e a20bc7c6 6d5451fd", answers.get(1));
        assertEquals("d16cfe09 94fdcceb 5001e420 24126ea1", answers.get(2));
        for (int n = 0; n < inputs.size(); n++) {
            int[] c = inputs.get(n);
            int[] o = Philox.block(c[0], c[1], c[2], c[3], c[4], c[5]);
            assertEquals(String.format("%08x %08x %08x %08x", o[0], o[1], o[2], o[3]), answers.get(n).strip(), "case " + n);
        }
    }

    @Test
    void normalTransformAndNoiseStream() throws Exception {
        Random rnd = new Random(2);
        List<String> cases = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        int[] edge = {0, -1, 1, 0x80000000, 0x7fffffff};
        for (int a : edge) {
            for (int b : edge) {
                cases.add("normal " + hex(a) + " " + hex(b));
                expected.add(Philox.normal(a, b));
            }
        }
        for (int n = 0; n < 1000; n++) {
            int a = rnd.nextInt(), b = rnd.nextInt();
            cases.add("normal " + hex(a) + " " + hex(b));
            expected.add(Philox.normal(a, b));
        }
        for (int n = 0; n < 300; n++) {
            long seed = rnd.nextLong();
            int k = rnd.nextInt(100000), t = rnd.nextInt(1 << 24), b = rnd.nextInt(4096), i = rnd.nextInt(8192);
            cases.add("noise " + hex(seed) + " " + hex(k) + " " + hex(t) + " " + hex(b) + " " + hex(i));
            expected.add(Streams.noise(seed, k, t, b, i));
        }
        for (int n = 0; n < 300; n++) {
            long seed = rnd.nextLong();
            int k = rnd.nextInt(100000), i = rnd.nextInt(8192), j = rnd.nextInt(8192);
            cases.add("random_hebbian " + hex(seed) + " " + hex(k) + " " + hex(i) + " " + hex(j));
            expected.add(Streams.randomHebbian(seed, k, i, j));
        }
        List<String> answers = run(cases);
        for (int n = 0; n < cases.size(); n++) closeUlps(expected.get(n), f64(answers.get(n).strip()), 2, cases.get(n));
    }

    @Test
    void switchingDecisionsMatchTheReferenceRule() throws Exception {
        Random rnd = new Random(3);
        List<String> cases = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            SwitchMode mode = SwitchMode.values()[n % 3];
            double theta = 0.05 + rnd.nextDouble() * 0.3;
            SwitchConfig c = new SwitchConfig(mode, theta, n % 5 == 0 ? 0.2 : 0.0, rnd.nextDouble(), n % 2 == 0 ? Double.NaN : 0.02);
            boolean strong = rnd.nextBoolean();
            float w = (float) ((rnd.nextDouble() - 0.5) * 4 * theta);
            if (n % 7 == 0) w = Float32Updates.thresholdAbove(theta);                 // exactly at the threshold
            if (n % 11 == 0) w = Math.nextDown(Float32Updates.thresholdAbove(theta)); // just below it
            long seed = rnd.nextLong();
            int k = rnd.nextInt(1 << 20), i = rnd.nextInt(4096), j = rnd.nextInt(4096);
            cases.add("switch " + mode.ordinal() + " " + bits(theta) + " " + bits(c.hysteresis()) + " " + bits(c.kappa()) + " "
                    + bits(c.effectiveTemp()) + " " + (strong ? 1 : 0) + " " + bits(w) + " " + hex(seed) + " " + hex(k) + " " + hex(i) + " " + hex(j));
            expected.add(Switching.nextStrong(c, strong, w, seed, k, i, j));
        }
        List<String> answers = run(cases);
        for (int n = 0; n < cases.size(); n++) assertEquals(expected.get(n) ? "1" : "0", answers.get(n).strip(), cases.get(n));
    }

    @Test
    void adamIsBitForBitTheCpuEnginesAndCloseToTheReference() throws Exception {
        Random rnd = new Random(4);
        List<String> cases = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        List<double[]> reference = new ArrayList<>(), scales = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            AdamConfig cfg = new AdamConfig(Math.pow(10, -1 - 3 * rnd.nextDouble()), 0.9, 0.999, 1e-8);
            long k = 1 + rnd.nextInt(5000);
            float inv1 = (float) (1.0 / (1.0 - Math.pow(cfg.beta1(), k))), inv2 = (float) (1.0 / (1.0 - Math.pow(cfg.beta2(), k)));
            float p = (float) rnd.nextGaussian(), g = (float) (rnd.nextGaussian() * Math.pow(10, -4 * rnd.nextDouble()));
            float m = (float) (rnd.nextGaussian() * 1e-2), v = (float) Math.abs(rnd.nextGaussian() * 1e-4);
            if (n % 13 == 0) g = 0f;
            float lr = (float) cfg.lr(), b1 = (float) cfg.beta1(), b2 = (float) cfg.beta2(), eps = (float) cfg.eps();
            cases.add("adam " + bits(lr) + " " + bits(b1) + " " + bits(b2) + " " + bits(eps) + " " + bits(inv1) + " " + bits(inv2) + " "
                    + bits(p) + " " + bits(g) + " " + bits(m) + " " + bits(v));
            float[] ms = {m}, vs = {v};
            float next = Float32Updates.adam(p, g, ms, vs, 0, lr, b1, b2, eps, inv1, inv2);
            expected.add(new float[] {next, ms[0], vs[0]});
            double[] md = {m}, vd = {v};
            reference.add(new double[] {new Adam(cfg, k).update(p, g, md, vd, 0), md[0], vd[0]});
            scales.add(new double[] {Math.abs(p) + lr, Math.abs(m) + Math.abs(g), v + g * g});
        }
        List<String> answers = run(cases);
        for (int n = 0; n < cases.size(); n++) {
            String[] a = answers.get(n).strip().split(" ");
            float[] e = expected.get(n);
            for (int q = 0; q < 3; q++) {
                assertEquals(Float.floatToRawIntBits(e[q]), Float.floatToRawIntBits(f32(a[q])), "field " + q + " of " + cases.get(n));
                // float32 hyper-parameters alone move the terms by ~1e-5 relative ((float) (1 - 0.999) is 1.3e-5 off),
                // and m's two terms may cancel: the tolerance scales with the terms, not the result
                double r = reference.get(n)[q];
                assertTrue(Math.abs(r - f32(a[q])) <= 1e-4 * scales.get(n)[q], "against the reference: " + r + " vs " + f32(a[q]));
            }
        }
    }

    @Test
    void hebbianIsBitForBitTheCpuEnginesAndCloseToTheReference() throws Exception {
        Random rnd = new Random(5);
        List<String> cases = new ArrayList<>();
        List<Float> expected = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            HebbianRule rule = HebbianRule.values()[n % 3];
            float eta = (float) Math.pow(10, -1 - 5 * rnd.nextDouble()), lambda = n % 4 == 0 ? 0f : (float) (rnd.nextDouble() * 1e-3);
            float wMax = n % 5 == 0 ? 0.3f : Float.POSITIVE_INFINITY;
            float w = (float) (rnd.nextGaussian() * 0.3), h = (float) (rnd.nextDouble() * 2), q = rule == HebbianRule.OJA ? (float) rnd.nextDouble() : 0f;
            cases.add("hebb " + rule.ordinal() + " " + bits(eta) + " " + bits(lambda) + " " + bits(wMax) + " " + bits(w) + " " + bits(h) + " " + bits(q));
            expected.add(Float32Updates.hebbian(w, h, q, eta, lambda, wMax));
            reference.add(new HebbianConfig(rule, eta, lambda, wMax).update(w, h, q));
        }
        List<String> answers = run(cases);
        for (int n = 0; n < cases.size(); n++) {
            float got = f32(answers.get(n).strip());
            assertEquals(Float.floatToRawIntBits(expected.get(n)), Float.floatToRawIntBits(got), cases.get(n));
            assertTrue(Math.abs(reference.get(n) - got) <= 1e-6 * Math.max(1, Math.abs(reference.get(n))), "against the reference: " + cases.get(n));
        }
    }

    @Test
    void activationsAndTheirDerivativesFromTheRate() throws Exception {
        Random rnd = new Random(6);
        List<String> cases = new ArrayList<>();
        List<double[]> expected = new ArrayList<>(); // {value, tolerance}
        for (Activation a : Activation.values()) {
            for (int n = 0; n < 400; n++) {
                float x = n < 3 ? new float[] {0f, -0f, 1e-30f}[n] : (float) (rnd.nextGaussian() * 4);
                double y = a.apply(x);
                cases.add("act " + a.ordinal() + " " + bits(x));
                expected.add(new double[] {y, 2e-7 * Math.max(1, Math.abs(y))});
                float r = (float) y;
                cases.add("dact " + a.ordinal() + " " + bits(r));
                // phi'(x) from the float rate r: the rounding of r moves 1 - r^2 by up to 2 |r| ulp(r)
                expected.add(new double[] {a.derivative(x), 2e-7 * Math.max(1, Math.abs(y)) + 3 * Math.ulp(r)});
            }
        }
        List<String> answers = run(cases);
        for (int n = 0; n < cases.size(); n++) {
            double[] e = expected.get(n);
            double got = f32(answers.get(n).strip());
            assertTrue(Math.abs(e[0] - got) <= e[1], cases.get(n) + ": expected " + e[0] + ", got " + got);
        }
    }

    /** What the G/H split was when it followed the device's SM count: two blocks an SM, ranges of >= 256 samples, at most 32. */
    private static int splitsOnSms(int n, int sms, long samples) {
        long tiles = (long) ((n + 63) / 64) * ((n + 63) / 64);
        long z = Math.min(Math.min((2L * sms + tiles - 1) / tiles, samples / 256), 32);
        return (int) Math.max(1, z);
    }

    @Test
    void theGhSplitFollowsNAndTheSamplesAloneAsAnH100sDid() throws Exception {
        // {N, T*B, splits}: the case first (N = 256 split 17 ways on 132 SMs and 15 on 114), then the caps
        long[][] known = {
            {256, 100 * 64, 17}, {256, 17 * 256, 17}, {256, 17 * 256 - 1, 16}, {256, 1000, 3}, {256, 511, 1}, {256, 1, 1},
            {64, 100 * 64, 25}, {64, 1 << 20, 32}, {128, 1 << 20, 32}, {300, 1 << 20, 11}, {512, 1 << 20, 5}, {1024, 1 << 20, 2},
            {1025, 1 << 20, 1}, {4096, 1 << 20, 1}, {1, 1 << 20, 32}, {46340, (1L << 31) - 1, 1},
        };
        Random rnd = new Random(7);
        List<long[]> inputs = new ArrayList<>(List.of(known));
        for (int c = 0; c < 2000; c++) {
            int n = 1 + rnd.nextInt(c % 2 == 0 ? 1200 : 46340);
            inputs.add(new long[] {n, 1 + rnd.nextInt(c % 3 == 0 ? 20000 : 1 << 24), -1});
        }
        List<String> cases = new ArrayList<>();
        for (long[] in : inputs) cases.add("splits " + hex((int) in[0]) + " " + hex(in[1]));
        List<String> answers = run(cases);
        for (int c = 0; c < inputs.size(); c++) {
            long[] in = inputs.get(c);
            int got = Integer.parseInt(answers.get(c).strip(), 16);
            if (in[2] >= 0) assertEquals(in[2], got, "N = " + in[0] + ", " + in[1] + " samples");
            // the same order on every GPU, and the one H100s and H200s (132 SMs) used before, so their runs keep their numbers
            assertEquals(splitsOnSms((int) in[0], 132, in[1]), got, "N = " + in[0] + ", " + in[1] + " samples");
        }
        assertEquals(15, splitsOnSms(256, 114, 100 * 64), "the rule by SMs gave another order on a 114-SM GPU");
    }
}
