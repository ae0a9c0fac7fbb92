package org.psrnn.engine.cpu;

import static org.psrnn.engine.cpu.VectorGemm.KC;
import static org.psrnn.engine.cpu.VectorGemm.MR;
import static org.psrnn.engine.cpu.VectorGemm.NR;
import static org.psrnn.engine.cpu.VectorGemm.PKC;
import static org.psrnn.engine.cpu.VectorGemm.PW;
import static org.psrnn.engine.cpu.VectorGemm.packPanels;
import static org.psrnn.engine.cpu.VectorGemm.packed1;
import static org.psrnn.engine.cpu.VectorGemm.packed4;
import static org.psrnn.engine.cpu.VectorWidth.F;
import static org.psrnn.engine.cpu.VectorWidth.L;

import jdk.incubator.vector.FloatVector;

/**
 * Products summed over samples, {@code C[i][j] = sum_s A[s][i] B[s][j]}, on the Vector API: the
 * G/H pair, which packs each block of B once and shares every load of it between both products
 * on {@link VectorGemm}'s packed micro-kernels, and the single product when H is not needed.
 */
final class VectorGemmTransposed {
    /** Row block of the pair's A (G rows and H rows) packed per K block: sized for L2. */
    private static final int MC = 64;

    private VectorGemmTransposed() {}

    /** {@link Kernels#pairScratchSize}. */
    static int pairScratchSize(int n) {
        return PKC * n + 2 * MC * PKC;
    }

    /** {@link Kernels#gemmPairTransposed}. */
    static void gemmPairTransposed(float[] a1, int a1Off, float[] a2, int a2Off, float[] b, int bOff, int samples, int n,
                                   float[] g, float[] h, int i0, int i1, float[] scratch) {
        int nMain = n - n % PW;
        int a1Pack = PKC * n, a2Pack = a1Pack + MC * PKC;
        for (int s0 = 0; s0 < samples; s0 += PKC) {
            int ks = Math.min(PKC, samples - s0);
            int base = s0 * n;
            // One pass over the stored activations: each block of samples is read once, B packed
            // into panels and A1, A2 transposed (rows of G and H along the samples), then both
            // products run on the same packed B.
            packPanels(b, bOff + base, n, 1, ks, n, scratch);
            for (int ic = i0; ic < i1; ic += MC) {
                int rows = Math.min(MC, i1 - ic);
                for (int p = 0; p < ks; p++) {
                    int src = base + p * n + ic;
                    for (int r = 0; r < rows; r++) {
                        scratch[a1Pack + r * ks + p] = a1[a1Off + src + r];
                        scratch[a2Pack + r * ks + p] = a2[a2Off + src + r];
                    }
                }
                for (int jp = 0; jp < nMain / PW; jp++) {
                    int bp = jp * ks * PW, j = jp * PW;
                    int r = 0;
                    for (; r + MR <= rows; r += MR) {
                        packed4(scratch, a1Pack + r * ks, ks, scratch, bp, g, (ic + r) * n + j, n, ks);
                        packed4(scratch, a2Pack + r * ks, ks, scratch, bp, h, (ic + r) * n + j, n, ks);
                    }
                    for (; r < rows; r++) {
                        packed1(scratch, a1Pack + r * ks, scratch, bp, g, (ic + r) * n + j, ks);
                        packed1(scratch, a2Pack + r * ks, scratch, bp, h, (ic + r) * n + j, ks);
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                for (int j = nMain; j < n; j++) {
                    float sg = g[i * n + j], sh = h[i * n + j];
                    for (int p = 0; p < ks; p++) {
                        int row = base + p * n;
                        float bj = b[bOff + row + j];
                        sg = Math.fma(a1[a1Off + row + i], bj, sg);
                        sh = Math.fma(a2[a2Off + row + i], bj, sh);
                    }
                    g[i * n + j] = sg;
                    h[i * n + j] = sh;
                }
            }
        }
    }

    /** {@link Kernels#gemmTransposed}. */
    static void gemmTransposed(float[] a, int aOff, float[] b, int bOff, int samples, int n, float[] c, int i0, int i1) {
        int nMain = n - n % NR;
        for (int s0 = 0; s0 < samples; s0 += KC) {
            int ks = Math.min(KC, samples - s0);
            int base = s0 * n;
            for (int j = 0; j < nMain; j += NR) {
                int i = i0;
                for (; i + MR <= i1; i += MR) single4(a, aOff + base + i, b, bOff + base + j, n, c, i * n + j, ks);
                for (; i < i1; i++) {
                    int ci = i * n + j;
                    FloatVector c0 = FloatVector.fromArray(F, c, ci), c1 = FloatVector.fromArray(F, c, ci + L);
                    for (int p = 0; p < ks; p++) {
                        int row = base + p * n;
                        FloatVector x = FloatVector.broadcast(F, a[aOff + row + i]);
                        c0 = x.fma(FloatVector.fromArray(F, b, bOff + row + j), c0);
                        c1 = x.fma(FloatVector.fromArray(F, b, bOff + row + j + L), c1);
                    }
                    c0.intoArray(c, ci);
                    c1.intoArray(c, ci + L);
                }
            }
            for (int i = i0; i < i1; i++) {
                for (int j = nMain; j < n; j++) {
                    float sum = c[i * n + j];
                    for (int p = 0; p < ks; p++) sum = Math.fma(a[aOff + base + p * n + i], b[bOff + base + p * n + j], sum);
                    c[i * n + j] = sum;
                }
            }
        }
    }

    /** Four rows of C, two vectors of columns, over ks samples; adds into c. */
    private static void single4(float[] a, int ai, float[] b, int bi, int n, float[] c, int ci, int ks) {
        FloatVector c00 = FloatVector.fromArray(F, c, ci), c01 = FloatVector.fromArray(F, c, ci + L);
        FloatVector c10 = FloatVector.fromArray(F, c, ci + n), c11 = FloatVector.fromArray(F, c, ci + n + L);
        FloatVector c20 = FloatVector.fromArray(F, c, ci + 2 * n), c21 = FloatVector.fromArray(F, c, ci + 2 * n + L);
        FloatVector c30 = FloatVector.fromArray(F, c, ci + 3 * n), c31 = FloatVector.fromArray(F, c, ci + 3 * n + L);
        for (int p = 0; p < ks; p++) {
            int row = p * n;
            FloatVector b0 = FloatVector.fromArray(F, b, bi + row);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + row + L);
            int x = ai + row;
            FloatVector v = FloatVector.broadcast(F, a[x]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(F, a[x + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(F, a[x + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(F, a[x + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + n);
        c11.intoArray(c, ci + n + L);
        c20.intoArray(c, ci + 2 * n);
        c21.intoArray(c, ci + 2 * n + L);
        c30.intoArray(c, ci + 3 * n);
        c31.intoArray(c, ci + 3 * n + L);
    }
}
