package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The three ranks on spectra whose answers are known by hand. */
class RanksTest {
    @Test
    void rank90CountsTheLargestSingularValuesHoldingNinetyPercentOfTheSquaredNorm() {
        // Ten equal values: each holds 10%, so nine hold exactly 90% (rounding must not ask for a tenth).
        double[] equal = new double[10];
        java.util.Arrays.fill(equal, 0.3);
        assertEquals(9, Ranks.holding(equal, 0.9));
        // Squares 9, 1, 1, 1 of 12: 9 is 75%, 10 is 83%, 11 is 92%: three. Given in any order.
        assertEquals(3, Ranks.holding(new double[] {1, 1, 3, 1}, 0.9));
        // One value holding everything: rank 1; the zero matrix has none.
        assertEquals(1, Ranks.holding(new double[] {0, 2, 0}, 0.9));
        assertTrue(Double.isNaN(Ranks.holding(new double[] {0, 0}, 0.9)));
    }

    @Test
    void ofAMatrixAgreesWithItsSpectrum() {
        int n = 4;
        double[] diagonal = new double[n * n];
        double[] s = {3, 1, 1, 1};
        for (int i = 0; i < n; i++) diagonal[i * n + i] = (i % 2 == 0 ? 1 : -1) * s[i];
        Ranks r = Ranks.ofMatrix(diagonal, n);
        assertEquals(3, r.rank90());
        assertEquals(144.0 / 84.0, r.participationRatio(), 1e-12); // (9+1+1+1)^2 / (81+1+1+1)
        double entropy = -(0.5 * Math.log(0.5) + 3 * (1.0 / 6) * Math.log(1.0 / 6));
        assertEquals(Math.exp(entropy), r.effectiveRank(), 1e-12);
    }
}
