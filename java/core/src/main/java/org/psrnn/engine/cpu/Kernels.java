package org.psrnn.engine.cpu;

import org.psrnn.InvalidInputException;
import org.psrnn.model.Activation;

/**
 * The inner loops of the cpu engine, in float32. Two implementations: {@link VectorKernels}
 * (the Vector API, register-blocked) and {@link ScalarKernels} (plain loops the JIT may
 * auto-vectorise). {@link #best()} is the one switch point between them.
 *
 * <p>Same seed, same numbers, on every machine: both sets compute every result in one logical
 * order that depends neither on the hardware's vector width nor on anything else, so they give
 * the same bits on any x86-64 CPU, at 128, 256 or 512 bits, and as plain loops.
 * <ul>
 * <li>A matrix product sums each output entry in the order of its inner index, one fused
 *     multiply-add per term (vectors run along the output's columns, never along a sum);</li>
 * <li>a dot product keeps {@link ScalarKernels#LANES} logical lanes (lane l takes the terms l mod
 *     16, one fused multiply-add each), whatever the vectors realise them as (1 x 512, 2 x 256 or
 *     4 x 128 bits), adds them in one fixed tree, then the last terms in order;</li>
 * <li>element-wise work fuses exactly where both sets fuse, and the functions (exp, tanh, the
 *     Philox normal's log and cos) are the same polynomials ({@link VectorMath},
 *     {@link ScalarMath}) in both, also for the elements past a row's last whole vector.</li>
 * </ul>
 *
 * <p>Matrices are row-major with an explicit leading dimension (the distance between rows).
 */
interface Kernels {
    /** The name shown by {@code psrnn devices} and the benchmarks. */
    String name();

    /** {@code C[m x n] = A[m x k] B[k x n]}, or {@code +=} when {@code accumulate}. */
    void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
              int m, int n, int k, boolean accumulate);

    /** The width of the column panels of {@link #packPanels}; {@code n} of {@link #gemmPacked} is a multiple of it. */
    int panelWidth();

    /**
     * Packs columns {@code [0, n - n % panelWidth)} of a {@code k x n} matrix B, element (p, j) at
     * {@code b[bOff + p * rowStride + j * colStride]}, into the layout {@link #gemmPacked} streams
     * (panels of {@code panelWidth} columns, k-row after k-row). Pass {@code rowStride = 1,
     * colStride = ld} to pack a transpose.
     */
    void packPanels(float[] b, int bOff, int rowStride, int colStride, int k, int n, float[] dst);

    /** {@link #gemm} with B packed by {@link #packPanels}, over the packed columns only. */
    void gemmPacked(float[] a, int aOff, int lda, float[] packed, int k, float[] c, int cOff, int ldc, int m, int n,
                    boolean accumulate);

    /**
     * The fused pair of MODEL.md step 5 and BPTT's {@code G}: {@code G[i][j] += sum_s A1[s][i] B[s][j]}
     * and {@code H[i][j] += sum_s A2[s][i] B[s][j]} for rows {@code i} in {@code [i0, i1)}, over
     * {@code samples} rows of {@code A1, A2, B} (each {@code n} wide); G and H are {@code n x n}. One
     * pass over B serves both products.
     */
    void gemmPairTransposed(float[] a1, int a1Off, float[] a2, int a2Off, float[] b, int bOff, int samples, int n,
                            float[] g, float[] h, int i0, int i1, float[] scratch);

    /** The floats of scratch space {@link #gemmPairTransposed} needs per thread for matrices n wide. */
    int pairScratchSize(int n);

    /** {@code C[i][j] = sum_s A[s][i] B[s][j]} for rows {@code i} in {@code [i0, i1)} (C must be zero there), as the pair with one product. */
    void gemmTransposed(float[] a, int aOff, float[] b, int bOff, int samples, int n, float[] c, int i0, int i1);

    /** Leaky integration: {@code x = (1 - alpha) x + alpha (rec + inp)}. */
    void integrate(float[] x, int xOff, float[] rec, int recOff, float[] inp, int inpOff, int n, float alpha);

    /**
     * {@code x[i] += scale * xi} with xi the Philox normal of counter {@code (i, b, k, tag)}, for i in
     * {@code [0, n)}; {@code scratch} holds at least {@code 2 n} doubles.
     */
    void addNoise(float[] x, int xOff, int n, float scale, int key0, int key1, int b, int k, int tag, double[] scratch);

    /** {@code r = phi(x)}. */
    void activate(Activation phi, float[] x, int xOff, float[] r, int rOff, int n);

    /**
     * {@code dx = dr * phi'(x) + leak * dx} in place on {@code dx}, with {@code phi'} computed from the
     * rate {@code r = phi(x)}; also writes {@code scaled = alpha * dx}.
     */
    void activationGrad(Activation phi, float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak,
                        float alpha, float[] scaled, int scaledOff, int n);

    /** {@code sum_i a[i] b[i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[i] += x[i]^2}. */
    void addSquares(float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code y += alpha x}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * The kernels to use: the Vector API ones when the {@code jdk.incubator.vector} module is present
     * and the system property {@code psrnn.vector} is not {@code false}; the plain loops otherwise.
     */
    static Kernels best() {
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty("psrnn.vector"));
        requestedVectorBits();
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorKernels.usable()) {
            return VectorKernels.INSTANCE;
        }
        return ScalarKernels.INSTANCE;
    }

    /** The vector width the system property {@code psrnn.vector.bits} asks for (128, 256 or 512), or 0 when unset. */
    static int requestedVectorBits() {
        String bits = System.getProperty("psrnn.vector.bits");
        if (bits == null || bits.isBlank()) return 0;
        return switch (bits.strip()) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new InvalidInputException("psrnn.vector.bits = '" + bits.strip() + "' is not allowed: must be 128, 256 or 512");
        };
    }
}
