package org.psrnn.rules;

/**
 * Adam with bias correction (MODEL.md step 4), one entry at a time so the masked recurrent update
 * and the dense input/output updates share the same arithmetic.
 */
public final class Adam {
    private final AdamConfig config;
    private final double correction1;
    private final double correction2;

    /** Adam for update number {@code k = iteration + 1}. */
    public Adam(AdamConfig config, long k) {
        this.config = config;
        this.correction1 = 1.0 - Math.pow(config.beta1(), k);
        this.correction2 = 1.0 - Math.pow(config.beta2(), k);
    }

    /** Updates the moments {@code m[idx]}, {@code v[idx]} with gradient {@code g}; returns the new parameter. */
    public double update(double param, double g, double[] m, double[] v, int idx) {
        double mi = config.beta1() * m[idx] + (1.0 - config.beta1()) * g;
        double vi = config.beta2() * v[idx] + (1.0 - config.beta2()) * g * g;
        m[idx] = mi;
        v[idx] = vi;
        double mHat = mi / correction1;
        double vHat = vi / correction2;
        return param - config.lr() * mHat / (Math.sqrt(vHat) + config.eps());
    }
}
