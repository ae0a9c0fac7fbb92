package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** H against -G over WEAK entries, on vectors whose answers are known by hand. */
class HebbianAlignmentTest {
    private static final byte[] LAST_STRONG = {0, 0, 0, 1};

    @Test
    void hAlongMinusGIsAlignedAndAlongGIsOpposed() {
        // The STRONG entry (last) disagrees and is left out.
        HebbianAlignment along = HebbianAlignment.of(new double[] {1, -2, 3, 9}, new double[] {-2, 4, -6, 9}, LAST_STRONG);
        assertEquals(1.0, along.cosine(), 1e-15);
        assertEquals(1.0, along.signAgreement());
        HebbianAlignment against = HebbianAlignment.of(new double[] {1, -2, 3, -9}, new double[] {2, -4, 6, 9}, LAST_STRONG);
        assertEquals(-1.0, against.cosine(), 1e-15);
        assertEquals(0.0, against.signAgreement());
    }

    @Test
    void orthogonalTermsAndSignsCountedWhereBothAreNonZero() {
        // WEAK: H = (1, 1, 0), -G = (1, -1, 5): dot 0; signs: agree, disagree, H zero (not counted).
        HebbianAlignment a = HebbianAlignment.of(new double[] {1, 1, 0, 4}, new double[] {-1, 1, -5, 4}, LAST_STRONG);
        assertEquals(0.0, a.cosine(), 1e-15);
        assertEquals(0.5, a.signAgreement());
        // cos = (2*1 + 0*3) / (2 * sqrt(10)) with H = (2, 0, 0), -G = (1, 3, 0).
        HebbianAlignment b = HebbianAlignment.of(new double[] {2, 0, 0, 1}, new double[] {-1, -3, 0, 1}, LAST_STRONG);
        assertEquals(1 / Math.sqrt(10), b.cosine(), 1e-15);
        assertEquals(1.0, b.signAgreement());
    }

    @Test
    void undefinedWithoutWeakEntriesOrWithAZeroTerm() {
        HebbianAlignment allStrong = HebbianAlignment.of(new double[] {1, 2}, new double[] {-1, -2}, new byte[] {1, 1});
        assertTrue(Double.isNaN(allStrong.cosine()) && Double.isNaN(allStrong.signAgreement()));
        HebbianAlignment silent = HebbianAlignment.of(new double[] {0, 0}, new double[] {-1, -2}, new byte[] {0, 0});
        assertTrue(Double.isNaN(silent.cosine()) && Double.isNaN(silent.signAgreement()));
    }
}
