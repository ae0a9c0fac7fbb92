package org.psrnn.rules;

/**
 * The float32 arithmetic of MODEL.md steps 4 to 6 for one entry, as the cpu engine runs it and as
 * the CUDA kernels run it (cuda/psrnn_math.h, where every product and sum is rounded on its own so
 * nvcc cannot fuse them): the two engines agree on these updates bit for bit, and the host test of
 * the CUDA math checks that against this class.
 */
public final class Float32Updates {
    private Float32Updates() {}

    /**
     * Adam (step 4) on entry {@code i} with gradient {@code g} (already clipped): updates
     * {@code m[i]} and {@code v[i]} and returns the new parameter. {@code inv1}, {@code inv2} are
     * {@code 1 / (1 - beta^k)} of this iteration, rounded to float.
     */
    public static float adam(float param, float g, float[] m, float[] v, int i,
                             float lr, float beta1, float beta2, float eps, float inv1, float inv2) {
        float mi = beta1 * m[i] + (1f - beta1) * g;
        float vi = beta2 * v[i] + (1f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        return param - lr * (mi * inv1) / ((float) Math.sqrt(vi * inv2) + eps);
    }

    /**
     * The Hebbian rule (step 5) on a WEAK synapse: {@code w + eta (h - q w) - lambda w}, clamped to
     * {@code |w| <= wMax} ({@code q = Q[i]} for Oja's rule, else 0; {@code wMax = +inf}: no clamp).
     */
    public static float hebbian(float w, float h, float q, float eta, float lambda, float wMax) {
        float next = w + eta * (h - q * w) - lambda * w;
        return Math.max(-wMax, Math.min(wMax, next));
    }

    /**
     * The smallest float at or above {@code theta}: for a float {@code a}, {@code a >= theta}
     * exactly (as MODEL.md's comparison in real numbers) iff {@code a >= thresholdAbove(theta)},
     * whereas rounding theta to the nearest float can admit the float just below it.
     */
    public static float thresholdAbove(double theta) {
        float t = (float) theta;
        return t < theta ? Math.nextUp(t) : t;
    }
}
