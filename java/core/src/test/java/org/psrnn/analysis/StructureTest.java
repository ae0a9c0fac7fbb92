package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;

class StructureTest {
    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[n * n];
        for (int i = 0; i < w.length; i++) w[i] = r.nextDouble(-1, 1);
        return w;
    }

    @Test
    void knownCases() {
        int n = 6;
        double[] a = random(n, 1);
        double[] sym = new double[n * n], anti = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sym[i * n + j] = a[i * n + j] + a[j * n + i];
                anti[i * n + j] = a[i * n + j] - a[j * n + i];
            }
        }
        assertEquals(0.0, Structure.antisymmetry(sym, n), 1e-15);
        assertEquals(1.0, Structure.antisymmetry(anti, n), 1e-15);
        assertEquals(1.0, Structure.pairCorrelation(sym, n), 1e-12);
        assertEquals(-1.0, Structure.pairCorrelation(anti, n), 1e-12);

        double[] rankOne = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) rankOne[i * n + j] = (i + 1) * (j - 2.5);
        assertEquals(1.0, Structure.effectiveRank(Structure.singularValues(rankOne, n)), 1e-9);
        assertEquals(1.0, Structure.participationRatio(Structure.singularValues(rankOne, n)), 1e-9);
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++) identity[i * n + i] = 2.0;
        assertEquals(n, Structure.effectiveRank(Structure.singularValues(identity, n)), 1e-9);
        assertEquals(n, Structure.participationRatio(Structure.singularValues(identity, n)), 1e-9);

        // Normal matrices (symmetric, antisymmetric, orthogonal): non-normality 0. A nilpotent chain: 1.
        assertEquals(0.0, Structure.nonNormality(sym, n), 1e-12);
        assertEquals(0.0, Structure.nonNormality(anti, n), 1e-12);
        double[] rotation = {0, -1, 0, 1, 0, 0, 0, 0, 1};
        assertEquals(0.0, Structure.nonNormality(rotation, 3), 1e-12);
        double[] chain = new double[n * n];
        for (int i = 1; i < n; i++) chain[i * n + i - 1] = 1.0; // purely feedforward
        assertEquals(1.0, Structure.nonNormality(chain, n), 1e-12);
    }

    @Test
    void sarleOfKnownDistributions() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 200_000;
        double[] uniform = new double[m], twoPoints = new double[m];
        for (int i = 0; i < m; i++) {
            uniform[i] = r.nextDouble();
            twoPoints[i] = r.nextBoolean() ? 1.0 : 2.0;
        }
        // Uniform: g = 0, k = -1.2: b = 1 / 1.8 = 5/9. Two equal point masses: g = 0, k = -2: b -> 1.
        assertEquals(5.0 / 9.0, Structure.sarleBimodality(uniform), 0.005);
        assertEquals(1.0, Structure.sarleBimodality(twoPoints), 0.001);
    }

    @Test
    void agreesWithNumpyAndScipyOnFixedMatrices() {
        // Written by java/core/src/test/python/analysis_golden.py (numpy.linalg, scipy.stats).
        Map<String, NpyArray> golden = Npz.read(Path.of("src/test/resources/org/psrnn/analysis/golden.npz"));
        int cases = 0;
        while (golden.containsKey("W_" + cases)) {
            NpyArray wArr = golden.get("W_" + cases);
            int n = wArr.shape()[0];
            double[] w = wArr.toDoubles();
            double[] wInit = golden.get("W_init_" + cases).toDoubles();
            double[] expected = golden.get("metrics_" + cases).toDoubles();
            StructureMetrics got = Structure.of(w, wInit, new byte[n * n], Double.NaN, n);
            for (int m = 0; m < expected.length; m++) {
                assertEquals(expected[m], got.values()[m], 1e-9 * Math.max(1, Math.abs(expected[m])),
                        "case " + cases + " " + StructureMetrics.NAMES[m]);
            }
            cases++;
        }
        assertEquals(5, cases);
    }
}
