package org.psrnn.engine.cpu;

import org.psrnn.model.Activation;
import org.psrnn.rng.Philox;

/** The kernels as plain loops: the fallback where the Vector API is absent, and a second opinion in tests. */
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
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j]; // the JIT vectorises this axpy
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
                    g[gi + j] += x1 * bj;
                    h[gi + j] += x2 * bj;
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
                for (int j = 0; j < n; j++) c[ci + j] += x * b[bOff + row + j];
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
        for (int i = 0; i < n; i++) x[xOff + i] += scale * (float) Philox.normal(i, b, k, tag, key0, key1);
    }

    @Override
    public void activate(Activation phi, float[] x, int xOff, float[] r, int rOff, int n) {
        for (int i = 0; i < n; i++) r[rOff + i] = (float) phi.apply(x[xOff + i]);
    }

    @Override
    public void activationGrad(Activation phi, float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak,
                               float alpha, float[] scaled, int scaledOff, int n) {
        for (int i = 0; i < n; i++) {
            float d = dr[drOff + i] * derivativeFromRate(phi, r[rOff + i]) + leak * dx[dxOff + i];
            dx[dxOff + i] = d;
            scaled[scaledOff + i] = alpha * d;
        }
    }

    /** {@code phi'(x)} from {@code r = phi(x)}: relu {@code r > 0}, tanh {@code 1 - r^2}, softplus {@code 1 - e^-r}, retanh both. */
    static float derivativeFromRate(Activation phi, float r) {
        return switch (phi) {
            case RELU -> r > 0 ? 1f : 0f;
            case TANH -> 1f - r * r;
            case SOFTPLUS -> (float) -Math.expm1(-r);
            case RETANH -> r > 0 ? 1f - r * r : 0f;
        };
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    @Override
    public void addSquares(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i] * x[xOff + i];
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }
}
