package org.psrnn.analysis;

/**
 * The STRONG sets that {@link Turnover} compares against, carried from one evaluation to the
 * next: the initial one, the previous evaluation's, and every synapse STRONG at some evaluation.
 * "Ever STRONG" is sampled at evaluations (a synapse STRONG only between two of them is not
 * seen): reading S after every iteration would copy the state out of the engine (off the GPU)
 * at every step. A run's checkpoint keeps the three masks, so a resumed run continues the same
 * numbers.
 */
public final class StrongSetHistory {
    private byte[] initial, previous, ever;

    /** A history with nothing seen yet: the first {@link #observe} sets the initial STRONG set. */
    public StrongSetHistory() {}

    /** The history saved as {@link #initial()}, {@link #previous()} and {@link #ever()}. */
    public static StrongSetHistory restore(byte[] initial, byte[] previous, byte[] ever) {
        if (initial.length != previous.length || initial.length != ever.length) {
            throw new IllegalArgumentException("masks of " + initial.length + ", " + previous.length + " and " + ever.length + " entries");
        }
        StrongSetHistory h = new StrongSetHistory();
        h.initial = initial.clone();
        h.previous = previous.clone();
        h.ever = ever.clone();
        return h;
    }

    /**
     * A history whose initial, previous and ever-STRONG sets are all {@code strong}: what a run
     * resumed from a checkpoint written before turnover was measured counts turnover from.
     */
    public static StrongSetHistory from(byte[] strong) {
        return restore(strong, strong, strong);
    }

    /** Whether an evaluation has been observed (or restored). */
    public boolean started() {
        return initial != null;
    }

    /** The turnover of {@code strong} (this evaluation's S), which then becomes the previous one. */
    public Turnover observe(byte[] strong) {
        double previousOverlap = Double.NaN;
        if (initial == null) {
            initial = strong.clone();
            ever = strong.clone();
        } else {
            previousOverlap = Turnover.jaccard(previous, strong);
            for (int i = 0; i < ever.length; i++) ever[i] |= strong[i];
        }
        previous = strong.clone();
        long count = 0;
        for (byte b : ever) count += b;
        return new Turnover(count / (double) ever.length, previousOverlap, Turnover.jaccard(initial, strong));
    }

    /** The STRONG set at the first evaluation (a copy; null before it). */
    public byte[] initial() {
        return initial == null ? null : initial.clone();
    }

    /** The STRONG set at the last evaluation (a copy; null before the first). */
    public byte[] previous() {
        return previous == null ? null : previous.clone();
    }

    /** 1 where a synapse was STRONG at some evaluation (a copy; null before the first). */
    public byte[] ever() {
        return ever == null ? null : ever.clone();
    }
}
