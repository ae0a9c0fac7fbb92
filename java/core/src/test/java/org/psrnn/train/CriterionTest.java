package org.psrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CriterionTest {
    @Test
    void firstOfTwoConsecutiveEvaluationsAtOrAboveCriterion() {
        Criterion c = new Criterion(0.9);
        assertFalse(c.record(0, 0.5));
        assertFalse(c.record(100, 0.91));   // candidate ...
        assertFalse(c.record(200, 0.85));   // ... lost
        assertFalse(c.record(300, 0.9));    // candidate (>= counts)
        assertTrue(c.record(400, 0.95));    // confirmed: the first of the two
        assertEquals(300, c.trialsToCriterion().getAsLong());
        assertTrue(c.record(500, 0.1));     // known once, kept
        assertEquals(300, c.trialsToCriterion().getAsLong());
    }

    @Test
    void notReachedIsEmpty() {
        Criterion c = new Criterion(0.9);
        c.record(0, 0.95);
        assertTrue(c.trialsToCriterion().isEmpty());
    }
}
