package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A unimodal |W| with a spike of synapses piled just below theta: Sarle's coefficient of the
 * whole reads two modes, without the band it reads the unimodal part again.
 */
class BimodalitySplitTest {
    @Test
    void thePileUpBelowThetaMakesTheBimodalityAndLeavingItOutRemovesIt() {
        SplittableRandom r = new SplittableRandom(4);
        int bulk = 4000, pile = 1500;
        double theta = 2.0;
        double[] w = new double[bulk + pile];
        byte[] strong = new byte[w.length];
        double[] unimodal = new double[bulk];
        for (int i = 0; i < bulk; i++) {
            double g = r.nextDouble() - 0.5 + r.nextDouble() - 0.5 + r.nextDouble() - 0.5; // a bell on [-1.5, 1.5]
            w[i] = g;
            unimodal[i] = Math.abs(g);
        }
        for (int i = bulk; i < w.length; i++) w[i] = (i % 2 == 0 ? 1 : -1) * theta * (1 - 0.01 * r.nextDouble()); // just below theta
        for (int i = 0; i < w.length; i += 3) strong[i] = 1;

        double[] abs = Arrays.stream(w).map(Math::abs).toArray();
        assertTrue(Structure.sarleBimodality(abs) > 5.0 / 9, "the pile reads as a mode: " + Structure.sarleBimodality(abs));
        BimodalitySplit split = BimodalitySplit.of(w, strong, theta);
        assertEquals(Structure.sarleBimodality(unimodal), split.outsideBand(), 1e-12, "without the band: the bell alone");
        assertTrue(split.outsideBand() < 5.0 / 9, "one mode: " + split.outsideBand());

        double[] weak = new double[w.length], str = new double[w.length];
        int nw = 0, ns = 0;
        for (int i = 0; i < w.length; i++) {
            if (strong[i] == 1) str[ns++] = abs[i];
            else weak[nw++] = abs[i];
        }
        assertEquals(Structure.sarleBimodality(Arrays.copyOf(weak, nw)), split.weak(), 1e-15);
        assertEquals(Structure.sarleBimodality(Arrays.copyOf(str, ns)), split.strong(), 1e-15);
    }

    @Test
    void theBandIsHalfOpenBelowTheta() {
        // theta = 1, band 0.1: 0.9 and 0.95 are in it; 0.89 and 1.0 are not. Sarle of the 5 outside.
        double[] w = {0.9, -0.95, 0.89, 1.0, 0.1, 0.2, 0.3};
        double expected = Structure.sarleBimodality(new double[] {0.89, 1.0, 0.1, 0.2, 0.3});
        assertEquals(expected, BimodalitySplit.of(w, new byte[w.length], 1.0, 0.1).outsideBand(), 1e-15);
        assertTrue(Double.isNaN(BimodalitySplit.of(w, new byte[w.length], Double.NaN).outsideBand()), "theta unknown");
    }
}
