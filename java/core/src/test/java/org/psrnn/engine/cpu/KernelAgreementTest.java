package org.psrnn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.psrnn.model.Activation;

/**
 * The two kernel sets give the same bits on every kernel, at sizes that end inside a vector, a
 * panel and a group of logical lanes ({@link Kernels}: one logical order). This JVM's vector width
 * only; {@link WidthInvarianceTest} runs the engine at every width.
 */
class KernelAgreementTest {
    private static final Kernels V = VectorKernels.INSTANCE, S = ScalarKernels.INSTANCE;
    private static final int[] SIZES = {1, 3, 4, 7, 8, 15, 16, 17, 31, 33, 64, 65, 100, 129};
    private final SplittableRandom random = new SplittableRandom(42);

    private float[] random(int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (random.nextDouble() * 2 - 1);
        return a;
    }

    private static void assertSameBits(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + actual[i] + " in the Vector API kernels ("
                        + V.name() + "), " + expected[i] + " in the plain loops");
            }
        }
    }

    @Test
    void matrixProducts() {
        for (int m : new int[] {1, 3, 4, 6}) {
            for (int n : SIZES) {
                for (int k : new int[] {1, 5, 130, 300}) {
                    float[] a = random(m * k), b = random(k * n), c0 = random(m * n);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        float[] cv = c0.clone(), cs = c0.clone();
                        V.gemm(a, 0, k, b, 0, n, cv, 0, n, m, n, k, accumulate);
                        S.gemm(a, 0, k, b, 0, n, cs, 0, n, m, n, k, accumulate);
                        assertSameBits("gemm " + m + "x" + n + "x" + k, cs, cv);
                    }
                    // The engine's product: packed panels, then the plain product on the columns past them.
                    float[] pv = new float[k * n], cv = new float[m * n], cs = new float[m * n];
                    int panels = n - n % V.panelWidth();
                    V.packPanels(b, 0, n, 1, k, n, pv);
                    V.gemmPacked(a, 0, k, pv, k, cv, 0, n, m, panels, false);
                    if (panels < n) V.gemm(a, 0, k, b, panels, n, cv, panels, n, m, n - panels, k, false);
                    S.gemm(a, 0, k, b, 0, n, cs, 0, n, m, n, k, false);
                    assertSameBits("packed product " + m + "x" + n + "x" + k, cs, cv);
                }
            }
        }
    }

    @Test
    void gradientAndHebbianPair() {
        for (int n : SIZES) {
            for (int samples : new int[] {1, 7, 128, 300}) {
                float[] a1 = random(samples * n), a2 = random(samples * n), b = random(samples * n);
                float[] gv = random(n * n), hv = random(n * n), gs = gv.clone(), hs = hv.clone();
                int i0 = n / 3, i1 = n;
                V.gemmPairTransposed(a1, 0, a2, 0, b, 0, samples, n, gv, hv, i0, i1, new float[V.pairScratchSize(n)]);
                S.gemmPairTransposed(a1, 0, a2, 0, b, 0, samples, n, gs, hs, i0, i1, new float[S.pairScratchSize(n)]);
                assertSameBits("G, n " + n + ", samples " + samples, gs, gv);
                assertSameBits("H, n " + n + ", samples " + samples, hs, hv);
                float[] cv = random(n * n), cs = cv.clone();
                V.gemmTransposed(a1, 0, b, 0, samples, n, cv, i0, i1);
                S.gemmTransposed(a1, 0, b, 0, samples, n, cs, i0, i1);
                assertSameBits("G alone, n " + n + ", samples " + samples, cs, cv);
            }
        }
    }

    @Test
    void dotProductsAndVectorUpdates() {
        for (int n : SIZES) {
            float[] a = random(n + 3), b = random(n + 5);
            assertEquals(Float.floatToRawIntBits(S.dot(a, 3, b, 5, n)), Float.floatToRawIntBits(V.dot(a, 3, b, 5, n)), "dot, n " + n);
            float[] yv = random(n + 2), ys = yv.clone();
            V.axpy(0.37f, a, 1, yv, 2, n);
            S.axpy(0.37f, a, 1, ys, 2, n);
            assertSameBits("axpy, n " + n, ys, yv);
            V.addSquares(a, 0, yv, 1, n);
            S.addSquares(a, 0, ys, 1, n);
            assertSameBits("addSquares, n " + n, ys, yv);
            float[] xv = random(n), xs = xv.clone();
            V.integrate(xv, 0, a, 0, b, 1, n, 0.2f);
            S.integrate(xs, 0, a, 0, b, 1, n, 0.2f);
            assertSameBits("integrate, n " + n, xs, xv);
            V.addNoise(xv, 0, n, 0.3f, 12345, 678, 5, 17, 0x300, new double[2 * n]);
            S.addNoise(xs, 0, n, 0.3f, 12345, 678, 5, 17, 0x300, new double[2 * n]);
            assertSameBits("addNoise, n " + n, xs, xv);
        }
    }

    @Test
    void activationsAndTheirGradients() {
        for (Activation phi : Activation.values()) {
            for (int n : SIZES) {
                float[] x = random(n);
                for (int i = 0; i < n; i++) x[i] *= 6;                       // past tanh's linear range
                if (n > 2) x[1] = 0f;
                float[] rv = new float[n], rs = new float[n];
                V.activate(phi, x, 0, rv, 0, n);
                S.activate(phi, x, 0, rs, 0, n);
                assertSameBits(phi + ", n " + n, rs, rv);
                float[] dr = random(n), dxv = random(n), dxs = dxv.clone(), sv = new float[n], ss = new float[n];
                V.activationGrad(phi, rs, 0, dr, 0, dxv, 0, 0.8f, 0.2f, sv, 0, n);
                S.activationGrad(phi, rs, 0, dr, 0, dxs, 0, 0.8f, 0.2f, ss, 0, n);
                assertSameBits(phi + " gradient, n " + n, dxs, dxv);
                assertSameBits(phi + " scaled gradient, n " + n, ss, sv);
            }
        }
    }
}
