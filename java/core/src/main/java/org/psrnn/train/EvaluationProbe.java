package org.psrnn.train;

import org.psrnn.analysis.EvaluationMetrics;
import org.psrnn.analysis.HebbianAlignment;
import org.psrnn.analysis.Ranks;
import org.psrnn.analysis.StrongSetHistory;
import org.psrnn.analysis.Turnover;
import org.psrnn.analysis.WeakGrowth;
import org.psrnn.engine.Engine;
import org.psrnn.engine.Gradients;
import org.psrnn.model.Batch;
import org.psrnn.model.NetworkState;

/**
 * The measured columns of an evaluation ({@link EvaluationMetrics}), from the exported state and
 * the engine's {@code gradients} on the held-out batch: that call changes nothing, and every
 * engine computes it, so the numbers mean the same on each (up to its rounding). Everything else
 * is a plain loop in double over the exported arrays, in index order, so the numbers do not
 * depend on thread count or vector width.
 */
final class EvaluationProbe {
    /**
     * The largest N whose ranks are measured at every evaluation: two SVDs of N x N take about
     * 0.5 s at N = 512 and grow as N^3. Above it the rank columns are empty and summary.json's
     * structure, of the final W, has them.
     */
    static final int RANK_LIMIT = 512;

    private static final Ranks NO_RANKS = new Ranks(Double.NaN, Double.NaN, Double.NaN);

    private final Engine engine;
    private final double[] wInit;
    private final double theta;

    /** A probe of {@code engine}'s network, whose W started as {@code wInit}, switching at {@code theta} (NaN: unknown). */
    EvaluationProbe(Engine engine, double[] wInit, double theta) {
        this.engine = engine;
        this.wInit = wInit.clone();
        this.theta = theta;
    }

    /** The metrics of {@code state} (the engine's current one) on {@code evalBatch}; {@code history} then holds this S as the previous one. */
    EvaluationMetrics measure(NetworkState state, Batch evalBatch, StrongSetHistory history) {
        byte[] strong = state.strong();
        double[] w = state.params().wRec();
        int n = state.shape().hidden();
        if (w.length != wInit.length) throw new IllegalArgumentException("W_init has " + wInit.length + " entries, W " + w.length);
        Turnover turnover = history.observe(strong);
        Gradients g = engine.gradients(evalBatch);
        HebbianAlignment alignment = HebbianAlignment.of(g.hebbian(), g.grads().wRec(), strong);
        WeakGrowth weak = WeakGrowth.of(w, strong, theta);
        Ranks rank = NO_RANKS, changeRank = NO_RANKS;
        if (n <= RANK_LIMIT) {
            double[] change = new double[w.length];
            for (int i = 0; i < w.length; i++) change[i] = w[i] - wInit[i];
            rank = Ranks.ofMatrix(w, n);
            changeRank = Ranks.ofMatrix(change, n);
        }
        return new EvaluationMetrics(turnover, alignment, weak, rank, changeRank);
    }
}
