package org.psrnn.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;

class AdamTest {
    @Test
    void firstStepMovesByLrTimesSignOfGradient() {
        // k = 1: m = 0.1 g, v = 0.001 g^2; bias correction restores g and g^2: step = lr g / (|g| + eps).
        double[] m = {0}, v = {0};
        double p = new Adam(new AdamConfig(0.1, 0.9, 0.999, 1e-8), 1).update(1.0, 0.5, m, v, 0);
        assertEquals(0.05, m[0], 1e-16);
        assertEquals(0.00025, v[0], 1e-18);
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), p, 1e-15);
        assertEquals(0.9, p, 1e-8);
    }

    @Test
    void secondStepUsesBothMomentsAndBiasCorrection() {
        // By hand: k = 2, m1 = 0.05, v1 = 0.00025 (from g1 = 0.5), g2 = -0.25.
        double[] m = {0.05}, v = {0.00025};
        double p = new Adam(new AdamConfig(0.01, 0.9, 0.999, 1e-8), 2).update(0.9, -0.25, m, v, 0);
        double m2 = 0.9 * 0.05 + 0.1 * -0.25;           // 0.02
        double v2 = 0.999 * 0.00025 + 0.001 * 0.0625;   // 0.00031225
        assertEquals(0.02, m[0], 1e-16);
        assertEquals(0.00031225, v[0], 1e-18);
        double mHat = m2 / (1 - 0.81), vHat = v2 / (1 - 0.998001);
        assertEquals(0.9 - 0.01 * mHat / (Math.sqrt(vHat) + 1e-8), p, 1e-15);
        assertEquals(0.89733663, p, 1e-8); // worked out on paper: 0.9 - 0.01 * 0.105263 / 0.395225
    }

    @Test
    void rejectsOutOfRangeHyperParameters() {
        assertThrows(InvalidInputException.class, () -> new AdamConfig(-1e-3, 0.9, 0.999, 1e-8));
        assertThrows(InvalidInputException.class, () -> new AdamConfig(Double.NaN, 0.9, 0.999, 1e-8));
        assertThrows(InvalidInputException.class, () -> new AdamConfig(1e-3, 1.0, 0.999, 1e-8));
        assertThrows(InvalidInputException.class, () -> new AdamConfig(1e-3, 0.9, -0.1, 1e-8));
        var e = assertThrows(InvalidInputException.class, () -> new AdamConfig(1e-3, 0.9, 0.999, 0));
        assertEquals("eps = 0 is not allowed: must be finite and > 0", e.getMessage());
    }
}
