package org.psrnn.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;

class HebbianConfigTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void plainAddsEtaTimesHMinusDecay() {
        var c = new HebbianConfig(HebbianRule.PLAIN, 0.1, 0.01, INF);
        // w + 0.1 * 2 - 0.01 * 0.5
        assertEquals(0.5 + 0.2 - 0.005, c.update(0.5, 2.0, 99.0), 1e-15);
    }

    @Test
    void ojaSubtractsPostsynapticPowerTimesWeight() {
        var c = new HebbianConfig(HebbianRule.OJA, 0.1, 0.0, INF);
        // w + 0.1 * (H - Q w) = 0.5 + 0.1 * (2 - 3 * 0.5)
        assertEquals(0.55, c.update(0.5, 2.0, 3.0), 1e-15);
    }

    @Test
    void covarianceUsesTheCenteredTermLikePlain() {
        var c = new HebbianConfig(HebbianRule.COVARIANCE, 0.1, 0.0, INF);
        assertEquals(0.5 - 0.03, c.update(0.5, -0.3, 7.0), 1e-15);
    }

    @Test
    void clampKeepsWeightsWithinWMax() {
        var c = new HebbianConfig(HebbianRule.PLAIN, 1.0, 0.0, 0.6);
        assertEquals(0.6, c.update(0.5, 2.0, 0), 0.0);
        assertEquals(-0.6, c.update(-0.5, -2.0, 0), 0.0);
        assertEquals(0.55, c.update(0.5, 0.05, 0), 1e-15);
    }

    @Test
    void rejectsNegativeOrNanRates() {
        assertThrows(InvalidInputException.class, () -> new HebbianConfig(HebbianRule.PLAIN, -1e-3, 0, INF));
        assertThrows(InvalidInputException.class, () -> new HebbianConfig(HebbianRule.PLAIN, Double.NaN, 0, INF));
        assertThrows(InvalidInputException.class, () -> new HebbianConfig(HebbianRule.PLAIN, 1e-3, -1, INF));
        assertThrows(InvalidInputException.class, () -> new HebbianConfig(HebbianRule.PLAIN, 1e-3, 0, 0));
        var e = assertThrows(InvalidInputException.class, () -> HebbianRule.parse("ojja"));
        assertEquals("hebb_rule = 'ojja' is not allowed: must be one of plain, oja, covariance (did you mean 'oja'?)", e.getMessage());
    }
}
