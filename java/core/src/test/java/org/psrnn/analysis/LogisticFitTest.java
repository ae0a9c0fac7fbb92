package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The maximum-likelihood logistic fit against answers known without it: the bias and scale of
 * the logistic the choices were drawn from, the closed form of data a logistic fits exactly, and
 * data no finite slope fits.
 */
class LogisticFitTest {
    /** Counts at {@code x}: {@code n} Bernoulli draws each from {@code 1 / (1 + exp(-(x - bias) / s))}. */
    private static long[] draw(double[] x, int n, double bias, double s, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] positive = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            double p = 1 / (1 + Math.exp(-(x[i] - bias) / s));
            for (int k = 0; k < n; k++) if (rng.nextDouble() < p) positive[i]++;
        }
        return positive;
    }

    private static long[] all(int length, long n) {
        long[] a = new long[length];
        java.util.Arrays.fill(a, n);
        return a;
    }

    @Test
    void recoversTheBiasAndScaleTheChoicesWereDrawnFrom() {
        double[] x = {-16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16};
        int n = 20_000;
        // A rising curve, and a falling one (s < 0), both off centre.
        double[][] truths = {{1.5, 3.0}, {-2.0, -1.2}, {0.25, 6.0}};
        for (double[] t : truths) {
            LogisticFit fit = LogisticFit.of(x, draw(x, n, t[0], t[1], 7), all(x.length, n));
            assertTrue(fit.defined(), "a fit");
            // With 220,000 trials the estimates are within a few per cent of the truth.
            assertEquals(t[0], fit.bias(), 0.03 * Math.abs(t[1]), "bias of " + java.util.Arrays.toString(t));
            assertEquals(t[1], fit.scale(), 0.03 * Math.abs(t[1]), "scale of " + java.util.Arrays.toString(t));
            assertEquals(t[1] * Math.log(3), fit.threshold(), 0.03 * Math.abs(t[1]) * Math.log(3), "threshold = s ln 3");
            assertEquals(1 / (4 * t[1]), fit.slope(), 0.03 / (4 * Math.abs(t[1])), "slope = 1 / (4 s)");
        }
    }

    /**
     * Shares 1/4, 1/2 and 3/4 at -2, 0 and 2 lie on the logistic of bias 0 and s = 2 / ln 3 exactly,
     * so it is the maximum-likelihood one: threshold 2 (P = 3/4 at x = 2) and slope ln 3 / 8; the
     * ridge moves them by a few parts in a million at these counts.
     */
    @Test
    void givesTheClosedFormOnALogisticThatFitsExactly() {
        double[] x = {-2, 0, 2};
        LogisticFit fit = LogisticFit.of(x, new long[] {100, 200, 300}, new long[] {400, 400, 400});
        assertEquals(0, fit.bias(), 1e-9, "symmetric data: no bias");
        assertEquals(2.0, fit.threshold(), 1e-4);
        assertEquals(Math.log(3) / 8, fit.slope(), 1e-5);
        assertEquals(0.75, fit.probability(2), 1e-5);
        // Mirrored (the positive choice on the other side), the same curve falls.
        LogisticFit falling = LogisticFit.of(x, new long[] {300, 200, 100}, new long[] {400, 400, 400});
        assertEquals(-2.0, falling.threshold(), 1e-4);
        // Shifted by 5, the bias follows and nothing else changes.
        LogisticFit shifted = LogisticFit.of(new double[] {3, 5, 7}, new long[] {100, 200, 300}, new long[] {400, 400, 400});
        assertEquals(5.0, shifted.bias(), 1e-6);
        assertEquals(2.0, shifted.threshold(), 1e-4);
    }

    /** Every choice on the side its sign calls for: no finite slope maximises the likelihood, and the ridge keeps the fit finite. */
    @Test
    void separatedChoicesGiveAFiniteSteepCurveBetweenThem() {
        double[] x = {-51.2, -25.6, -12.8, -6.4, -3.2, 3.2, 6.4, 12.8, 25.6, 51.2};
        long[] positive = {0, 0, 0, 0, 0, 200, 200, 200, 200, 200};
        LogisticFit fit = LogisticFit.of(x, positive, all(x.length, 200));
        assertTrue(fit.defined() && Double.isFinite(fit.scale()) && fit.scale() > 0, "finite: " + fit);
        assertEquals(0, fit.bias(), 1e-6, "halfway between -3.2 and 3.2 by symmetry");
        assertTrue(fit.threshold() < 3.2, "steeper than the values resolve: " + fit.threshold());
        assertTrue(fit.iterations() < LogisticFit.MAX_ITERATIONS, "converged: " + fit.iterations());
        assertTrue(fit.probability(3.2) > 0.99, "" + fit.probability(3.2));
    }

    @Test
    void choicesOfOneKindOrAtOneValueDetermineNoCurve() {
        double[] x = {-1, 0, 1};
        assertFalse(LogisticFit.of(x, new long[] {0, 0, 0}, new long[] {5, 5, 5}).defined(), "never positive");
        assertFalse(LogisticFit.of(x, new long[] {5, 5, 5}, new long[] {5, 5, 5}).defined(), "always positive");
        assertFalse(LogisticFit.of(x, new long[] {0, 3, 0}, new long[] {0, 5, 0}).defined(), "choices at one value only");
        assertTrue(Double.isNaN(LogisticFit.of(x, new long[] {0, 0, 0}, new long[] {0, 0, 0}).threshold()), "no choice at all");
    }
}
