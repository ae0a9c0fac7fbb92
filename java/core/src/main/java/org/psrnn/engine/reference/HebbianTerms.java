package org.psrnn.engine.reference;

import org.psrnn.rules.HebbianRule;

/**
 * The activity statistics MODEL.md step 5 reads, from one forward pass's {@link Trace}: the
 * Hebbian term H and Oja's Q, in double precision and plain loops like the rest of the reference.
 */
final class HebbianTerms {
    private HebbianTerms() {}

    /**
     * {@code H[i][j] = (1/(B T)) sum_b sum_t r_t[b][i] r_{t-1}[b][j]}, post at t and pre at t-1;
     * for the {@code covariance} rule on rates minus their means over b and t.
     */
    static double[] hebbianTerm(Trace trace, int n, HebbianRule rule) {
        final double[] r = trace.r();
        final int samples = trace.samples();
        // Sample s = t*B + b: its presynaptic rates r_{t-1}[b] start at s*N, its postsynaptic
        // rates r_t[b] one block of B rows later.
        final int postOffset = trace.size() * n;
        double[] postMean = new double[n];
        double[] preMean = new double[n];
        if (rule == HebbianRule.COVARIANCE) {
            for (int s = 0; s < samples; s++) {
                for (int i = 0; i < n; i++) {
                    preMean[i] += r[s * n + i];
                    postMean[i] += r[s * n + postOffset + i];
                }
            }
            for (int i = 0; i < n; i++) {
                preMean[i] /= samples;
                postMean[i] /= samples;
            }
        }
        double[] h = new double[n * n];
        for (int s = 0; s < samples; s++) {
            int pre = s * n;
            int post = s * n + postOffset;
            for (int i = 0; i < n; i++) {
                double ri = r[post + i] - postMean[i];
                for (int j = 0; j < n; j++) h[i * n + j] += ri * (r[pre + j] - preMean[j]);
            }
        }
        for (int idx = 0; idx < h.length; idx++) h[idx] /= samples;
        return h;
    }

    /** Oja's {@code Q[i] = (1/(B T)) sum_b sum_t r_t[b][i]^2}. */
    static double[] postSquareMean(Trace trace, int n) {
        final double[] r = trace.r();
        final int samples = trace.samples();
        final int postOffset = trace.size() * n; // skip the r_{-1} block
        double[] q = new double[n];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                double ri = r[s * n + postOffset + i];
                q[i] += ri * ri;
            }
        }
        for (int i = 0; i < n; i++) q[i] /= samples;
        return q;
    }
}
