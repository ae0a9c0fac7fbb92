package org.psrnn.rules;

import org.psrnn.rng.Streams;

/** The switching decision of one synapse (MODEL.md step 6), shared by every engine. */
public final class Switching {
    private Switching() {}

    /**
     * The state of synapse {@code (i, j)} after this iteration, from its state {@code strong} at the
     * start of the iteration and its updated weight {@code w}; {@code k} is the iteration.
     */
    public static boolean nextStrong(SwitchConfig c, boolean strong, double w, long seed, long k, int i, int j) {
        double a = Math.abs(w);
        return switch (c.mode()) {
            case NONE -> strong;
            case THRESHOLD -> strong ? a >= (1.0 - c.hysteresis()) * c.theta() : a >= c.theta();
            case STOCHASTIC -> {
                double p = strong ? downProbability(c, a) : upProbability(c, a);
                boolean flip = Streams.happens(Streams.switchingWord(seed, k, i, j), p);
                yield strong != flip;
            }
        };
    }

    /** {@code p_up = kappa * sigmoid((|W| - theta) / temp)}. */
    public static double upProbability(SwitchConfig c, double absW) {
        return c.kappa() * sigmoid((absW - c.theta()) / c.effectiveTemp());
    }

    /** {@code p_down = kappa * sigmoid((theta - |W|) / temp)}. */
    public static double downProbability(SwitchConfig c, double absW) {
        return c.kappa() * sigmoid((c.theta() - absW) / c.effectiveTemp());
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
