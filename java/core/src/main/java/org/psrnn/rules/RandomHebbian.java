package org.psrnn.rules;

import java.util.function.IntToDoubleFunction;
import org.psrnn.rng.Streams;

/**
 * The random control of the Hebbian term (MODEL.md step 5, {@code hebb_term = random}): at
 * iteration {@code k}, {@code R[i][j] = c z[i][j]} with {@code z[i][j]} the standard normal of
 * Philox {@code (j, i, k, 8)} and {@code c} chosen so that R has, over the WEAK synapses, the
 * Frobenius norm H has over them: {@code c = sqrt(sum_WEAK H^2 / sum_WEAK z^2)}, 0 when either sum
 * is 0. Both sums run over the WEAK entries in row-major order, in double precision.
 */
public final class RandomHebbian {
    private RandomHebbian() {}

    /** {@code z[i][j]} of iteration {@code k}. */
    public static double draw(long seed, long k, int i, int j) {
        return Streams.randomHebbian(seed, k, i, j);
    }

    /**
     * Draws iteration {@code k}'s normals into {@code z} (N x N, row-major; 0 where a synapse is
     * STRONG, whose term is never read) and returns {@code c} for the term {@code h}, each entry
     * read as a double: every normal is drawn once, for the sum and for the term.
     */
    public static double draw(IntToDoubleFunction h, byte[] strong, long seed, long k, int n, double[] z) {
        double hh = 0, zz = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int idx = i * n + j;
                if (strong[idx] != 0) {
                    z[idx] = 0;
                    continue;
                }
                z[idx] = draw(seed, k, i, j);
                double hv = h.applyAsDouble(idx);
                hh += hv * hv;
                zz += z[idx] * z[idx];
            }
        }
        return hh > 0 && zz > 0 ? Math.sqrt(hh / zz) : 0.0;
    }
}
