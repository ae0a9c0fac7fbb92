package org.psrnn.rules;

import org.psrnn.Check;

/**
 * The Hebbian update of WEAK synapses (MODEL.md step 5): rule, rate {@code eta_h}, decay
 * {@code lambda}, and the optional clamp {@code |W| <= w_max} ({@code +inf}: off).
 */
public record HebbianConfig(HebbianRule rule, double etaH, double lambda, double wMax) {
    public static final HebbianConfig DEFAULT = new HebbianConfig(HebbianRule.PLAIN, 1e-3, 0.0, Double.POSITIVE_INFINITY);

    public HebbianConfig {
        java.util.Objects.requireNonNull(rule, "rule");
        Check.nonNegative("eta_h", etaH);
        Check.nonNegative("lambda", lambda);
        Check.inRange("w_max", wMax, 0, false, Double.POSITIVE_INFINITY, true);
    }

    /**
     * The new value of a WEAK synapse {@code w} given its Hebbian term {@code h = H[i][j]} and, for
     * Oja's rule, {@code q = Q[i]} (the mean squared rate of the postsynaptic unit).
     */
    public double update(double w, double h, double q) {
        double hebbian = rule == HebbianRule.OJA ? h - q * w : h;
        double next = w + etaH * hebbian - lambda * w;
        return Math.max(-wMax, Math.min(wMax, next));
    }
}
