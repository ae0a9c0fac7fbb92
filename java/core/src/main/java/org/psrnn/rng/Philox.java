package org.psrnn.rng;

/**
 * Philox4x32-10, the counter-based generator of Salmon et al. (SC'11, Random123), exactly as
 * MODEL.md "Random numbers" fixes it: a pure function of a 128-bit counter and a 64-bit key, so
 * every engine (CPU or GPU, any thread layout) draws the same numbers for the same logical index.
 *
 * <p>Words are Java {@code int}s holding unsigned 32-bit values.
 */
public final class Philox {
    /** Rounds of the standard generator. */
    public static final int ROUNDS = 10;

    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final long MASK = 0xFFFFFFFFL;

    private Philox() {}

    /** The four output words for counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)}, 10 rounds. */
    public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        block(c0, c1, c2, c3, k0, k1, ROUNDS, out);
        return out;
    }

    /** Philox4x32 with {@code rounds} rounds, written into {@code out[0..3]} (no allocation). */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int rounds, int[] out) {
        for (int round = 0; round < rounds; round++) {
            if (round > 0) { // the key is bumped by the Weyl constants before every round but the first
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & MASK);
            long p1 = M1 * (c2 & MASK);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * The standard normal of MODEL.md for counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)}:
     * the same value as {@code normal(block(...)[0], block(...)[1])}, without allocating.
     */
    public static double normal(int c0, int c1, int c2, int c3, int k0, int k1) {
        long words = firstTwoWords(c0, c1, c2, c3, k0, k1);
        return normal((int) words, (int) (words >>> 32));
    }

    /** The first output word, unsigned, for counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)}, without allocating. */
    public static long firstWord(int c0, int c1, int c2, int c3, int k0, int k1) {
        return firstTwoWords(c0, c1, c2, c3, k0, k1) & MASK;
    }

    /** The first two output words, unsigned, as {@code o0 | o1 << 32}, for counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)}, without allocating. */
    public static long firstTwoWords(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & MASK);
            long p1 = M1 * (c2 & MASK);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        return (c0 & MASK) | (long) c1 << 32;
    }

    /** Key word 0 for a 64-bit seed: {@code seed & 0xffffffff}. */
    public static int key0(long seed) {
        return (int) seed;
    }

    /** Key word 1 for a 64-bit seed: {@code seed >>> 32}. */
    public static int key1(long seed) {
        return (int) (seed >>> 32);
    }

    /** A word as the unsigned value it stands for. */
    public static long unsigned(int word) {
        return word & MASK;
    }

    /**
     * The standard normal of MODEL.md from the first two words of one Philox call:
     * {@code u1 = (o0 + 1) 2^-32}, {@code u2 = o1 2^-32}, {@code z = sqrt(-2 ln u1) cos(2 pi u2)}.
     */
    public static double normal(int o0, int o1) {
        double u1 = (unsigned(o0) + 1) * 0x1p-32;
        double u2 = unsigned(o1) * 0x1p-32;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
