package org.psrnn.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.psrnn.model.Activation;
import org.psrnn.rng.Philox;

/**
 * The kernels on the Vector API: register-blocked GEMM micro-kernels (4 rows x 2 vectors of
 * columns, the k loop blocked so a panel of B stays in L1), the G/H pair sharing every load of
 * B, and Philox4x32-10 computed on 64-bit lanes for the recurrent noise. Transcendental functions
 * come from {@link VectorMath}, never the Vector API's own operators, so that results repeat bit
 * for bit whether a method is interpreted or compiled.
 */
final class VectorKernels implements Kernels {
    static final VectorKernels INSTANCE = new VectorKernels();

    /** The vector shape of every kernel: see {@link #shape()}. */
    private static final VectorShape SHAPE = shape();
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(SHAPE);
    private static final int L = F.length();
    /** Vectors per group of {@link ScalarKernels#LANES} logical lanes. */
    private static final int V = ScalarKernels.LANES / L;
    private static final int NR = 2 * L;
    private static final int MR = 4;
    private static final int KC = 256;
    /** Panel width of packed B: four vectors, so every broadcast of A feeds four FMAs. */
    private static final int PW = 4 * L;
    /** K block of the packed kernels: a panel slice (PKC x PW floats) stays in L1. */
    private static final int PKC = 128;

    // Philox on 64-bit lanes: each lane holds one 32-bit word.
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED.withShape(SHAPE);
    private static final int PL = LS.length();
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED.withShape(SHAPE);
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, VectorShape.forBitSize(PL * 32));
    private static final long MASK = 0xFFFFFFFFL;
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final long W0 = 0x9E3779B9L;
    private static final long W1 = 0xBB67AE85L;

    private VectorKernels() {}

    /**
     * The machine's preferred vector shape, at most 512 bits, or the one the system property
     * {@code psrnn.vector.bits} names (128, 256 or 512). The results do not depend on it (every
     * sum follows one logical order, see {@link Kernels}); the property exists so that tests can
     * prove that on any machine: a shape wider than the hardware runs, slowly, in the Vector API's
     * Java fallback.
     */
    static VectorShape shape() {
        int bits = Kernels.requestedVectorBits();
        if (bits != 0) return VectorShape.forBitSize(bits);
        VectorShape preferred = VectorShape.preferredShape();
        return preferred.vectorBitSize() > 512 ? VectorShape.S_512_BIT : preferred;
    }

    /** Whether these kernels can run here: a float vector of 4 to 16 lanes (fewer than 4 exist only where the JVM was told so). */
    static boolean usable() {
        return ScalarKernels.LANES % L == 0 && L >= 4;
    }

    @Override
    public String name() {
        return "Vector API, " + F.vectorBitSize() + "-bit (" + L + " floats)";
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
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

    @Override
    public int panelWidth() {
        return PW;
    }

    @Override
    public void packPanels(float[] b, int bOff, int rowStride, int colStride, int k, int n, float[] dst) {
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

    @Override
    public void gemmPacked(float[] a, int aOff, int lda, float[] packed, int k, float[] c, int cOff, int ldc, int m, int n,
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
    private static void packed4(float[] a, int ai, int lda, float[] b, int bi, float[] c, int ci, int ldc, int kc) {
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
    private static void packed1(float[] a, int ai, float[] b, int bi, float[] c, int ci, int kc) {
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

    /** Row block of the pair's A (G rows and H rows) packed per K block: sized for L2. */
    private static final int MC = 64;

    @Override
    public int pairScratchSize(int n) {
        return PKC * n + 2 * MC * PKC;
    }

    @Override
    public void gemmPairTransposed(float[] a1, int a1Off, float[] a2, int a2Off, float[] b, int bOff, int samples, int n,
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

    @Override
    public void gemmTransposed(float[] a, int aOff, float[] b, int bOff, int samples, int n, float[] c, int i0, int i1) {
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

    // ---------------------------------------------------------------- element-wise

    @Override
    public void integrate(float[] x, int xOff, float[] rec, int recOff, float[] inp, int inpOff, int n, float alpha) {
        float keep = 1f - alpha;
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector drive = FloatVector.fromArray(F, rec, recOff + i).add(FloatVector.fromArray(F, inp, inpOff + i));
            FloatVector.fromArray(F, x, xOff + i).mul(keep).add(drive.mul(alpha)).intoArray(x, xOff + i);
        }
        for (; i < n; i++) x[xOff + i] = keep * x[xOff + i] + alpha * (rec[recOff + i] + inp[inpOff + i]);
    }

    @Override
    public void addNoise(float[] x, int xOff, int n, float scale, int key0, int key1, int b, int k, int tag, double[] scratch) {
        // Three passes over the row, each a small loop the JIT compiles whole (one big loop body
        // was too large to inline, and its vector operations fell back to slow Java code):
        // the Philox words as u1, u2; then sqrt(-2 ln u1); then the cosine and the sum into x.
        int main = n - n % PL;
        philoxUniforms(scratch, main, key0, key1, b, k, tag);
        radii(scratch, main);
        addCosines(x, xOff, scratch, main, scale);
        for (int i = main; i < n; i++) x[xOff + i] += scale * ScalarKernels.noise(i, b, k, tag, key0, key1);
    }

    /** {@code u1 = (o0 + 1) 2^-32} into {@code s[i]} and {@code u2 = o1 2^-32} into {@code s[n + i]} for counters {@code (i, b, k, tag)}. */
    private static void philoxUniforms(double[] s, int n, int key0, int key1, int b, int k, int tag) {
        LongVector iota = LongVector.zero(LS).addIndex(1);
        LongVector c1Init = LongVector.broadcast(LS, b & MASK);
        LongVector c2Init = LongVector.broadcast(LS, k & MASK);
        LongVector c3Init = LongVector.broadcast(LS, tag & MASK);
        LongVector m0 = LongVector.broadcast(LS, M0), m1 = LongVector.broadcast(LS, M1);
        for (int i = 0; i < n; i += PL) {
            LongVector c0 = iota.add(i), c1 = c1Init, c2 = c2Init, c3 = c3Init;
            long k0 = key0 & MASK, k1 = key1 & MASK;
            for (int round = 0; round < Philox.ROUNDS; round++) {
                if (round > 0) {
                    k0 = (k0 + W0) & MASK;
                    k1 = (k1 + W1) & MASK;
                }
                LongVector p0 = c0.mul(m0);
                LongVector p1 = c2.mul(m1);
                LongVector n0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1).lanewise(VectorOperators.XOR, k0);
                LongVector n2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3).lanewise(VectorOperators.XOR, k1);
                c1 = p1.and(MASK);
                c3 = p0.and(MASK);
                c0 = n0;
                c2 = n2;
            }
            VectorMath.exactDouble(c0).add(1.0).mul(0x1p-32).intoArray(s, i);
            VectorMath.exactDouble(c1).mul(0x1p-32).intoArray(s, n + i);
        }
    }

    /** {@code s[i] = sqrt(-2 ln s[i])}. */
    private static void radii(double[] s, int n) {
        for (int i = 0; i < n; i += PL) {
            VectorMath.log(DoubleVector.fromArray(DS, s, i)).mul(-2.0).lanewise(VectorOperators.SQRT).intoArray(s, i);
        }
    }

    /** {@code x[i] += scale * s[i] * cos(2 pi s[n + i])}, in two passes. */
    private static void addCosines(float[] x, int xOff, double[] s, int n, float scale) {
        for (int i = 0; i < n; i += PL) VectorMath.cos2pi(DoubleVector.fromArray(DS, s, n + i)).intoArray(s, n + i);
        for (int i = 0; i < n; i += PL) {
            DoubleVector z = DoubleVector.fromArray(DS, s, i).mul(DoubleVector.fromArray(DS, s, n + i));
            FloatVector zf = (FloatVector) z.convertShape(VectorOperators.D2F, FH, 0);
            FloatVector.fromArray(FH, x, xOff + i).add(zf.mul(scale)).intoArray(x, xOff + i);
        }
    }

    @Override
    public void activate(Activation phi, float[] x, int xOff, float[] r, int rOff, int n) {
        // One small method per activation: each is compiled with its own profile, so a run that
        // changes activation never lands in a method whose other branches were never seen.
        int i = switch (phi) {
            case RELU -> relu(x, xOff, r, rOff, n);
            case TANH -> tanh(x, xOff, r, rOff, n);
            case SOFTPLUS -> softplus(x, xOff, r, rOff, n);
            case RETANH -> retanh(x, xOff, r, rOff, n);
        };
        for (; i < n; i++) r[rOff + i] = ScalarKernels.rate(phi, x[xOff + i]);
    }

    private static int relu(float[] x, int xOff, float[] r, int rOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) FloatVector.fromArray(F, x, xOff + i).max(0f).intoArray(r, rOff + i);
        return i;
    }

    private static int tanh(float[] x, int xOff, float[] r, int rOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            VectorMath.tanh(FloatVector.fromArray(F, x, xOff + i)).intoArray(r, rOff + i);
        }
        return i;
    }

    /** softplus in two passes (one loop body with exp and log1p is too large for the JIT to compile whole). */
    private static int softplus(float[] x, int xOff, float[] r, int rOff, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += L) {
            VectorMath.exp(FloatVector.fromArray(F, x, xOff + i).abs().neg()).intoArray(r, rOff + i);
        }
        for (int i = 0; i < end; i += L) {
            FloatVector.fromArray(F, x, xOff + i).max(0f).add(VectorMath.log1p(FloatVector.fromArray(F, r, rOff + i))).intoArray(r, rOff + i);
        }
        return end;
    }

    private static int retanh(float[] x, int xOff, float[] r, int rOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            VectorMath.tanh(FloatVector.fromArray(F, x, xOff + i).max(0f)).intoArray(r, rOff + i);
        }
        return i;
    }

    @Override
    public void activationGrad(Activation phi, float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak,
                               float alpha, float[] scaled, int scaledOff, int n) {
        int i = switch (phi) {
            case RELU -> reluGrad(r, rOff, dr, drOff, dx, dxOff, leak, alpha, scaled, scaledOff, n);
            case TANH -> tanhGrad(r, rOff, dr, drOff, dx, dxOff, leak, alpha, scaled, scaledOff, n, false);
            case SOFTPLUS -> softplusGrad(r, rOff, dr, drOff, dx, dxOff, leak, alpha, scaled, scaledOff, n);
            case RETANH -> tanhGrad(r, rOff, dr, drOff, dx, dxOff, leak, alpha, scaled, scaledOff, n, true);
        };
        for (; i < n; i++) {
            float d = Math.fma(dx[dxOff + i], leak, ScalarKernels.rateGrad(phi, r[rOff + i], dr[drOff + i]));
            dx[dxOff + i] = d;
            scaled[scaledOff + i] = alpha * d;
        }
    }

    /** relu: {@code phi' = 1} where {@code r > 0}. */
    private static int reluGrad(float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak, float alpha,
                                float[] scaled, int scaledOff, int n) {
        int i = 0;
        FloatVector leakV = FloatVector.broadcast(F, leak);
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector rv = FloatVector.fromArray(F, r, rOff + i);
            FloatVector d = FloatVector.fromArray(F, dr, drOff + i).blend(0f, rv.compare(VectorOperators.LE, 0f));
            FloatVector out = FloatVector.fromArray(F, dx, dxOff + i).fma(leakV, d);
            out.intoArray(dx, dxOff + i);
            out.mul(alpha).intoArray(scaled, scaledOff + i);
        }
        return i;
    }

    /** tanh: {@code phi' = 1 - r^2}; retanh the same where {@code r > 0} and 0 elsewhere. */
    private static int tanhGrad(float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak, float alpha,
                                float[] scaled, int scaledOff, int n, boolean rectified) {
        int i = 0;
        FloatVector leakV = FloatVector.broadcast(F, leak);
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector rv = FloatVector.fromArray(F, r, rOff + i);
            FloatVector d = FloatVector.fromArray(F, dr, drOff + i).mul(rv.mul(rv).neg().add(1f));
            if (rectified) d = d.blend(0f, rv.compare(VectorOperators.LE, 0f));
            FloatVector out = FloatVector.fromArray(F, dx, dxOff + i).fma(leakV, d);
            out.intoArray(dx, dxOff + i);
            out.mul(alpha).intoArray(scaled, scaledOff + i);
        }
        return i;
    }

    /** softplus: {@code phi' = sigmoid(x) = 1 - e^-r}. */
    private static int softplusGrad(float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak, float alpha,
                                    float[] scaled, int scaledOff, int n) {
        int end = F.loopBound(n);
        FloatVector leakV = FloatVector.broadcast(F, leak);
        // Two passes: phi' = -expm1(-r) first, into the output row as scratch.
        for (int i = 0; i < end; i += L) {
            VectorMath.expm1(FloatVector.fromArray(F, r, rOff + i).neg()).neg().intoArray(scaled, scaledOff + i);
        }
        for (int i = 0; i < end; i += L) {
            FloatVector d = FloatVector.fromArray(F, dr, drOff + i).mul(FloatVector.fromArray(F, scaled, scaledOff + i));
            FloatVector out = FloatVector.fromArray(F, dx, dxOff + i).fma(leakV, d);
            out.intoArray(dx, dxOff + i);
            out.mul(alpha).intoArray(scaled, scaledOff + i);
        }
        return end;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        // ScalarKernels.LANES logical lanes as V vectors (the branches on V fold away when compiled).
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int main = n - n % ScalarKernels.LANES;
        for (int i = 0; i < main; i += ScalarKernels.LANES) {
            int x = aOff + i, y = bOff + i;
            s0 = FloatVector.fromArray(F, a, x).fma(FloatVector.fromArray(F, b, y), s0);
            if (V > 1) s1 = FloatVector.fromArray(F, a, x + L).fma(FloatVector.fromArray(F, b, y + L), s1);
            if (V > 2) {
                s2 = FloatVector.fromArray(F, a, x + 2 * L).fma(FloatVector.fromArray(F, b, y + 2 * L), s2);
                s3 = FloatVector.fromArray(F, a, x + 3 * L).fma(FloatVector.fromArray(F, b, y + 3 * L), s3);
            }
        }
        float s = sumLanes(s0, s1, s2, s3);
        for (int i = main; i < n; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
    }

    /**
     * The sixteen logical lanes of {@code s0..s3} (lane l of vector v is logical lane {@code v L + l})
     * added in the tree of {@link ScalarKernels#dot}: lane l + lane l + 8, then + 4, + 2, + 1. Never
     * {@code reduceLanes}, whose order the Vector API leaves open.
     */
    private static float sumLanes(FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3) {
        float u0, u1, u2, u3, u4, u5, u6, u7;                             // lane l + lane l + 8
        if (V == 4) {
            FloatVector lo = s0.add(s2), hi = s1.add(s3);
            u0 = lo.lane(0); u1 = lo.lane(1); u2 = lo.lane(2); u3 = lo.lane(3);
            u4 = hi.lane(0); u5 = hi.lane(1); u6 = hi.lane(2); u7 = hi.lane(3);
        } else {
            FloatVector u = V == 2 ? s0.add(s1) : s0.add(s0.slice(8));
            u0 = u.lane(0); u1 = u.lane(1); u2 = u.lane(2); u3 = u.lane(3);
            u4 = u.lane(4); u5 = u.lane(5); u6 = u.lane(6); u7 = u.lane(7);
        }
        float t0 = u0 + u4, t1 = u1 + u5, t2 = u2 + u6, t3 = u3 + u7;
        return (t0 + t2) + (t1 + t3);
    }

    @Override
    public void addSquares(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.fma(v, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], x[xOff + i], y[yOff + i]);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(F, alpha);
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(F, x, xOff + i).fma(a, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
    }
}
