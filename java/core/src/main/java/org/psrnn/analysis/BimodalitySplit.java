package org.psrnn.analysis;

/**
 * Whether the bimodality of {@code |W|} is two states or one pile-up: a STRONG synapse that falls
 * below theta becomes WEAK and, with a small Hebbian rate, stays frozen just below theta, so many
 * entries pile into a narrow spike there that Sarle's coefficient may read as a second mode. The
 * coefficient without the entries of that band, and of the WEAK and STRONG entries apart, tell
 * the two apart: a bimodality that is the pile-up vanishes without the band.
 *
 * @param outsideBand Sarle's coefficient of {@code |W|} without the entries in {@code [(1 - band) theta, theta)}
 * @param weak        Sarle's coefficient of the WEAK entries' {@code |W|}
 * @param strong      Sarle's coefficient of the STRONG entries' {@code |W|}
 */
public record BimodalitySplit(double outsideBand, double weak, double strong) {
    /**
     * The band left out, as a share of theta: a synapse dropping from STRONG lands below theta by
     * at most one Adam step (about the learning rate, 1e-3 by default) while theta is about
     * {@code 1.2 / sqrt(N)} (0.1 for N = 128), so 5% of theta holds that spike with room to spare.
     */
    public static final double BAND = 0.05;

    /** The split of {@code w} with synapse states {@code strong} around {@code theta} (NaN where theta is unknown), band {@link #BAND}. */
    public static BimodalitySplit of(double[] w, byte[] strong, double theta) {
        return of(w, strong, theta, BAND);
    }

    /** As above with the band {@code [(1 - band) theta, theta)} left out. */
    public static BimodalitySplit of(double[] w, byte[] strong, double theta, double band) {
        if (w.length != strong.length) throw new IllegalArgumentException("W and S of " + w.length + " and " + strong.length + " entries");
        double low = (1 - band) * theta;
        double[] outside = new double[w.length], weak = new double[w.length], strongAbs = new double[w.length];
        int o = 0, nw = 0, ns = 0;
        for (int i = 0; i < w.length; i++) {
            double a = Math.abs(w[i]);
            if (!(a >= low && a < theta)) outside[o++] = a;
            if (strong[i] == 0) weak[nw++] = a;
            else strongAbs[ns++] = a;
        }
        double outsideBand = Double.isNaN(theta) ? Double.NaN : Structure.sarleBimodality(java.util.Arrays.copyOf(outside, o));
        return new BimodalitySplit(outsideBand, Structure.sarleBimodality(java.util.Arrays.copyOf(weak, nw)),
                Structure.sarleBimodality(java.util.Arrays.copyOf(strongAbs, ns)));
    }
}
