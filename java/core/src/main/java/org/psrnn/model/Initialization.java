package org.psrnn.model;

import java.util.Arrays;
import org.psrnn.rng.Streams;
import org.psrnn.rules.Preset;

/**
 * MODEL.md "Initialisation": weights from Philox normals (so every engine starts from the same
 * network for a seed), theta from {@code strong_fraction} when not given, and S by preset.
 */
public final class Initialization {
    private Initialization() {}

    /** A freshly initialised network and the configuration with theta resolved and the preset's switch mode. */
    public record Initialized(NetworkState state, ModelConfig config) {}

    /**
     * {@code W ~ N(0, g^2/N)}, {@code W_in ~ N(0, 1/n_in)}, {@code W_out ~ N(0, 1/N)}, biases 0;
     * Adam moments 0; iteration 0.
     */
    public static Parameters initialParameters(NetworkShape shape, double g, long seed) {
        int n = shape.hidden();
        Parameters p = Parameters.zeros(shape);
        double[] w = p.wRec();
        double[] wIn = p.wIn();
        double[] wOut = p.wOut();
        double recScale = g / Math.sqrt(n);
        double inScale = 1.0 / Math.sqrt(shape.nIn());
        double outScale = 1.0 / Math.sqrt(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) w[i * n + j] = recScale * Streams.initRecurrent(seed, i, j);
            for (int j = 0; j < shape.nIn(); j++) wIn[i * shape.nIn() + j] = inScale * Streams.initInput(seed, i, j);
        }
        for (int o = 0; o < shape.nOut(); o++) {
            for (int j = 0; j < n; j++) wOut[o * n + j] = outScale * Streams.initOutput(seed, o, j);
        }
        return p;
    }

    /**
     * The {@code (1 - strongFraction)} quantile of {@code |W|}, with numpy's default (linear)
     * interpolation between order statistics, so that about {@code strongFraction} of the
     * synapses satisfy {@code |W| >= theta}.
     */
    public static double thetaFromStrongFraction(double[] w, double strongFraction) {
        double[] a = new double[w.length];
        for (int n = 0; n < w.length; n++) a[n] = Math.abs(w[n]);
        Arrays.sort(a);
        double pos = (1.0 - strongFraction) * (a.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, a.length - 1);
        double frac = pos - lo;
        return a[lo] + (a[hi] - a[lo]) * frac;
    }

    /**
     * A network initialised for {@code preset}: weights, theta (from {@code strong_fraction} unless
     * given) and S. The switch mode is the configuration's; {@link Preset#configure} sets the preset's.
     */
    public static Initialized initialize(NetworkShape shape, ModelConfig config, InitConfig init, Preset preset) {
        Parameters p = initialParameters(shape, init.g(), config.seed());
        var switching = config.switching();
        if (!switching.thetaGiven()) {
            switching = switching.withTheta(thetaFromStrongFraction(p.wRec(), init.strongFraction()));
        }
        int n = shape.hidden();
        byte[] strong = new byte[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean s = preset.initiallyStrong(p.wRec()[i * n + j], switching.theta(), init.strongFraction(), config.seed(), i, j);
                strong[i * n + j] = (byte) (s ? 1 : 0);
            }
        }
        return new Initialized(NetworkState.fresh(p, strong), config.withSwitching(switching.requireResolved()));
    }
}
