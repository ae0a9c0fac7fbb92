package org.psrnn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The vector polynomials against StrictMath, over the ranges the engine uses them on. */
class VectorMathTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static void checkFloat(String name, UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, double lo, double hi,
                                   double relTol, double absTol) {
        int n = 200_000;
        float[] x = new float[F.length()], y = new float[F.length()];
        double worst = 0;
        for (int i = 0; i < n; i += F.length()) {
            for (int l = 0; l < x.length; l++) x[l] = (float) (lo + (hi - lo) * (i + l) / n);
            f.apply(FloatVector.fromArray(F, x, 0)).intoArray(y, 0);
            for (int l = 0; l < x.length; l++) {
                double e = exact.applyAsDouble(x[l]);
                double err = Math.abs(y[l] - e);
                assertTrue(err <= relTol * Math.abs(e) + absTol, name + "(" + x[l] + ") = " + y[l] + ", exact " + e);
                worst = Math.max(worst, err / Math.max(Math.abs(e), 1e-30));
            }
        }
    }

    private static void checkDouble(String name, UnaryOperator<DoubleVector> f, DoubleUnaryOperator exact, double lo, double hi,
                                    double relTol, double absTol) {
        int n = 200_000;
        double[] x = new double[D.length()], y = new double[D.length()];
        for (int i = 0; i < n; i += D.length()) {
            for (int l = 0; l < x.length; l++) x[l] = lo + (hi - lo) * (i + l + 0.5) / n;
            f.apply(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
            for (int l = 0; l < x.length; l++) {
                double e = exact.applyAsDouble(x[l]);
                assertTrue(Math.abs(y[l] - e) <= relTol * Math.abs(e) + absTol, name + "(" + x[l] + ") = " + y[l] + ", exact " + e);
            }
        }
    }

    @Test
    void floatFunctions() {
        checkFloat("exp", VectorMath::exp, StrictMath::exp, -87, 88, 3e-7, 0);
        checkFloat("tanh", VectorMath::tanh, StrictMath::tanh, -12, 12, 4e-7, 1e-9);
        checkFloat("exp(-|x|)", v -> VectorMath.exp(v.abs().neg()), x -> StrictMath.exp(-Math.abs(x)), -80, 80, 3e-7, 0);
        checkFloat("expm1", VectorMath::expm1, StrictMath::expm1, -30, 0, 4e-7, 1e-12);
        checkFloat("log1p", VectorMath::log1p, StrictMath::log1p, 0, 1, 3e-7, 1e-30);
    }

    @Test
    void doubleFunctions() {
        checkDouble("log", VectorMath::log, StrictMath::log, 0x1p-32, 1, 1e-14, 1e-15);
        checkDouble("log", VectorMath::log, StrictMath::log, 0.999, 1, 1e-12, 1e-18);
        checkDouble("cos2pi", VectorMath::cos2pi, t -> StrictMath.cos(2 * Math.PI * t), 0, 1, 1e-13, 1e-14);
    }

    @Test
    void exactDoubleOfSmallIntegers() {
        VectorSpecies<Long> ls = LongVector.SPECIES_PREFERRED;
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        long[] edges = {0, 1, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 1L << 40, (1L << 52) - 1};
        long[] v = new long[ls.length()];
        double[] d = new double[ls.length()];
        for (int i = 0; i < 10_000; i++) {
            for (int l = 0; l < v.length; l++) {
                int e = i * v.length + l;
                v[l] = e < edges.length ? edges[e] : random.nextLong(i % 2 == 0 ? 1L << 32 : 1L << 52);
            }
            VectorMath.exactDouble(LongVector.fromArray(ls, v, 0)).intoArray(d, 0);
            for (int l = 0; l < v.length; l++) assertEquals((double) v[l], d[l], 0.0, "lane value " + v[l]);
        }
    }

    /** {@link ScalarMath} gives each lane's bits: the plain loops and the vector tails depend on it. */
    @Test
    void scalarTwinsGiveTheSameBits() {
        float[] x = new float[F.length()], y = new float[F.length()];
        double[] dx = new double[D.length()], dy = new double[D.length()];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            for (int l = 0; l < x.length; l++) x[l] = (float) (random.nextDouble(-40, 40) * (i % 3 == 0 ? 0.01 : 1));
            sameFloats("exp", VectorMath::exp, ScalarMath::exp, x, y);
            sameFloats("tanh", VectorMath::tanh, ScalarMath::tanh, x, y);
            for (int l = 0; l < x.length; l++) x[l] = -Math.abs(x[l]);
            sameFloats("expm1", VectorMath::expm1, ScalarMath::expm1, x, y);
            for (int l = 0; l < x.length; l++) x[l] = (float) random.nextDouble();
            sameFloats("log1p", VectorMath::log1p, ScalarMath::log1p, x, y);
            for (int l = 0; l < dx.length; l++) dx[l] = (random.nextLong(1L << 32) + 1) * 0x1p-32;
            sameDoubles("log", VectorMath::log, ScalarMath::log, dx, dy);
            for (int l = 0; l < dx.length; l++) dx[l] = random.nextLong(1L << 32) * 0x1p-32;
            sameDoubles("cos2pi", VectorMath::cos2pi, ScalarMath::cos2pi, dx, dy);
        }
    }

    private static void sameFloats(String name, UnaryOperator<FloatVector> f, UnaryOperator<Float> g, float[] x, float[] y) {
        f.apply(FloatVector.fromArray(F, x, 0)).intoArray(y, 0);
        for (int l = 0; l < x.length; l++) {
            assertEquals(Float.floatToRawIntBits(y[l]), Float.floatToRawIntBits(g.apply(x[l])), name + "(" + x[l] + ")");
        }
    }

    private static void sameDoubles(String name, UnaryOperator<DoubleVector> f, DoubleUnaryOperator g, double[] x, double[] y) {
        f.apply(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
        for (int l = 0; l < x.length; l++) {
            assertEquals(Double.doubleToRawLongBits(y[l]), Double.doubleToRawLongBits(g.applyAsDouble(x[l])), name + "(" + x[l] + ")");
        }
    }
}
