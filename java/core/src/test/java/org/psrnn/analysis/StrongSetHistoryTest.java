package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Turnover of the STRONG set over a sequence of masks worked out by hand. */
class StrongSetHistoryTest {
    @Test
    void jaccardOfSetsAndOfTwoEmptyOnes() {
        assertEquals(1.0 / 3, Turnover.jaccard(new byte[] {1, 1, 0, 0}, new byte[] {0, 1, 1, 0}), 1e-15);
        assertEquals(0.0, Turnover.jaccard(new byte[] {1, 0}, new byte[] {0, 1}));
        assertEquals(1.0, Turnover.jaccard(new byte[] {0, 0}, new byte[] {0, 0}), "two empty sets are the same set");
    }

    @Test
    void turnoverAgainstThePreviousAndTheInitialSetAndEverStrong() {
        StrongSetHistory h = new StrongSetHistory();
        assertFalse(h.started());
        // Evaluation 0: {0, 1} of 6 synapses. No previous evaluation.
        Turnover t0 = h.observe(new byte[] {1, 1, 0, 0, 0, 0});
        assertTrue(Double.isNaN(t0.jaccardPrevious()));
        assertEquals(1.0, t0.jaccardInitial());
        assertEquals(2.0 / 6, t0.everStrongFraction(), 1e-15);
        // Evaluation 1: {1, 2}: 1 shared of 3 with both; ever {0, 1, 2}.
        Turnover t1 = h.observe(new byte[] {0, 1, 1, 0, 0, 0});
        assertEquals(1.0 / 3, t1.jaccardPrevious(), 1e-15);
        assertEquals(1.0 / 3, t1.jaccardInitial(), 1e-15);
        assertEquals(3.0 / 6, t1.everStrongFraction(), 1e-15);
        // Evaluation 2: {2, 3}: 1 of 3 with {1, 2}, 0 of 4 with {0, 1}; ever {0, 1, 2, 3}.
        Turnover t2 = h.observe(new byte[] {0, 0, 1, 1, 0, 0});
        assertEquals(1.0 / 3, t2.jaccardPrevious(), 1e-15);
        assertEquals(0.0, t2.jaccardInitial());
        assertEquals(4.0 / 6, t2.everStrongFraction(), 1e-15);
        // Evaluation 3: back to {0, 1}: ever does not shrink.
        Turnover t3 = h.observe(new byte[] {1, 1, 0, 0, 0, 0});
        assertEquals(0.0, t3.jaccardPrevious());
        assertEquals(1.0, t3.jaccardInitial());
        assertEquals(4.0 / 6, t3.everStrongFraction(), 1e-15);
    }

    @Test
    void aRestoredHistoryContinuesTheSameNumbers() {
        StrongSetHistory whole = new StrongSetHistory();
        whole.observe(new byte[] {1, 0, 0, 1});
        whole.observe(new byte[] {0, 1, 0, 1});
        StrongSetHistory restored = StrongSetHistory.restore(whole.initial(), whole.previous(), whole.ever());
        assertArrayEquals(new byte[] {1, 1, 0, 1}, restored.ever());
        byte[] next = {0, 1, 1, 0};
        assertEquals(whole.observe(next), restored.observe(next));
    }

    @Test
    void aHistoryFromOneStrongSetSeesNoTurnoverUntilItMoves() {
        StrongSetHistory h = StrongSetHistory.from(new byte[] {1, 0, 0, 0});
        assertTrue(h.started());
        assertEquals(new Turnover(0.25, 1.0, 1.0), h.observe(new byte[] {1, 0, 0, 0}));
        assertEquals(new Turnover(0.5, 0.5, 0.5), h.observe(new byte[] {1, 1, 0, 0}));
    }

    @Test
    void theHistoryKeepsCopiesNotTheCallersArray() {
        StrongSetHistory h = new StrongSetHistory();
        byte[] s = {1, 0};
        h.observe(s);
        s[1] = 1; // an engine's export reused
        assertEquals(0.5, h.observe(s).jaccardPrevious(), 1e-15);
    }
}
