package org.psrnn.engine.cpu;

import static org.psrnn.engine.cpu.VectorWidth.F;
import static org.psrnn.engine.cpu.VectorWidth.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.psrnn.model.Activation;

/**
 * The element-wise kernels on the Vector API: leaky integration, the activations and their
 * gradients, {@code y += x^2} and {@code y += alpha x}. They fuse exactly where
 * {@link ScalarKernels} fuses, take exp and tanh from {@link VectorMath}, and hand the elements
 * past a row's last whole vector to the scalar code of the same formula.
 */
final class VectorElementwise {
    private VectorElementwise() {}

    /** {@link Kernels#integrate}. */
    static void integrate(float[] x, int xOff, float[] rec, int recOff, float[] inp, int inpOff, int n, float alpha) {
        float keep = 1f - alpha;
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector drive = FloatVector.fromArray(F, rec, recOff + i).add(FloatVector.fromArray(F, inp, inpOff + i));
            FloatVector.fromArray(F, x, xOff + i).mul(keep).add(drive.mul(alpha)).intoArray(x, xOff + i);
        }
        for (; i < n; i++) x[xOff + i] = keep * x[xOff + i] + alpha * (rec[recOff + i] + inp[inpOff + i]);
    }

    /** {@link Kernels#activate}. */
    static void activate(Activation phi, float[] x, int xOff, float[] r, int rOff, int n) {
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

    /** {@link Kernels#activationGrad}. */
    static void activationGrad(Activation phi, float[] r, int rOff, float[] dr, int drOff, float[] dx, int dxOff, float leak,
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

    /** {@link Kernels#addSquares}. */
    static void addSquares(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.fma(v, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], x[xOff + i], y[yOff + i]);
    }

    /** {@link Kernels#axpy}. */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(F, alpha);
        for (int end = F.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(F, x, xOff + i).fma(a, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
    }
}
