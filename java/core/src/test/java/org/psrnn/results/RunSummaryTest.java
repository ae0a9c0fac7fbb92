package org.psrnn.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.io.RunDirectory;

/**
 * summary.json as a typed record: files written before the record existed (by psrnn's map-based
 * writer, kept here as fixtures from real runs) read into it and write back byte for byte.
 */
class RunSummaryTest {
    @TempDir
    Path dir;

    private static String fixture(String name) throws IOException {
        try (InputStream in = RunSummaryTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A folder holding {@code summary} as its summary.json (and the config.json a run folder needs). */
    private RunDirectory runWith(String summary) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunDirectory.CONFIG), "{}\n");
        Files.writeString(run.resolve(RunDirectory.SUMMARY), summary);
        return RunDirectory.open(run);
    }

    @Test
    void aDivergedRunReadsAndWritesBackByteForByte() throws IOException {
        String json = fixture("summary-diverged.json");
        RunDirectory run = runWith(json);
        RunSummary s = run.readSummary();
        assertEquals(Ending.DIVERGED, s.ending());
        assertEquals(4000L, s.trialsToCriterion());
        assertEquals(1344, s.iterations());
        assertTrue(s.diverged().startsWith("training diverged at iteration 1344"), s.diverged());
        assertEquals(0.496408921541626, s.structure("antisymmetry"));
        run.writeSummary(s);
        assertEquals(json, Files.readString(run.path(RunDirectory.SUMMARY)));
    }

    @Test
    void aRunThatNeverReachedTheCriterionKeepsItsNullsAndNoDivergedEntry() throws IOException {
        String json = fixture("summary-censored.json");
        RunDirectory run = runWith(json);
        RunSummary s = run.readSummary();
        assertFalse(s.reachedCriterion());
        assertNull(s.trialsToCriterion());
        assertEquals(Ending.COMPLETED, s.ending());
        assertNull(s.diverged());
        run.writeSummary(s);
        assertEquals(json, Files.readString(run.path(RunDirectory.SUMMARY)));
        assertTrue(json.contains("\"trials_to_criterion\" : null") && !json.contains("\"diverged\""));
        assertNull(s.psychometric(), "a summary from before the psychometric curve was measured");
    }

    /** The psychometric section reads back as written; a fit the choices do not determine is written as nulls. */
    @Test
    void aPsychometricCurveReadsBackAndAnUndefinedFitIsNull() throws IOException {
        var points = java.util.List.of(PsychometricCurve.Point.of(-3.2, 10, 180, 10), PsychometricCurve.Point.of(0, 0, 0, 200),
                PsychometricCurve.Point.of(3.2, 170, 30, 0));
        PsychometricCurve fitted = new PsychometricCurve("signed coherence", "%", "action 2: direction 2 (theta = pi)", points, 0.1, 2.5, 0.12);
        for (PsychometricCurve curve : new PsychometricCurve[] {fitted, new PsychometricCurve("f1 - f2", "Hz", "action 1: f1 > f2", points, null,
                null, null)}) {
            RunSummary s = new RunSummary("PerceptualDecisionMaking", "switch", 3, "cpu", false, null, 0.8, 10, 320, 0.5, 0.7, 1.5,
                    Map.of("antisymmetry", 0.5), Map.of(), curve, Ending.COMPLETED, "now", "ab", null);
            RunDirectory run = runWith("");
            run.writeSummary(s);
            String written = Files.readString(run.path(RunDirectory.SUMMARY));
            assertEquals(s, run.readSummary(), written);
            assertTrue(written.indexOf("\"psychometric\"") > written.indexOf("\"structure\"") && written.contains("\"positive_fraction\" : null"),
                    "no choice at 0: no share; " + written);
            if (curve.bias() == null) assertTrue(written.contains("\"threshold\" : null"), written);
        }
        assertEquals(10 / 190.0, points.get(0).positiveFraction(), 1e-15, "positive / (positive + negative)");
        assertEquals(10 / 200.0, points.get(0).neitherFraction());
    }

    /** A seed above 2^63 is written as config.json writes it, unsigned, and reads back. */
    @Test
    void seedsAreUnsigned() throws IOException {
        RunSummary s = new RunSummary("GoNogo", "bp", -1L, "cpu", false, null, 0.9, 10, 100, 0.5, 0.7, 1.5,
                Map.of("antisymmetry", 0.5), Map.of(), Ending.INTERRUPTED, "now", "ab", null);
        RunDirectory run = runWith("");
        run.writeSummary(s);
        String written = Files.readString(run.path(RunDirectory.SUMMARY));
        assertTrue(written.contains("\"seed\" : 18446744073709551615,"), written);
        assertTrue(written.contains("\"ending\" : \"interrupted\""), written);
        assertEquals(s, run.readSummary());
        assertTrue(Double.isNaN(s.structure("effective_rank")), "a metric not recorded is NaN");
    }
}
