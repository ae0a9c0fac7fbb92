package org.psrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;

class PairedTestsTest {
    @Test
    void agreesWithScipy() {
        // Written by java/core/src/test/python/stats_golden.py (scipy.stats.wilcoxon, permutation_test).
        Map<String, NpyArray> g = Npz.read(Path.of("src/test/resources/org/psrnn/analysis/stats.npz"));
        int cases = 0;
        while (g.containsKey("x_" + cases)) {
            double[] x = g.get("x_" + cases).toDoubles(), y = g.get("y_" + cases).toDoubles();
            double[] e = g.get("expected_" + cases).toDoubles();
            PairedTests.Wilcoxon w = PairedTests.wilcoxon(x, y);
            assertEquals(e[0], w.statistic(), 1e-9, "case " + cases + " statistic");
            assertEquals(e[1], w.pValue(), 1e-6 * Math.max(1, e[1]) + 1e-9, "case " + cases + " Wilcoxon p (" + w.method() + ")");
            if (!Double.isNaN(e[2])) assertEquals(e[2], PairedTests.signFlip(x, y), 1e-9, "case " + cases + " permutation p");
            cases++;
        }
        assertEquals(7, cases);
    }

    @Test
    void knownCases() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] b = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        // Every difference -1 (all tied): the smallest possible two-sided p of 10 pairs, 2 / 2^10.
        assertEquals(2.0 / 1024, PairedTests.wilcoxon(a, b).pValue(), 1e-15);
        assertEquals(2.0 / 1024, PairedTests.signFlip(a, b), 1e-15);
        assertEquals(1.0, PairedTests.wilcoxon(a, a).pValue(), 0.0);
        assertEquals(1.0, PairedTests.signFlip(a, a), 0.0);
        assertEquals(0.5, PairedTests.normalCdf(0), 1e-7);
        assertEquals(0.975, PairedTests.normalCdf(1.959963985), 1e-7);
        // Large samples: random flips, seeded, close to the normal approximation.
        double[] x = new double[40], y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = Math.sin(i);
            y[i] = Math.sin(i) + 0.3 + 0.5 * Math.cos(3 * i);
        }
        double p = PairedTests.signFlip(x, y);
        assertTrue(p < 1e-3, "a clear shift: " + p);
        assertEquals(p, PairedTests.signFlip(x, y), 0.0, "repeatable");
    }

    @Test
    void describe() {
        Describe d = Describe.of(new double[] {1, 2, 3, 4, Double.NaN});
        assertEquals(4, d.n());
        assertEquals(2.5, d.mean(), 1e-15);
        assertEquals(2.5, d.median(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3 / 4), d.sem(), 1e-15);
    }
}
