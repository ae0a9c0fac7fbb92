package org.psrnn.engine.cpu;

import static org.psrnn.engine.cpu.VectorWidth.F;
import static org.psrnn.engine.cpu.VectorWidth.L;

import jdk.incubator.vector.FloatVector;

/**
 * Matrix products on the Vector API: register-blocked micro-kernels (4 rows x 2 vectors of
 * columns on plain B, 4 rows x 4 vectors on B packed into panels), the k loop blocked so that a
 * panel of B stays in L1. Every output entry is summed in the order of its inner index, one fused
 * multiply-add per term; vectors run along the output's columns, never along a sum.
 */
final class VectorGemm {
    /** Columns (two vectors) and rows of C per micro-kernel on plain B; K block of those kernels. */
    static final int NR = 2 * L;
    static final int MR = 4;
    static final int KC = 256;
    /** Panel width of packed B: four vectors, so every broadcast of A feeds four FMAs. */
    static final int PW = 4 * L;
    /** K block of the packed kernels: a panel slice (PKC x PW floats) stays in L1. */
    static final int PKC = 128;

    private VectorGemm() {}

    /** {@link Kernels#gemm}. */
    static void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                     int m, int n, int k, boolean accumulate) {
        int nMain = n - n % NR;
        if (!accumulate) zero(c, cOff, ldc, m, n);
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            for (int j = 0; j < nMain; j += NR) {
                int i = 0;
                for (; i + MR <= m; i += MR) {
                    kernel4(a, aOff + i * lda + k0, lda, b, bOff + k0 * ldb + j, ldb, c, cOff + i * ldc + j, ldc, kc);
                }
                for (; i < m; i++) kernel1(a, aOff + i * lda + k0, b, bOff + k0 * ldb + j, ldb, c, cOff + i * ldc + j, kc);
            }
            if (nMain < n) {
                for (int i = 0; i < m; i++) {
                    for (int j = nMain; j < n; j++) {
                        float s = c[cOff + i * ldc + j];
                        for (int p = 0; p < kc; p++) s = Math.fma(a[aOff + i * lda + k0 + p], b[bOff + (k0 + p) * ldb + j], s);
                        c[cOff + i * ldc + j] = s;
                    }
                }
            }
        }
    }

    /**
     * Sets {@code C[m x n]} to zero. The kernels always start from the C tile in memory: with
     * accumulators that start as {@code FloatVector.zero}, C2 (JDK 25) compiled them about ten
     * times slower (measured with bench/ and a harness, not understood further).
     */
    private static void zero(float[] c, int cOff, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
    }

    /** {@link Kernels#packPanels}. */
    static void packPanels(float[] b, int bOff, int rowStride, int colStride, int k, int n, float[] dst) {
        int panels = n / PW;
        for (int jp = 0; jp < panels; jp++) {
            int base = jp * k * PW;
            for (int p = 0; p < k; p++) {
                int src = bOff + p * rowStride + jp * PW * colStride;
                int d = base + p * PW;
                if (colStride == 1) {
                    System.arraycopy(b, src, dst, d, PW);
                } else {
                    for (int c = 0; c < PW; c++) dst[d + c] = b[src + c * colStride];
                }
            }
        }
    }

    /** {@link Kernels#gemmPacked}. */
    static void gemmPacked(float[] a, int aOff, int lda, float[] packed, int k, float[] c, int cOff, int ldc, int m, int n,
                           boolean accumulate) {
        int panels = n / PW;
        if (!accumulate) zero(c, cOff, ldc, m, panels * PW);
        for (int k0 = 0; k0 < k; k0 += PKC) {
            int kc = Math.min(PKC, k - k0);
            for (int jp = 0; jp < panels; jp++) {
                int bp = jp * k * PW + k0 * PW;
                int i = 0;
                for (; i + MR <= m; i += MR) packed4(a, aOff + i * lda + k0, lda, packed, bp, c, cOff + i * ldc + jp * PW, ldc, kc);
                for (; i < m; i++) packed1(a, aOff + i * lda + k0, packed, bp, c, cOff + i * ldc + jp * PW, kc);
            }
        }
    }

    /**
     * 4 rows x 4 vectors of C from a packed panel (consecutive k rows of B are PW floats apart):
     * 16 accumulators, and each broadcast of A feeds four FMAs.
     */
    static void packed4(float[] a, int ai, int lda, float[] b, int bi, float[] c, int ci, int ldc, int kc) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        c00 = FloatVector.fromArray(F, c, ci);
        c01 = FloatVector.fromArray(F, c, ci + L);
        c02 = FloatVector.fromArray(F, c, ci + 2 * L);
        c03 = FloatVector.fromArray(F, c, ci + 3 * L);
        c10 = FloatVector.fromArray(F, c, ci + ldc);
        c11 = FloatVector.fromArray(F, c, ci + ldc + L);
        c12 = FloatVector.fromArray(F, c, ci + ldc + 2 * L);
        c13 = FloatVector.fromArray(F, c, ci + ldc + 3 * L);
        c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
        c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + L);
        c22 = FloatVector.fromArray(F, c, ci + 2 * ldc + 2 * L);
        c23 = FloatVector.fromArray(F, c, ci + 2 * ldc + 3 * L);
        c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
        c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + L);
        c32 = FloatVector.fromArray(F, c, ci + 3 * ldc + 2 * L);
        c33 = FloatVector.fromArray(F, c, ci + 3 * ldc + 3 * L);
        int a0 = ai, a1 = ai + lda, a2 = ai + 2 * lda, a3 = ai + 3 * lda;
        for (int p = 0; p < kc; p++) {
            int row = bi + p * PW;
            FloatVector b0 = FloatVector.fromArray(F, b, row);
            FloatVector b1 = FloatVector.fromArray(F, b, row + L);
            FloatVector b2 = FloatVector.fromArray(F, b, row + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, row + 3 * L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c12.intoArray(c, ci + ldc + 2 * L);
        c13.intoArray(c, ci + ldc + 3 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c23.intoArray(c, ci + 2 * ldc + 3 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c32.intoArray(c, ci + 3 * ldc + 2 * L);
        c33.intoArray(c, ci + 3 * ldc + 3 * L);
    }

    /** One row of C from a packed panel. */
    static void packed1(float[] a, int ai, float[] b, int bi, float[] c, int ci, int kc) {
        FloatVector c0 = FloatVector.fromArray(F, c, ci);
        FloatVector c1 = FloatVector.fromArray(F, c, ci + L);
        FloatVector c2 = FloatVector.fromArray(F, c, ci + 2 * L);
        FloatVector c3 = FloatVector.fromArray(F, c, ci + 3 * L);
        for (int p = 0; p < kc; p++) {
            int row = bi + p * PW;
            FloatVector x = FloatVector.broadcast(F, a[ai + p]);
            c0 = x.fma(FloatVector.fromArray(F, b, row), c0);
            c1 = x.fma(FloatVector.fromArray(F, b, row + L), c1);
            c2 = x.fma(FloatVector.fromArray(F, b, row + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(F, b, row + 3 * L), c3);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
        c2.intoArray(c, ci + 2 * L);
        c3.intoArray(c, ci + 3 * L);
    }

    private static void kernel4(float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci, int ldc, int kc) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        c00 = FloatVector.fromArray(F, c, ci);
        c01 = FloatVector.fromArray(F, c, ci + L);
        c10 = FloatVector.fromArray(F, c, ci + ldc);
        c11 = FloatVector.fromArray(F, c, ci + ldc + L);
        c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
        c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + L);
        c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
        c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + L);
        int a0 = ai, a1 = ai + lda, a2 = ai + 2 * lda, a3 = ai + 3 * lda;
        for (int p = 0; p < kc; p++) {
            int row = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(F, b, row);
            FloatVector b1 = FloatVector.fromArray(F, b, row + L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    private static void kernel1(float[] a, int ai, float[] b, int bi, int ldb, float[] c, int ci, int kc) {
        FloatVector c0 = FloatVector.fromArray(F, c, ci);
        FloatVector c1 = FloatVector.fromArray(F, c, ci + L);
        for (int p = 0; p < kc; p++) {
            int row = bi + p * ldb;
            FloatVector x = FloatVector.broadcast(F, a[ai + p]);
            c0 = x.fma(FloatVector.fromArray(F, b, row), c0);
            c1 = x.fma(FloatVector.fromArray(F, b, row + L), c1);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
    }
}
