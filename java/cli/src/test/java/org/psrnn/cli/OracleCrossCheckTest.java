package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.io.DType;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.io.StateFiles;
import org.psrnn.model.Activation;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.SwitchMode;
import org.psrnn.testing.Fixtures;
import org.psrnn.testing.Python;

/**
 * {@code psrnn step --engine reference} against an independent numpy implementation of MODEL.md
 * (src/test/python/psrnn_oracle.py), in float64: 1e-9 relative on every array, S exactly, over
 * random cases covering every activation, loss, Hebbian rule and switch mode, with explicit and
 * with Philox noise.
 */
class OracleCrossCheckTest {
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path dir;

    @Test
    void referenceStepAgreesWithTheNumpyOracle() throws Exception {
        Python.requireNumpy();
        List<String> folders = new ArrayList<>();
        int cases = 24;
        for (int c = 0; c < cases; c++) {
            Path caseDir = dir.resolve("case" + c);
            Files.createDirectories(caseDir);
            writeCase(c, caseDir);
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new String[] {"step", "--engine", "reference",
                    "--state", caseDir.resolve("state.npz").toString(), "--batch", caseDir.resolve("batch.npz").toString(),
                    "--config", caseDir.resolve("config.json").toString(), "--out", caseDir.resolve("next.npz").toString()},
                    new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, "case " + c + ": " + err);
            folders.add(caseDir.toString());
        }
        assertEquals("ok", Python.run(Python.script("psrnn_oracle.py"), folders.toArray(String[]::new)).strip());

        int switched = 0;
        for (int c = 0; c < cases; c++) {
            Path caseDir = dir.resolve("case" + c);
            Map<String, NpyArray> ours = Npz.read(caseDir.resolve("next.npz"));
            Map<String, NpyArray> oracle = Npz.read(caseDir.resolve("oracle.npz"));
            for (Map.Entry<String, NpyArray> e : oracle.entrySet()) {
                String name = e.getKey();
                NpyArray mine = ours.get(name);
                assertTrue(mine != null, "case " + c + ": psrnn step wrote no '" + name + "'");
                assertArrayEquals(e.getValue().shape(), mine.shape(), "case " + c + " " + name);
                if (name.equals("S_rec") || name.equals("iteration")) {
                    assertArrayEquals(e.getValue().toLongs(name), mine.toLongs(name), "case " + c + " " + name);
                    continue;
                }
                assertEquals(DType.FLOAT64, mine.dtype(), "float64 in, float64 out: " + name);
                double[] want = e.getValue().toDoubles();
                double[] got = mine.toDoubles();
                double scale = Math.max(Fixtures.maxAbs(want), 1e-300);
                double rel = Fixtures.maxAbsDiff(want, got) / scale;
                assertTrue(rel <= TOLERANCE, "case " + c + " " + name + ": relative difference " + rel);
            }
            long[] before = Npz.read(caseDir.resolve("state.npz")).get("S_rec").toLongs("S");
            long[] after = ours.get("S_rec").toLongs("S");
            if (!java.util.Arrays.equals(before, after)) switched++;
        }
        assertTrue(switched >= 8, "the cases exercise switching: " + switched + " of " + cases + " changed S");
    }

    /** Case c: activation, loss, Hebbian rule, switch mode and noise source cycle so that all occur. */
    private static void writeCase(int c, Path caseDir) throws Exception {
        SplittableRandom rng = new SplittableRandom(4000 + c);
        Activation activation = Activation.values()[c % 4];
        SwitchMode mode = SwitchMode.values()[c % 3];
        HebbianRule rule = HebbianRule.values()[(c / 3) % 3];
        LossKind loss = LossKind.values()[(c / 2) % 2];
        boolean explicitNoise = (c / 4) % 2 == 1;
        NetworkShape shape = new NetworkShape(2 + rng.nextInt(3), 5 + rng.nextInt(8), 2 + rng.nextInt(3));
        NetworkState state = Fixtures.randomState(shape, 0.5, 5000 + c);
        Batch batch = Fixtures.randomBatch(shape, 3 + rng.nextInt(6), 1 + rng.nextInt(4), loss, explicitNoise, 6000 + c);
        Npz.write(caseDir.resolve("state.npz"), StateFiles.stateArrays(state, DType.FLOAT64));
        Npz.write(caseDir.resolve("batch.npz"), StateFiles.batchArrays(batch, DType.FLOAT64));

        double[] abs = state.params().wRec().clone();
        for (int i = 0; i < abs.length; i++) abs[i] = Math.abs(abs[i]);
        java.util.Arrays.sort(abs);
        double theta = abs[abs.length / 2]; // near the median: plenty of synapses close to it
        String json = String.format(Locale.ROOT, """
                {"activation": "%s", "loss": "%s", "hebb_rule": "%s", "switch_mode": "%s",
                 "alpha": %s, "sigma_rec": %s, "lr": %s, "beta1": 0.85, "beta2": 0.995, "eps": 1e-7,
                 "clip": %s, "eta_h": %s, "lambda": %s, "theta": %s, "hysteresis": %s, "kappa": %s,
                 %s "seed": %d}
                """, activation.key(), loss.key(), rule.key(), mode.key(),
                0.1 + 0.9 * rng.nextDouble(), 0.3 * rng.nextDouble(), 0.01 + 0.05 * rng.nextDouble(),
                c % 2 == 0 ? "0.05" : "0", 0.2 * rng.nextDouble(), 0.05 * rng.nextDouble(), theta,
                mode == SwitchMode.THRESHOLD ? 0.3 * rng.nextDouble() : 0.0, 0.3 + 0.7 * rng.nextDouble(),
                c % 4 == 2 ? "\"temp\": " + (0.05 * theta + 0.1 * rng.nextDouble()) + "," : "",
                rng.nextLong() >>> 1);
        Files.writeString(caseDir.resolve("config.json"), json);
    }
}
