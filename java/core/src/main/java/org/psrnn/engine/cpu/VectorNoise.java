package org.psrnn.engine.cpu;

import static org.psrnn.engine.cpu.VectorWidth.SHAPE;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.psrnn.rng.Philox;

/**
 * The recurrent noise on the Vector API: Philox4x32-10 computed on 64-bit lanes, then the
 * Box-Muller normal from {@link VectorMath}'s log and cosine, the same polynomials as
 * {@link ScalarKernels#noise}, which also serves the elements past the last whole vector.
 */
final class VectorNoise {
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

    private VectorNoise() {}

    /** {@link Kernels#addNoise}. */
    static void addNoise(float[] x, int xOff, int n, float scale, int key0, int key1, int b, int k, int tag, double[] scratch) {
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
}
