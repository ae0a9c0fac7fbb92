package org.psrnn.task;

import java.util.SplittableRandom;

/** Standard normal draws from a trial's generator (Box-Muller on two uniforms). */
final class Gaussian {
    private Gaussian() {}

    static double next(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A draw from an exponential of mean {@code mean} truncated to {@code [min, max)}, as NeuroGym's TruncExp. */
    static double truncatedExponential(SplittableRandom rng, double mean, double min, double max) {
        if (min >= max) return max;
        while (true) {
            double x = -mean * Math.log(1.0 - rng.nextDouble());
            if (x >= min && x < max) return x;
        }
    }
}
