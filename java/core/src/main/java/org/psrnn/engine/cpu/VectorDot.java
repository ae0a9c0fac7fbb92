package org.psrnn.engine.cpu;

import static org.psrnn.engine.cpu.VectorWidth.F;
import static org.psrnn.engine.cpu.VectorWidth.L;
import static org.psrnn.engine.cpu.VectorWidth.V;

import jdk.incubator.vector.FloatVector;

/**
 * The dot product on the Vector API: {@link ScalarKernels#LANES} logical lanes, whatever vectors
 * realise them, added in one fixed tree and then the last terms in order, so that it gives the
 * bits of {@link ScalarKernels#dot} at every vector width.
 */
final class VectorDot {
    private VectorDot() {}

    /** {@link Kernels#dot}. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
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
}
