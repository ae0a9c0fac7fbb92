package org.psrnn.engine.cpu;

import org.psrnn.model.Activation;

/**
 * The kernels on the Vector API, at the one width {@link VectorWidth} picks: matrix products in
 * {@link VectorGemm} and {@link VectorGemmTransposed} (register-blocked micro-kernels, the G/H
 * pair sharing every load of B), the dot product in {@link VectorDot}, element-wise loops in
 * {@link VectorElementwise}, and Philox4x32-10 on 64-bit lanes for the recurrent noise in
 * {@link VectorNoise}. Transcendental functions come from {@link VectorMath}, never the Vector
 * API's own operators, so that results repeat bit for bit whether a method is interpreted or
 * compiled. This class only binds those static kernels to {@link Kernels}.
 */
final class VectorKernels implements Kernels {
    static final VectorKernels INSTANCE = new VectorKernels();

    private VectorKernels() {}

    /** Whether these kernels can run here: a float vector of 4 to 16 lanes (fewer than 4 exist only where the JVM was told so). */
    static boolean usable() {
        return ScalarKernels.LANES % VectorWidth.L == 0 && VectorWidth.L >= 4;
    }

    @Override
    public String name() {
        return "Vector API, " + VectorWidth.F.vectorBitSize() + "-bit (" + VectorWidth.L + " floats)";
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                     int m, int n, int k, boolean accumulate) {
        VectorGemm.gemm(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate);
    }

    @Override
    public int panelWidth() {
        return VectorGemm.PW;
    }

    @Override
    public void packPanels(float[] b, int bOff, int rowStride, int colStride, int k, int n, float[] dst) {
        VectorGemm.packPanels(b, bOff, rowStride, colStride, k, n, dst);
    }

    @Override
    public void gemmPacked(float[] a, int aOff, int lda, float[] packed, int k, float[] c, int cOff, int ldc, int m, int n,
                           boolean accumulate) {
        VectorGemm.gemmPacked(a, aOff, lda, packed, k, c, cOff, ldc, m, n, accumulate);
    }

    @Override
    public int pairScratchSize(int n) {
        return VectorGemmTransposed.pairScratchSize(n);
    }

    @Override
    public void gemmPairTransposed(float[] a1, int a1Off, float[] a2, int a2Off, float[] b, int bOff, int samples, int n,
                                   float[] g, float[] h, int i0, int i1, float[] scratch) {
        VectorGemmTransposed.gemmPairTransposed(a1, a1Off, a2, a2Off, b, bOff, samples, n, g, h, i0, i1, scratch);
    }

    @Override
    public void gemmTransposed(float[] a, int aOff, float[] b, int bOff, int samples, int n, float[] c, int i0, int i1) {
        VectorGemmTransposed.gemmTransposed(a, aOff, b, bOff, samples, n, c, i0, i1);
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void integrate(float[] x, int xOff, float[] rec, int recOff, float[] inp, int inpOff, int n, float alpha) {
        VectorElementwise.integrate(x, xOff, rec, recOff, inp, inpOff, n, alpha);
    }

    @Override
    public void addNoise(float[] x, int xOff, int n, float scale, int key0, int key1, int b, int k, int tag, double[] scratch) {
        VectorNoise.addNoise(x, xOff, n, scale, key0, key1, b, k, tag, scratch);
    }

    @Override
    public void activate(Activation phi, float[] x, int xOff, float[] r, int rOff, int n) {
        VectorElementwise.activate(phi, x, xOff, r, rOff, n);
    }

    @Override
    public void activationGrad(Activation phi, float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak,
                               float alpha, float[] scaled, int scaledOff, int n) {
        VectorElementwise.activationGrad(phi, r, rOff, dr, drOff, dx, dxOff, leak, alpha, scaled, scaledOff, n);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return VectorDot.dot(a, aOff, b, bOff, n);
    }

    @Override
    public void addSquares(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorElementwise.addSquares(x, xOff, y, yOff, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        VectorElementwise.axpy(alpha, x, xOff, y, yOff, n);
    }
}
