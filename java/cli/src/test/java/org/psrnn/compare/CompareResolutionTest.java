package org.psrnn.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.analysis.PairedTests;
import org.psrnn.train.ComparisonSummary;

/** How small a p the comparison's paired tests can give with n seeds, and so how many seeds a significant result needs. */
class CompareResolutionTest {
    /** Every sign pattern of n differences is equally likely under the null: the most extreme has two-sided p 2 / 2^n. */
    @Test
    void theSmallestPOfNPairsIsTwoOverTwoToTheN() {
        assertEquals(1.0, ComparisonSummary.smallestP(0), 0.0);
        for (int n = 1; n <= 12; n++) {
            assertEquals(Math.min(1.0, 2.0 / Math.pow(2, n)), ComparisonSummary.smallestP(n), 1e-15, "n = " + n);
        }
        // 2 / 2^5 = 0.0625 is not below 0.05, 2 / 2^6 = 0.03125 is; at 0.01: 2 / 2^7 = 0.0156, 2 / 2^8 = 0.0078.
        assertEquals(6, ComparisonSummary.pairsNeeded(0.05));
        assertEquals(8, ComparisonSummary.pairsNeeded(0.01));
    }

    /** No data of 4 pairs, ties and zero differences included, gives either test a p below that of its non-zero pairs. */
    @Test
    void noDataGoesBelowItAndSomeReachesIt() {
        int[] values = {-2, -1, 0, 1, 2};
        boolean reached = false;
        for (int code = 0; code < 625; code++) {
            double[] d = new double[4], zero = new double[4];
            int nonZero = 0;
            for (int i = 0, c = code; i < 4; i++, c /= 5) {
                d[i] = values[c % 5];
                if (d[i] != 0) nonZero++;
            }
            double floor = ComparisonSummary.smallestP(nonZero);
            double w = PairedTests.wilcoxon(d, zero).pValue(), f = PairedTests.signFlip(d, zero);
            assertTrue(w >= floor - 1e-12 && f >= floor - 1e-12, java.util.Arrays.toString(d) + ": " + w + ", " + f + " < " + floor);
            reached |= nonZero == 4 && Math.min(w, f) == floor;
        }
        assertTrue(reached, "the floor is reached by some data of 4 pairs");
    }
}
