package org.psrnn.engine.cpu;

/**
 * {@link VectorMath}'s functions one value at a time, with the same operations in the same order
 * (each fused multiply-add a {@code Math.fma}), so that a lane of a vector and a plain loop give
 * the same bits. The plain-loop kernels use these, and the vector kernels use them for the
 * elements past the last whole vector: where a row's vector part ends depends on the vector
 * width, and no number psrnn reports may. No import of {@code jdk.incubator.vector}: this class
 * must load where that module is absent.
 */
final class ScalarMath {
    private ScalarMath() {}

    private static final double LN2 = 0.6931471805599453;
    private static final double SQRT2 = 1.4142135623730951;

    /** {@link VectorMath#log}: {@code ln x} for positive normal x. */
    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        long biased = (bits >>> 52) & 0x7FFL;
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L); // [1, 2)
        double e = (double) biased - 1023.0;
        if (m > SQRT2) {                                                  // [sqrt(1/2), sqrt(2))
            m = m * 0.5;
            e = e + 1.0;
        }
        double s = (m - 1.0) / (m + 1.0);
        double z = s * s;
        double p = 1.0 / 17;
        p = Math.fma(p, z, 1.0 / 15);
        p = Math.fma(p, z, 1.0 / 13);
        p = Math.fma(p, z, 1.0 / 11);
        p = Math.fma(p, z, 1.0 / 9);
        p = Math.fma(p, z, 1.0 / 7);
        p = Math.fma(p, z, 1.0 / 5);
        p = Math.fma(p, z, 1.0 / 3);
        p = Math.fma(p, z, 1.0);
        return e * LN2 + s * p * 2.0;
    }

    /** {@link VectorMath#cos2pi}: {@code cos(2 pi t)} for t in [0, 1). */
    static double cos2pi(double t) {
        double y = Math.abs(t > 0.5 ? t - 1.0 : t);
        boolean back = y > 0.25;
        double x = (back ? -y + 0.5 : y) * (2.0 * Math.PI);
        double z = x * x;
        double p = 1.0 / 2432902008176640000.0;
        p = Math.fma(p, z, -1.0 / 6402373705728000.0);
        p = Math.fma(p, z, 1.0 / 20922789888000.0);
        p = Math.fma(p, z, -1.0 / 87178291200.0);
        p = Math.fma(p, z, 1.0 / 479001600.0);
        p = Math.fma(p, z, -1.0 / 3628800.0);
        p = Math.fma(p, z, 1.0 / 40320.0);
        p = Math.fma(p, z, -1.0 / 720.0);
        p = Math.fma(p, z, 1.0 / 24.0);
        p = Math.fma(p, z, -0.5);
        p = Math.fma(p, z, 1.0);
        return back ? -p : p;
    }

    /**
     * The standard normal of MODEL.md from the first two Philox words, {@code sqrt(-2 ln u1) cos(2 pi u2)},
     * as the vector kernels compute it (their polynomials, not {@code Math.log} and {@code Math.cos}).
     */
    static double normal(long o0, long o1) {
        double u1 = ((double) o0 + 1.0) * 0x1p-32;
        double u2 = (double) o1 * 0x1p-32;
        return Math.sqrt(log(u1) * -2.0) * cos2pi(u2);
    }

    private static final float LOG2E = 1.442695041f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;

    /** {@link VectorMath#exp}: {@code e^x}, x clamped to [-87, 88]. */
    static float exp(float x) {
        x = Math.min(Math.max(x, -87f), 88f);
        float kf = x * LOG2E;
        kf = kf + (kf < 0f ? -0.5f : 0.5f);
        int k = (int) kf;                                                  // round to nearest
        float kk = (float) k;
        float r = x - kk * LN2_HI - kk * LN2_LO;
        float p = 1f / 5040;
        p = Math.fma(p, r, 1f / 720);
        p = Math.fma(p, r, 1f / 120);
        p = Math.fma(p, r, 1f / 24);
        p = Math.fma(p, r, 1f / 6);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat((k + 127) << 23);
    }

    /** {@link VectorMath#expm1}: {@code e^y - 1} for y <= 0. */
    static float expm1(float y) {
        if (y < -0.35f) return exp(y) - 1f;
        float p = 1f / 362880;
        p = Math.fma(p, y, 1f / 40320);
        p = Math.fma(p, y, 1f / 5040);
        p = Math.fma(p, y, 1f / 720);
        p = Math.fma(p, y, 1f / 120);
        p = Math.fma(p, y, 1f / 24);
        p = Math.fma(p, y, 1f / 6);
        p = Math.fma(p, y, 0.5f);
        p = Math.fma(p, y, 1f);
        return p * y;
    }

    /** {@link VectorMath#tanh}. */
    static float tanh(float x) {
        float m = expm1(Math.abs(x) * -2f);
        float t = -m / (m + 2f);
        return x < 0f ? -t : t;
    }

    /** {@link VectorMath#log1p}: {@code ln(1 + v)} for v in [0, 1]. */
    static float log1p(float v) {
        float s = v / (v + 2f);
        float z = s * s;
        float p = 1f / 17;
        p = Math.fma(p, z, 1f / 15);
        p = Math.fma(p, z, 1f / 13);
        p = Math.fma(p, z, 1f / 11);
        p = Math.fma(p, z, 1f / 9);
        p = Math.fma(p, z, 1f / 7);
        p = Math.fma(p, z, 1f / 5);
        p = Math.fma(p, z, 1f / 3);
        p = Math.fma(p, z, 1f);
        return s * p * 2f;
    }

    /** {@code softplus(x) = max(x, 0) + ln(1 + e^-|x|)}. */
    static float softplus(float x) {
        return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
    }
}
