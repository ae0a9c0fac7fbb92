package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** |W| of WEAK synapses on matrices whose answers are known by hand. */
class WeakGrowthTest {
    @Test
    void meanPercentileAndCountAboveThetaOfWeakEntriesOnly() {
        // WEAK |W| = 1..100 (signs alternate), STRONG entries huge and left out.
        int n = 100;
        double[] w = new double[n + 3];
        byte[] strong = new byte[n + 3];
        for (int i = 0; i < n; i++) w[i] = (i % 2 == 0 ? 1 : -1) * (i + 1);
        for (int i = n; i < n + 3; i++) {
            w[i] = 1e6;
            strong[i] = 1;
        }
        WeakGrowth g = WeakGrowth.of(w, strong, 90);
        assertEquals(50.5, g.meanAbs(), 1e-12);
        assertEquals(99.01, g.p99Abs(), 1e-9); // numpy.percentile(np.arange(1, 101), 99)
        assertEquals(11, g.aboveTheta(), "90..100: |W| = theta counts, as in the switching rule");
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        assertEquals(3.97, WeakGrowth.percentile(new double[] {1, 2, 3, 4}, 99), 1e-12); // position 2.97
        assertEquals(7.0, WeakGrowth.percentile(new double[] {7}, 99));
    }

    @Test
    void undefinedWithoutWeakEntriesOrTheta() {
        WeakGrowth none = WeakGrowth.of(new double[] {1, 2}, new byte[] {1, 1}, 0.5);
        assertTrue(Double.isNaN(none.meanAbs()) && Double.isNaN(none.p99Abs()));
        assertEquals(0, none.aboveTheta());
        assertTrue(Double.isNaN(WeakGrowth.of(new double[] {1, 2}, new byte[] {0, 0}, Double.NaN).aboveTheta()));
    }
}
