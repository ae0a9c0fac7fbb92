package org.psrnn.analysis;

/**
 * Whether the Hebbian term points where the task gradient would take WEAK synapses: the second of
 * the preprint's mechanisms says Hebbian plasticity prepares a task-relevant configuration, which
 * would show as H aligned with {@code -G} on the entries it updates. Measured over WEAK entries
 * only, with H the term of MODEL.md step 5 (its rate {@code eta_h} scales both H and the step and
 * so cancels; the decay {@code lambda W} and Oja's {@code -Q W} are left out: they are not the
 * Hebbian term). Chance is a cosine of 0 and a sign agreement of 0.5.
 *
 * @param cosine         {@code <H, -G> / (|H| |G|)} over WEAK entries; NaN with no WEAK entry or a zero H or G there
 * @param signAgreement  the share of WEAK entries whose H has the sign of {@code -G}, among those where
 *                       neither is zero (a zero has no sign: a relu unit silent on the whole batch gives
 *                       exact zeros, which would otherwise count as disagreement); NaN where there is none
 */
public record HebbianAlignment(double cosine, double signAgreement) {
    /** The alignment of {@code h} with {@code -g} over the entries where {@code strong} is 0, summed in index order. */
    public static HebbianAlignment of(double[] h, double[] g, byte[] strong) {
        if (h.length != g.length || h.length != strong.length) {
            throw new IllegalArgumentException("H, G and S of " + h.length + ", " + g.length + " and " + strong.length + " entries");
        }
        double dot = 0, hh = 0, gg = 0;
        long signed = 0, agree = 0;
        for (int i = 0; i < h.length; i++) {
            if (strong[i] != 0) continue;
            double descent = -g[i];
            dot += h[i] * descent;
            hh += h[i] * h[i];
            gg += descent * descent;
            if (h[i] != 0 && descent != 0) {
                signed++;
                if ((h[i] > 0) == (descent > 0)) agree++;
            }
        }
        double cosine = hh == 0 || gg == 0 ? Double.NaN : dot / Math.sqrt(hh * gg);
        return new HebbianAlignment(cosine, signed == 0 ? Double.NaN : agree / (double) signed);
    }
}
