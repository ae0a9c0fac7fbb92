package org.psrnn.testing;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.model.Parameters;

/** Random networks and batches for tests, from java.util's generator (independent of Philox). */
public final class Fixtures {
    private Fixtures() {}

    /** Weights ~ N(0, scale^2 / fan-in), biases small, S random with {@code strongShare}, moments random. */
    public static NetworkState randomState(NetworkShape shape, double strongShare, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Parameters p = Parameters.zeros(shape);
        fillNormal(p.wRec(), 1.2 / Math.sqrt(shape.hidden()), rng);
        fillNormal(p.wIn(), 1.0 / Math.sqrt(shape.nIn()), rng);
        fillNormal(p.wOut(), 1.0 / Math.sqrt(shape.hidden()), rng);
        fillNormal(p.bRec(), 0.1, rng);
        fillNormal(p.bOut(), 0.1, rng);
        Parameters m = Parameters.zeros(shape);
        Parameters v = Parameters.zeros(shape);
        for (ParamTensor t : ParamTensor.values()) {
            fillNormal(m.get(t), 0.01, rng);
            double[] vt = v.get(t);
            for (int i = 0; i < vt.length; i++) vt[i] = 1e-4 * rng.nextDouble();
        }
        byte[] strong = new byte[shape.hidden() * shape.hidden()];
        for (int i = 0; i < strong.length; i++) strong[i] = (byte) (rng.nextDouble() < strongShare ? 1 : 0);
        return new NetworkState(shape, p, m, v, strong, 3 + rng.nextInt(20));
    }

    /** A batch with random inputs, targets or labels, a random non-negative mask, and optional explicit noise. */
    public static Batch randomBatch(NetworkShape shape, int steps, int size, LossKind loss, boolean explicitNoise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int tb = steps * size;
        double[] inputs = new double[tb * shape.nIn()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = rng.nextDouble(-1, 1);
        double[] targets = null;
        int[] labels = null;
        if (loss == LossKind.MSE) {
            targets = new double[tb * shape.nOut()];
            for (int i = 0; i < targets.length; i++) targets[i] = rng.nextDouble(-1, 1);
        } else {
            labels = new int[tb];
            for (int i = 0; i < tb; i++) labels[i] = rng.nextInt(shape.nOut());
        }
        double[] mask = new double[tb];
        for (int i = 0; i < tb; i++) mask[i] = rng.nextDouble() < 0.2 ? 0.0 : rng.nextDouble(0.5, 2.0);
        double[] noise = null;
        if (explicitNoise) {
            noise = new double[tb * shape.hidden()];
            fillNormal(noise, 1.0, rng);
        }
        return new Batch(steps, size, shape.nIn(), shape.nOut(), inputs, targets, labels, mask, noise);
    }

    /** A batch with every mask entry 1. */
    public static Batch fullyMasked(Batch b) {
        double[] mask = new double[b.mask().length];
        Arrays.fill(mask, 1.0);
        return new Batch(b.steps(), b.size(), b.nIn(), b.nOut(), b.inputs(), b.targets(), b.labels(), mask, b.noise());
    }

    public static void fillNormal(double[] a, double scale, SplittableRandom rng) {
        for (int i = 0; i < a.length; i++) a[i] = scale * gaussian(rng);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The largest |a - b| over two arrays of equal length. */
    public static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) throw new AssertionError("lengths " + a.length + " != " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** Each value rounded to the nearest float32, as a float32 file would hold it. */
    public static double[] roundToFloat(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = (float) a[i];
        return r;
    }

    public static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
