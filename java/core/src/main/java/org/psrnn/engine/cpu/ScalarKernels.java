package org.psrnn.engine.cpu;

import org.psrnn.model.Activation;
import org.psrnn.rng.Philox;

/**
 * The kernels as plain loops: the fallback where the Vector API is absent, and a second opinion in
 * tests. Every loop follows the logical order of {@link VectorKernels} and fuses exactly the
 * multiply-adds it fuses, so the two kernel sets give the same bits (see {@link Kernels}).
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar loops";
    }

    @Override
    public void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                     int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * lda + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(av, b[bp + j], c[ci + j]); // the JIT vectorises this axpy
            }
        }
    }

    @Override
    public int panelWidth() {
        return 1;
    }

    @Override
    public void packPanels(float[] b, int bOff, int rowStride, int colStride, int k, int n, float[] dst) {
        for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) dst[p * n + j] = b[bOff + p * rowStride + j * colStride];
    }

    @Override
    public void gemmPacked(float[] a, int aOff, int lda, float[] packed, int k, float[] c, int cOff, int ldc, int m, int n,
                           boolean accumulate) {
        gemm(a, aOff, lda, packed, 0, n, c, cOff, ldc, m, n, k, accumulate); // "panels" of width 1: plain row-major
    }

    @Override
    public int pairScratchSize(int n) {
        return 0;
    }

    @Override
    public void gemmPairTransposed(float[] a1, int a1Off, float[] a2, int a2Off, float[] b, int bOff, int samples, int n,
                                   float[] g, float[] h, int i0, int i1, float[] scratch) {
        for (int s = 0; s < samples; s++) {
            int row = s * n;
            for (int i = i0; i < i1; i++) {
                float x1 = a1[a1Off + row + i];
                float x2 = a2[a2Off + row + i];
                int gi = i * n;
                for (int j = 0; j < n; j++) {
                    float bj = b[bOff + row + j];
                    g[gi + j] = Math.fma(x1, bj, g[gi + j]);
                    h[gi + j] = Math.fma(x2, bj, h[gi + j]);
                }
            }
        }
    }

    @Override
    public void gemmTransposed(float[] a, int aOff, float[] b, int bOff, int samples, int n, float[] c, int i0, int i1) {
        for (int s = 0; s < samples; s++) {
            int row = s * n;
            for (int i = i0; i < i1; i++) {
                float x = a[aOff + row + i];
                int ci = i * n;
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(x, b[bOff + row + j], c[ci + j]);
            }
        }
    }

    @Override
    public void integrate(float[] x, int xOff, float[] rec, int recOff, float[] inp, int inpOff, int n, float alpha) {
        float keep = 1f - alpha;
        for (int i = 0; i < n; i++) x[xOff + i] = keep * x[xOff + i] + alpha * (rec[recOff + i] + inp[inpOff + i]);
    }

    @Override
    public void addNoise(float[] x, int xOff, int n, float scale, int key0, int key1, int b, int k, int tag, double[] scratch) {
        for (int i = 0; i < n; i++) x[xOff + i] += scale * noise(i, b, k, tag, key0, key1);
    }

    /** The Philox normal of counter {@code (i, b, k, tag)} in float32, as the vector kernels compute it. */
    static float noise(int i, int b, int k, int tag, int key0, int key1) {
        long words = Philox.firstTwoWords(i, b, k, tag, key0, key1);
        return (float) ScalarMath.normal(words & 0xFFFFFFFFL, words >>> 32);
    }

    @Override
    public void activate(Activation phi, float[] x, int xOff, float[] r, int rOff, int n) {
        for (int i = 0; i < n; i++) r[rOff + i] = rate(phi, x[xOff + i]);
    }

    /** {@code phi(x)} in float32 from {@link ScalarMath}, as the vector kernels compute it. */
    static float rate(Activation phi, float x) {
        return switch (phi) {
            case RELU -> Math.max(x, 0f);
            case TANH -> ScalarMath.tanh(x);
            case SOFTPLUS -> ScalarMath.softplus(x);
            case RETANH -> ScalarMath.tanh(Math.max(x, 0f));
        };
    }

    @Override
    public void activationGrad(Activation phi, float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak,
                               float alpha, float[] scaled, int scaledOff, int n) {
        for (int i = 0; i < n; i++) {
            float d = Math.fma(dx[dxOff + i], leak, rateGrad(phi, r[rOff + i], dr[drOff + i]));
            dx[dxOff + i] = d;
            scaled[scaledOff + i] = alpha * d;
        }
    }

    /**
     * {@code dr * phi'(x)} with {@code phi'} computed from the rate {@code r = phi(x)}: relu {@code r > 0},
     * tanh {@code 1 - r^2}, softplus {@code 1 - e^-r}, retanh both; zero (not {@code dr * 0}) where
     * a rectified rate is not positive.
     */
    static float rateGrad(Activation phi, float r, float dr) {
        return switch (phi) {
            case RELU -> r <= 0f ? 0f : dr;
            case TANH -> dr * (1f - r * r);
            case SOFTPLUS -> dr * -ScalarMath.expm1(-r);
            case RETANH -> r <= 0f ? 0f : dr * (1f - r * r);
        };
    }

    /** Logical lanes of every horizontal sum (the widest x86 vector, 512 bits), in both kernel sets. */
    static final int LANES = 16;

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        // Sixteen accumulators, lane l taking the elements l mod 16, summed by the tree of sumLanes;
        // then the elements past the last whole group, in order.
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        float s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
        int main = n - n % LANES;
        for (int i = 0; i < main; i += LANES) {
            int x = aOff + i, y = bOff + i;
            s0 = Math.fma(a[x], b[y], s0);
            s1 = Math.fma(a[x + 1], b[y + 1], s1);
            s2 = Math.fma(a[x + 2], b[y + 2], s2);
            s3 = Math.fma(a[x + 3], b[y + 3], s3);
            s4 = Math.fma(a[x + 4], b[y + 4], s4);
            s5 = Math.fma(a[x + 5], b[y + 5], s5);
            s6 = Math.fma(a[x + 6], b[y + 6], s6);
            s7 = Math.fma(a[x + 7], b[y + 7], s7);
            s8 = Math.fma(a[x + 8], b[y + 8], s8);
            s9 = Math.fma(a[x + 9], b[y + 9], s9);
            s10 = Math.fma(a[x + 10], b[y + 10], s10);
            s11 = Math.fma(a[x + 11], b[y + 11], s11);
            s12 = Math.fma(a[x + 12], b[y + 12], s12);
            s13 = Math.fma(a[x + 13], b[y + 13], s13);
            s14 = Math.fma(a[x + 14], b[y + 14], s14);
            s15 = Math.fma(a[x + 15], b[y + 15], s15);
        }
        // The tree: lane l + lane l + 8, then + 4, + 2, + 1.
        float t0 = (s0 + s8) + (s4 + s12), t1 = (s1 + s9) + (s5 + s13);
        float t2 = (s2 + s10) + (s6 + s14), t3 = (s3 + s11) + (s7 + s15);
        float s = (t0 + t2) + (t1 + t3);
        for (int i = main; i < n; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
    }

    @Override
    public void addSquares(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], x[xOff + i], y[yOff + i]);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
    }
}
