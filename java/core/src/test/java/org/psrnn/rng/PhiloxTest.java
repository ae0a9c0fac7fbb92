package org.psrnn.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PhiloxTest {

    private static int hex(String s) {
        return (int) Long.parseLong(s, 16);
    }

    /**
     * Known answers: the two of MODEL.md, and the Random123 distribution's kat_vectors for
     * philox4x32 with 7 and 10 rounds (counter c0..c3, key k0 k1 -> four output words).
     */
    @ParameterizedTest(name = "philox4x32-{0}({1} {2} {3} {4} / {5} {6})")
    @CsvSource(delimiter = ' ', value = {
        "10 00000000 00000000 00000000 00000000 00000000 00000000 6627e8d5 e169c58d bc57ac4c 9b00dbd8",
        "10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff 408f276d 41c83b0e a20bc7c6 6d5451fd",
        "10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0 d16cfe09 94fdcceb 5001e420 24126ea1",
        "7 00000000 00000000 00000000 00000000 00000000 00000000 5f6fb709 0d893f64 4f121f81 4f730a48",
        "7 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff 5207ddc2 45165e59 4d8ee751 8c52f662",
        "7 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0 4dfccaba 190a87f0 c47362ba b6b5242a",
    })
    void knownAnswers(int rounds, String c0, String c1, String c2, String c3, String k0, String k1,
                      String o0, String o1, String o2, String o3) {
        int[] out = new int[4];
        Philox.block(hex(c0), hex(c1), hex(c2), hex(c3), hex(k0), hex(k1), rounds, out);
        assertArrayEquals(new int[] {hex(o0), hex(o1), hex(o2), hex(o3)}, out);
    }

    @Test
    void tenRoundBlockIsTheDefault() {
        assertArrayEquals(new int[] {hex("d16cfe09"), hex("94fdcceb"), hex("5001e420"), hex("24126ea1")},
                Philox.block(hex("243f6a88"), hex("85a308d3"), hex("13198a2e"), hex("03707344"), hex("a4093822"), hex("299f31d0")));
    }

    @Test
    void allocationFreeFormsMatchTheBlock() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int n = 0; n < 1000; n++) {
            int c0 = r.nextInt(), c1 = r.nextInt(), c2 = r.nextInt(), c3 = r.nextInt(), k0 = r.nextInt(), k1 = r.nextInt();
            int[] o = Philox.block(c0, c1, c2, c3, k0, k1);
            assertEquals(Philox.normal(o[0], o[1]), Philox.normal(c0, c1, c2, c3, k0, k1), 0.0);
            assertEquals(Philox.unsigned(o[0]), Philox.firstWord(c0, c1, c2, c3, k0, k1));
        }
    }

    @Test
    void keyIsLowThenHighHalfOfTheSeed() {
        long seed = 0x299f31d0a4093822L;
        assertEquals(hex("a4093822"), Philox.key0(seed));
        assertEquals(hex("299f31d0"), Philox.key1(seed));
        // The third known answer, reached through a 64-bit seed.
        assertEquals(Philox.unsigned(hex("d16cfe09")),
                Streams.firstWord(seed, hex("243f6a88"), hex("85a308d3"), hex("13198a2e"), hex("03707344")));
    }

    @Test
    void normalTransformKnownValues() {
        // o0 = 2^32 - 1 gives u1 = 1, so z = 0 whatever o1 is.
        assertEquals(0.0, Philox.normal(0xFFFFFFFF, 12345), 0.0);
        // o0 = 2^31 - 1 gives u1 = 1/2; o1 = 0 gives cos(0) = 1: z = sqrt(2 ln 2).
        assertEquals(Math.sqrt(2 * Math.log(2)), Philox.normal(0x7FFFFFFF, 0), 1e-15);
        // o1 = 2^31 gives u2 = 1/2, cos(pi) = -1.
        assertEquals(-Math.sqrt(2 * Math.log(2)), Philox.normal(0x7FFFFFFF, 0x80000000), 1e-15);
        // o0 = 0 gives the smallest u1 = 2^-32: the largest magnitude, sqrt(64 ln 2).
        assertEquals(Math.sqrt(64 * Math.log(2)), Philox.normal(0, 0), 1e-12);
    }

    @Test
    void normalsHaveUnitMomentsAndTheMeasuredTails() {
        int n = 200_000;
        double sum = 0, sumSq = 0, sum4 = 0;
        int beyond2 = 0;
        for (int i = 0; i < n; i++) {
            double z = Streams.noise(7, 0, 0, 0, i);
            sum += z;
            sumSq += z * z;
            sum4 += z * z * z * z;
            if (Math.abs(z) > 2) beyond2++;
        }
        double mean = sum / n, var = sumSq / n - mean * mean;
        assertEquals(0.0, mean, 0.01);
        assertEquals(1.0, var, 0.015);
        assertEquals(3.0, sum4 / n, 0.08);                      // kurtosis of a normal
        assertEquals(0.0455, beyond2 / (double) n, 0.003);      // P(|z| > 2)
    }

    @Test
    void streamsUseTheCountersOfModelMd() {
        long seed = 0x0000000500000009L;
        int k0 = Philox.key0(seed), k1 = Philox.key1(seed);
        int[] o = Philox.block(4, 3, 11, 4 | (7 << 8), k0, k1); // noise: (i, b, k, 4 | t << 8)
        assertEquals(Philox.normal(o[0], o[1]), Streams.noise(seed, 11, 7, 3, 4), 0.0);
        o = Philox.block(5, 2, 0, 1, k0, k1);                    // W[2][5]: (j, i, 0, 1)
        assertEquals(Philox.normal(o[0], o[1]), Streams.initRecurrent(seed, 2, 5), 0.0);
        o = Philox.block(5, 2, 0, 2, k0, k1);
        assertEquals(Philox.normal(o[0], o[1]), Streams.initInput(seed, 2, 5), 0.0);
        o = Philox.block(5, 2, 0, 3, k0, k1);
        assertEquals(Philox.normal(o[0], o[1]), Streams.initOutput(seed, 2, 5), 0.0);
        o = Philox.block(5, 2, 13, 5, k0, k1);                   // switching: (j, i, k, 5)
        assertEquals(Philox.unsigned(o[0]), Streams.switchingWord(seed, 13, 2, 5));
        o = Philox.block(5, 2, 0, 7, k0, k1);                    // fixed mask: (j, i, 0, 7)
        assertEquals(Philox.unsigned(o[0]), Streams.fixedMaskWord(seed, 2, 5));
        o = Philox.block(6, 17, 0, 6, k0, k1);                   // trials: (b, k, 0, 6)
        assertEquals(Philox.unsigned(o[0]) | ((long) o[1] << 32), Streams.trialSeed(seed, 17, 6));
    }

    @Test
    void streamsAreDistinct() {
        // Same logical index, different tags: different numbers.
        assertFalse(Streams.initRecurrent(1, 0, 0) == Streams.initInput(1, 0, 0));
        assertFalse(Streams.noise(1, 0, 0, 0, 0) == Streams.noise(1, 0, 1, 0, 0));
        assertFalse(Streams.noise(1, 0, 0, 0, 0) == Streams.noise(2, 0, 0, 0, 0));
    }

    @Test
    void eventThresholdIsFloorOfPTimes2To32() {
        assertFalse(Streams.happens(0, 0.0));
        assertTrue(Streams.happens(0xFFFFFFFFL, 1.0));
        long threshold = (long) Math.floor(0.3 * 4294967296.0); // 1288490188
        assertEquals(1288490188L, threshold);
        assertTrue(Streams.happens(threshold - 1, 0.3));
        assertFalse(Streams.happens(threshold, 0.3));
    }
}
