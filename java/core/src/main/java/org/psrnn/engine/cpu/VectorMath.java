package org.psrnn.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log, cos, tanh and friends on vectors, from exact operations only (add, multiply, fma,
 * divide, sqrt, bit manipulation). The Vector API's own transcendental operators give different
 * bits when a method runs interpreted (a Java fallback) and when it is compiled (vendor math
 * library), so a run would not repeat itself bit for bit, and a resumed run would not match an
 * uninterrupted one; these polynomials give the same bits either way. Horner steps are written
 * out ({@code p.fma(z, c)}) rather than behind a helper: C2 refused to inline a helper that many
 * times into one loop ("callee uses too much stack"), and the vector operations fell back to slow Java code. Accuracy: a few ulp of
 * float32 for the float functions, about 1e-14 relative for the double ones (tested against
 * StrictMath).
 */
final class VectorMath {
    private VectorMath() {}

    // ---------------------------------------------------------------- double: the noise transform

    private static final double LN2 = 0.6931471805599453;
    private static final double SQRT2 = 1.4142135623730951;
    private static final long TWO_52_BITS = 0x4330000000000000L;

    /**
     * {@code v} as doubles, exactly, for lanes in {@code [0, 2^52)}: the lane's bits placed in the
     * mantissa of {@code 2^52}, minus {@code 2^52}. The Vector API's {@code L2D} conversion is a
     * CPU instruction only with AVX-512DQ; elsewhere (AVX2) it falls back to Java code that
     * allocates a vector per call, which made the noise of an iteration several times slower.
     */
    static DoubleVector exactDouble(LongVector v) {
        return ((DoubleVector) v.or(TWO_52_BITS).viewAsFloatingLanes()).sub(0x1p52);
    }

    /** {@code ln x} for positive normal x. */
    static DoubleVector log(DoubleVector x) {
        LongVector bits = (LongVector) x.viewAsIntegralLanes();
        LongVector biased = bits.lanewise(VectorOperators.LSHR, 52).and(0x7FFL);
        DoubleVector m = (DoubleVector) bits.and(0x000FFFFFFFFFFFFFL).or(0x3FF0000000000000L).viewAsFloatingLanes(); // [1, 2)
        DoubleVector e = exactDouble(biased).sub(1023.0);
        VectorMask<Double> big = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5), big);                                     // [sqrt(1/2), sqrt(2))
        e = e.blend(e.add(1.0), big);
        DoubleVector s = m.sub(1.0).div(m.add(1.0));                      // |s| < 0.172
        DoubleVector z = s.mul(s);
        // 2 atanh(s) = 2 (s + s^3/3 + ... + s^17/17)
        DoubleVector p = DoubleVector.broadcast(z.species(), 1.0 / 17);
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 15));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 13));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 11));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 9));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 7));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 5));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 3));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0));
        return e.mul(LN2).add(s.mul(p).mul(2.0));
    }

    /** {@code cos(2 pi t)} for t in [0, 1): one even polynomial on [0, pi/2] (kept short enough for the JIT to compile whole). */
    static DoubleVector cos2pi(DoubleVector t) {
        DoubleVector y = t.blend(t.sub(1.0), t.compare(VectorOperators.GT, 0.5)).abs();   // [0, 0.5], cos is even
        VectorMask<Double> back = y.compare(VectorOperators.GT, 0.25);
        DoubleVector x = y.blend(y.neg().add(0.5), back).mul(2.0 * Math.PI);             // [0, pi/2]; cos(pi - x) = -cos x
        DoubleVector z = x.mul(x);                                                        // <= 2.47
        DoubleVector p = DoubleVector.broadcast(z.species(), 1.0 / 2432902008176640000.0); // 1/20!
        p = p.fma(z, DoubleVector.broadcast(z.species(), -1.0 / 6402373705728000.0)); // -1/18!
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 20922789888000.0));
        p = p.fma(z, DoubleVector.broadcast(z.species(), -1.0 / 87178291200.0));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 479001600.0));
        p = p.fma(z, DoubleVector.broadcast(z.species(), -1.0 / 3628800.0));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 40320.0));
        p = p.fma(z, DoubleVector.broadcast(z.species(), -1.0 / 720.0));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0 / 24.0));
        p = p.fma(z, DoubleVector.broadcast(z.species(), -0.5));
        p = p.fma(z, DoubleVector.broadcast(z.species(), 1.0));
        return p.blend(p.neg(), back);
    }

    // ---------------------------------------------------------------- float: activations

    private static final float LOG2E = 1.442695041f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;

    /** {@code e^x}, x clamped to [-87, 88]. */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87f).min(88f);
        VectorSpecies<Float> fs = x.species();
        FloatVector kf = x.mul(LOG2E);
        kf = kf.add(FloatVector.broadcast(fs, 0.5f).blend(-0.5f, kf.compare(VectorOperators.LT, 0f)));
        IntVector k = (IntVector) kf.convert(VectorOperators.F2I, 0);    // round to nearest
        FloatVector kk = (FloatVector) k.convert(VectorOperators.I2F, 0);
        FloatVector r = x.sub(kk.mul(LN2_HI)).sub(kk.mul(LN2_LO));       // |r| <= ln2 / 2
        FloatVector p = FloatVector.broadcast(r.species(), 1f / 5040);
        p = p.fma(r, FloatVector.broadcast(r.species(), 1f / 720));
        p = p.fma(r, FloatVector.broadcast(r.species(), 1f / 120));
        p = p.fma(r, FloatVector.broadcast(r.species(), 1f / 24));
        p = p.fma(r, FloatVector.broadcast(r.species(), 1f / 6));
        p = p.fma(r, FloatVector.broadcast(r.species(), 0.5f));
        p = p.fma(r, FloatVector.broadcast(r.species(), 1f));
        p = p.fma(r, FloatVector.broadcast(r.species(), 1f));
        FloatVector scale = (FloatVector) k.add(127).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
        return p.mul(scale);
    }

    /** {@code e^y - 1} for y <= 0, accurate near 0. */
    static FloatVector expm1(FloatVector y) {
        FloatVector p = FloatVector.broadcast(y.species(), 1f / 362880);
        p = p.fma(y, FloatVector.broadcast(y.species(), 1f / 40320));
        p = p.fma(y, FloatVector.broadcast(y.species(), 1f / 5040));
        p = p.fma(y, FloatVector.broadcast(y.species(), 1f / 720));
        p = p.fma(y, FloatVector.broadcast(y.species(), 1f / 120));
        p = p.fma(y, FloatVector.broadcast(y.species(), 1f / 24));
        p = p.fma(y, FloatVector.broadcast(y.species(), 1f / 6));
        p = p.fma(y, FloatVector.broadcast(y.species(), 0.5f));
        p = p.fma(y, FloatVector.broadcast(y.species(), 1f));
        p = p.mul(y);
        return p.blend(exp(y).sub(1f), y.compare(VectorOperators.LT, -0.35f));
    }

    /** {@code tanh x = sign(x) * (-m) / (2 + m)} with {@code m = expm1(-2|x|)}. */
    static FloatVector tanh(FloatVector x) {
        FloatVector m = expm1(x.abs().mul(-2f));
        FloatVector t = m.neg().div(m.add(2f));
        return t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
    }

    /** {@code ln(1 + v)} for v in [0, 1]: {@code 2 atanh(v / (2 + v))}. */
    static FloatVector log1p(FloatVector v) {
        FloatVector s = v.div(v.add(2f));                                 // [0, 1/3]
        FloatVector z = s.mul(s);
        FloatVector p = FloatVector.broadcast(z.species(), 1f / 17);
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f / 15));
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f / 13));
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f / 11));
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f / 9));
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f / 7));
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f / 5));
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f / 3));
        p = p.fma(z, FloatVector.broadcast(z.species(), 1f));
        return s.mul(p).mul(2f);
    }
}
