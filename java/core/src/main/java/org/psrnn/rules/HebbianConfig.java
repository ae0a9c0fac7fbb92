package org.psrnn.rules;

import java.util.Objects;
import org.psrnn.Check;

/**
 * The Hebbian update of WEAK synapses (MODEL.md step 5): rule, rate {@code eta_h}, decay
 * {@code lambda}, the optional clamp {@code |W| <= w_max} ({@code +inf}: off), and the two
 * controls of the Hebbian mechanism: the term added ({@code hebb_term}) and the iteration from
 * which WEAK synapses stop changing ({@code hebb_until}).
 *
 * @param until step 5 runs only at iterations {@code k < until}; {@link #ALWAYS} for every iteration
 */
public record HebbianConfig(HebbianRule rule, double etaH, double lambda, double wMax, HebbianTerm term, int until) {
    /** {@code until} for a Hebbian update at every iteration. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    public static final HebbianConfig DEFAULT = new HebbianConfig(HebbianRule.PLAIN, 1e-3, 0.0, Double.POSITIVE_INFINITY);

    public HebbianConfig {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(term, "term");
        Check.nonNegative("eta_h", etaH);
        Check.nonNegative("lambda", lambda);
        Check.inRange("w_max", wMax, 0, false, Double.POSITIVE_INFINITY, true);
        if (until < 0) throw new org.psrnn.InvalidInputException("hebb_until = " + until + " is not allowed: must be >= 0");
    }

    /** The Hebbian rule itself: the activity term at every iteration. */
    public HebbianConfig(HebbianRule rule, double etaH, double lambda, double wMax) {
        this(rule, etaH, lambda, wMax, HebbianTerm.ACTIVITY, ALWAYS);
    }

    /** This configuration adding {@code newTerm} from iteration 0 to {@code newUntil}. */
    public HebbianConfig withControl(HebbianTerm newTerm, int newUntil) {
        return new HebbianConfig(rule, etaH, lambda, wMax, newTerm, newUntil);
    }

    /** Whether step 5 changes WEAK synapses at iteration {@code k}; after {@code until} they stay as they are. */
    public boolean activeAt(long k) {
        return k < until;
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
