package org.psrnn.rng;

/**
 * The derived random streams of MODEL.md: every random number in psrnn is one Philox call whose
 * counter names what it is for (the stream tag in the low 8 bits of {@code c3}) and which element
 * it belongs to, never a thread or a call order.
 */
public final class Streams {
    public static final int INIT_W = 1;
    public static final int INIT_W_IN = 2;
    public static final int INIT_W_OUT = 3;
    public static final int NOISE = 4;
    public static final int SWITCHING = 5;
    public static final int TRIALS = 6;
    public static final int FIXED_MASK = 7;
    public static final int RANDOM_HEBBIAN = 8;
    public static final int PSYCHOMETRIC = 9;

    /** The noise counter keeps {@code t} in the top 24 bits of {@code c3}. */
    public static final int MAX_STEPS = 1 << 24;

    private Streams() {}

    /** A standard normal from the counter {@code (c0, c1, c2, c3)} under {@code seed}. */
    public static double normal(long seed, int c0, int c1, int c2, int c3) {
        return Philox.normal(c0, c1, c2, c3, Philox.key0(seed), Philox.key1(seed));
    }

    /** The first output word, unsigned, of the counter {@code (c0, c1, c2, c3)} under {@code seed}. */
    public static long firstWord(long seed, int c0, int c1, int c2, int c3) {
        return Philox.firstWord(c0, c1, c2, c3, Philox.key0(seed), Philox.key1(seed));
    }

    /** Initialisation normal for {@code W[i][j]}: counter {@code (j, i, 0, 1)}; scale by {@code g / sqrt(N)}. */
    public static double initRecurrent(long seed, int i, int j) {
        return normal(seed, j, i, 0, INIT_W);
    }

    /** Initialisation normal for {@code W_in[i][j]}: counter {@code (j, i, 0, 2)}; scale by {@code 1 / sqrt(n_in)}. */
    public static double initInput(long seed, int i, int j) {
        return normal(seed, j, i, 0, INIT_W_IN);
    }

    /** Initialisation normal for {@code W_out[i][j]}: counter {@code (j, i, 0, 3)}; scale by {@code 1 / sqrt(N)}. */
    public static double initOutput(long seed, int i, int j) {
        return normal(seed, j, i, 0, INIT_W_OUT);
    }

    /** Recurrent noise {@code xi_t[b][i]} of iteration {@code k}: counter {@code (i, b, k, 4 | (t << 8))}. */
    public static double noise(long seed, long k, int t, int b, int i) {
        return normal(seed, i, b, (int) k, NOISE | (t << 8));
    }

    /** The switching draw of synapse {@code (i, j)} at iteration {@code k}: first word of {@code (j, i, k, 5)}. */
    public static long switchingWord(long seed, long k, int i, int j) {
        return firstWord(seed, j, i, (int) k, SWITCHING);
    }

    /** The draw deciding whether synapse {@code (i, j)} starts STRONG in preset {@code fixed}: {@code (j, i, 0, 7)}. */
    public static long fixedMaskWord(long seed, int i, int j) {
        return firstWord(seed, j, i, 0, FIXED_MASK);
    }

    /** The normal of the random Hebbian control for synapse {@code (i, j)} at iteration {@code k}: counter {@code (j, i, k, 8)}. */
    public static double randomHebbian(long seed, long k, int i, int j) {
        return normal(seed, j, i, (int) k, RANDOM_HEBBIAN);
    }

    /**
     * The seed of trial {@code b} of iteration {@code k}: the first two words of {@code (b, k, 0, 6)},
     * word 0 in the low half and word 1 in the high half.
     */
    public static long trialSeed(long seed, long k, int b) {
        int[] o = new int[4];
        Philox.block(b, (int) k, 0, TRIALS, Philox.key0(seed), Philox.key1(seed), Philox.ROUNDS, o);
        return Philox.unsigned(o[0]) | ((long) o[1] << 32);
    }

    /**
     * The seed of psychometric trial {@code j} at the {@code v}-th value of a task's grid: the first
     * two words of {@code (j, v, 0, 9)}, as {@link #trialSeed} (MODEL.md "Psychometric curve").
     */
    public static long psychometricTrialSeed(long seed, int v, int j) {
        int[] o = new int[4];
        Philox.block(j, v, 0, PSYCHOMETRIC, Philox.key0(seed), Philox.key1(seed), Philox.ROUNDS, o);
        return Philox.unsigned(o[0]) | ((long) o[1] << 32);
    }

    /**
     * Whether an event of probability {@code p} happens for a 32-bit draw: it does iff the word, as
     * an unsigned integer, is below {@code floor(p * 2^32)} (MODEL.md "Switch modes").
     */
    public static boolean happens(long word, double p) {
        return word < (long) Math.floor(p * 0x1p32);
    }
}
