package org.psrnn.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;
import org.psrnn.rng.Philox;

class SwitchingTest {
    private static final long SEED = 1234567;

    @Test
    void thresholdWithoutHysteresisIsStrongIffAboveTheta() {
        var c = new SwitchConfig(SwitchMode.THRESHOLD, 0.5, 0.0, 0.1, Double.NaN);
        assertTrue(Switching.nextStrong(c, false, 0.5, SEED, 0, 0, 0));   // |W| >= theta: up
        assertTrue(Switching.nextStrong(c, false, -0.7, SEED, 0, 0, 0));
        assertFalse(Switching.nextStrong(c, false, 0.49, SEED, 0, 0, 0));
        assertFalse(Switching.nextStrong(c, true, 0.49, SEED, 0, 0, 0));  // below: down
        assertTrue(Switching.nextStrong(c, true, -0.5, SEED, 0, 0, 0));
    }

    @Test
    void hysteresisKeepsStrongSynapsesInsideTheBand() {
        var c = new SwitchConfig(SwitchMode.THRESHOLD, 0.5, 0.2, 0.1, Double.NaN); // band [0.4, 0.5)
        assertTrue(Switching.nextStrong(c, true, 0.45, SEED, 0, 0, 0));   // STRONG stays inside the band
        assertTrue(Switching.nextStrong(c, true, -0.4, SEED, 0, 0, 0));
        assertFalse(Switching.nextStrong(c, true, 0.39, SEED, 0, 0, 0));  // below (1 - h) theta: down
        assertFalse(Switching.nextStrong(c, false, 0.45, SEED, 0, 0, 0)); // WEAK does not go up inside the band
        assertTrue(Switching.nextStrong(c, false, 0.5, SEED, 0, 0, 0));
    }

    @Test
    void noneNeverChanges() {
        var c = new SwitchConfig(SwitchMode.NONE, 0.5, 0.0, 0.1, Double.NaN);
        assertTrue(Switching.nextStrong(c, true, 0.0, SEED, 0, 0, 0));
        assertFalse(Switching.nextStrong(c, false, 100.0, SEED, 0, 0, 0));
    }

    @Test
    void stochasticDecisionIsReproducedFromThePhiloxWordByHand() {
        double theta = 0.3, temp = 0.05, kappa = 0.8;
        var c = new SwitchConfig(SwitchMode.STOCHASTIC, theta, 0.0, kappa, temp);
        int flips = 0, checked = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                long k = 41;
                double w = 0.3 + 0.02 * (i - j);
                boolean strong = (i + j) % 2 == 0;
                // By hand: the first word of Philox4x32-10 with counter (j, i, k, 5) and key = seed.
                int[] o = Philox.block(j, i, (int) k, 5, (int) SEED, (int) (SEED >>> 32));
                long word = o[0] & 0xFFFFFFFFL;
                double x = strong ? (theta - Math.abs(w)) / temp : (Math.abs(w) - theta) / temp;
                double p = kappa / (1 + Math.exp(-x));
                boolean flip = word < (long) Math.floor(p * 4294967296.0);
                assertEquals(strong != flip, Switching.nextStrong(c, strong, w, SEED, k, i, j), "synapse " + i + "," + j);
                if (flip) flips++;
                checked++;
            }
        }
        assertTrue(flips > 10 && flips < checked - 10, "both outcomes occur: " + flips + " of " + checked);
    }

    @Test
    void stochasticProbabilitiesFollowTheSigmoid() {
        var c = new SwitchConfig(SwitchMode.STOCHASTIC, 0.2, 0.0, 0.1, Double.NaN); // temp = 0.02
        assertEquals(0.02, c.effectiveTemp(), 1e-17);
        assertEquals(0.05, Switching.upProbability(c, 0.2), 1e-16);   // at theta: kappa / 2
        assertEquals(0.05, Switching.downProbability(c, 0.2), 1e-16);
        assertEquals(0.1 / (1 + Math.exp(-5)), Switching.upProbability(c, 0.3), 1e-15);
        assertEquals(0.1 / (1 + Math.exp(5)), Switching.downProbability(c, 0.3), 1e-15);
    }

    @Test
    void stochasticDrawFrequencyMatchesTheProbability() {
        var c = new SwitchConfig(SwitchMode.STOCHASTIC, 0.5, 0.0, 0.6, 0.1);
        int ups = 0, n = 40_000;
        for (int idx = 0; idx < n; idx++) {
            if (Switching.nextStrong(c, false, 0.5, SEED, 3, idx / 200, idx % 200)) ups++;
        }
        assertEquals(0.3, ups / (double) n, 0.01);
    }

    @Test
    void validation() {
        assertThrows(InvalidInputException.class, () -> new SwitchConfig(SwitchMode.THRESHOLD, -0.1, 0, 0.1, Double.NaN));
        assertThrows(InvalidInputException.class, () -> new SwitchConfig(SwitchMode.THRESHOLD, 0.1, 1.0, 0.1, Double.NaN));
        assertThrows(InvalidInputException.class, () -> new SwitchConfig(SwitchMode.THRESHOLD, 0.1, -0.1, 0.1, Double.NaN));
        assertThrows(InvalidInputException.class, () -> new SwitchConfig(SwitchMode.STOCHASTIC, 0.1, 0, 1.5, Double.NaN));
        assertThrows(InvalidInputException.class, () -> new SwitchConfig(SwitchMode.STOCHASTIC, 0.1, 0, 0.1, 0.0));
        var unresolved = new SwitchConfig(SwitchMode.THRESHOLD, Double.NaN, 0, 0.1, Double.NaN);
        var e = assertThrows(InvalidInputException.class, unresolved::requireResolved);
        assertTrue(e.getMessage().startsWith("theta is not set"), e.getMessage());
        var zeroTemp = new SwitchConfig(SwitchMode.STOCHASTIC, 0.0, 0, 0.1, Double.NaN);
        assertThrows(InvalidInputException.class, zeroTemp::requireResolved);
        var e2 = assertThrows(InvalidInputException.class, () -> SwitchMode.parse("treshold"));
        assertTrue(e2.getMessage().contains("did you mean 'threshold'"), e2.getMessage());
    }
}
