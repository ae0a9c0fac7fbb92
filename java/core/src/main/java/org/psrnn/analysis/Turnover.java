package org.psrnn.analysis;

/**
 * How much the STRONG set has moved at one evaluation: the first of the preprint's mechanisms
 * says backpropagation works on changing subsets of synapses, which these numbers measure (a
 * frozen S gives 1, 1 and the initial STRONG share). {@link StrongSetHistory} keeps what they are
 * measured against.
 *
 * @param everStrongFraction the share of synapses STRONG at this or any earlier evaluation
 * @param jaccardPrevious    Jaccard overlap of the STRONG set with the previous evaluation's (NaN at the first)
 * @param jaccardInitial     Jaccard overlap of the STRONG set with the one training started from
 */
public record Turnover(double everStrongFraction, double jaccardPrevious, double jaccardInitial) {
    /**
     * {@code |A n B| / |A u B|} of the STRONG sets {@code a} and {@code b} (S masks, 1 = STRONG);
     * two empty sets are the same set, 1 (as {@code scipy.spatial.distance.jaccard}, a distance
     * of 0).
     */
    public static double jaccard(byte[] a, byte[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("masks of " + a.length + " and " + b.length + " entries");
        long both = 0, either = 0;
        for (int i = 0; i < a.length; i++) {
            both += a[i] & b[i];
            either += a[i] | b[i];
        }
        return either == 0 ? 1.0 : both / (double) either;
    }
}
