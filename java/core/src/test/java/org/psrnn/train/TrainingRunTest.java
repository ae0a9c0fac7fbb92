package org.psrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.NpyArray;
import org.psrnn.io.RunDirectory;
import org.psrnn.results.MetricsRow;

class TrainingRunTest {
    @TempDir
    Path dir;

    private static RunConfig config(String... kv) {
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "--set");
        return RunConfig.from(c);
    }

    @Test
    void bpNetworkLearnsGoNogoAndLeavesACompleteRunFolder() throws Exception {
        RunConfig cfg = config("task", "gonogo", "rule", "bp", "hidden", "32", "batch", "16", "iterations", "150",
                "eval_every", "25", "eval_batch", "64", "engine", "reference", "lr", "0.01", "seed", "3");
        StringWriter log = new StringWriter();
        var outcome = TrainingRun.execute(cfg, dir.resolve("run"), false, new PrintWriter(log), false, "test", "psrnn test");

        assertTrue(outcome.result().last().performance() >= 0.9, "learned: " + outcome.result().last());
        assertTrue(outcome.result().criterion().trialsToCriterion().isPresent());
        RunDirectory run = RunDirectory.open(dir.resolve("run"));
        for (String f : new String[] {"config.json", "metrics.csv", "weights.npz", "checkpoint.npz", "summary.json"}) {
            assertTrue(Files.size(run.path(f)) > 0, f);
        }
        // Plots and report.html come from a reporter above training (the command line's); none was given.
        assertFalse(Files.exists(run.path("report.html")) || Files.exists(run.path("plots")), "no reporter, no report");

        List<MetricsRow> rows = run.readMetrics();
        assertEquals(7, rows.size()); // before training, then every 25 of 150 iterations
        assertEquals(0, rows.get(0).iteration());
        assertEquals(150 * 16, rows.get(6).trials());
        assertTrue(Double.isNaN(rows.get(0).loss()));

        Map<String, Object> written = run.readConfig();
        assertEquals("GoNogo", written.get("task"));
        assertEquals("bp", written.get("rule"));
        String json = Files.readString(run.path("config.json"));
        assertTrue(json.contains("\"provenance\"") && json.contains("\"git_commit\"") && json.contains("\"engine\" : \"reference\""), json);

        Map<String, NpyArray> w = run.readWeights();
        assertTrue(w.get("W_rec").hasShape(32, 32));
        assertTrue(w.get("W_in").hasShape(32, 3));
        assertTrue(w.get("W_out").hasShape(2, 32));
        assertTrue(w.get("b_rec").hasShape(32));
        assertTrue(w.get("b_out").hasShape(2));
        assertTrue(w.get("S_rec").hasShape(32, 32));
        assertTrue(w.get("W_rec_init").hasShape(32, 32));

        // The weights load in numpy with the documented keys, shapes and dtypes (skipped without numpy).
        if (org.psrnn.testing.Python.hasNumpy()) {
            assertEquals("ok", org.psrnn.testing.Python.run(org.psrnn.testing.Python.script("check_weights.py"),
                    run.root().toString(), "32", "3", "2").strip());
        }

        // Plain progress lines, one per evaluation, when the output is not a terminal.
        assertEquals(7, log.toString().lines().filter(l -> l.startsWith("[test] iteration")).count(), log.toString());
    }

    @Test
    void stopAtCriterionEndsEarly() throws Exception {
        RunConfig cfg = config("task", "gonogo", "rule", "bp", "hidden", "32", "batch", "16", "iterations", "1000",
                "eval_every", "25", "eval_batch", "64", "engine", "reference", "lr", "0.01", "seed", "3", "stop_at_criterion", "true");
        var outcome = TrainingRun.execute(cfg, dir.resolve("stop"), false, new PrintWriter(new StringWriter()), false, "", "");
        assertTrue(outcome.result().stoppedAtCriterion());
        assertTrue(outcome.result().last().iteration() < 1000);
        assertEquals(outcome.result().criterion().trialsToCriterion().getAsLong() + 25 * 16, outcome.result().last().trials());
    }

    @Test
    void sameSeedSameRun() throws Exception {
        RunConfig cfg = config("task", "dc", "rule", "switch", "hidden", "16", "batch", "8", "iterations", "20",
                "eval_every", "10", "eval_batch", "16", "engine", "reference", "seed", "9");
        var a = TrainingRun.execute(cfg, dir.resolve("a"), false, new PrintWriter(new StringWriter()), false, "", "");
        var b = TrainingRun.execute(cfg, dir.resolve("b"), false, new PrintWriter(new StringWriter()), false, "", "");
        assertEquals(Files.readString(a.dir().path("metrics.csv")).lines().map(l -> l.substring(0, l.lastIndexOf(','))).toList(),
                Files.readString(b.dir().path("metrics.csv")).lines().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a.dir().path("weights.npz")), Files.readAllBytes(b.dir().path("weights.npz"))));
    }

    /**
     * Every evaluation measures turnover, alignment, WEAK growth and rank: a frozen S (preset fixed)
     * never turns over; a switching one accumulates synapses ever STRONG; bp has no WEAK synapse to
     * align; the last evaluation's W is summary.json's, so their rank and growth agree exactly.
     */
    @Test
    void evaluationsMeasureTurnoverAlignmentGrowthAndRank() throws Exception {
        for (String rule : new String[] {"fixed", "switch", "bp"}) {
            RunConfig cfg = config("task", "dc", "rule", rule, "hidden", "16", "batch", "8", "iterations", "30", "eval_every", "10",
                    "eval_batch", "16", "engine", "reference", "seed", "4", "activation", "retanh", "eta_h", "1e-3");
            var outcome = TrainingRun.execute(cfg, dir.resolve(rule), false, new PrintWriter(new StringWriter()), false, "", "");
            List<MetricsRow> rows = outcome.dir().readMetrics();
            assertEquals(4, rows.size());
            assertTrue(Double.isNaN(rows.get(0).measured().turnover().jaccardPrevious()), "no previous evaluation");
            double ever = 0;
            for (MetricsRow r : rows) {
                var m = r.measured();
                if (r.iteration() == 0) assertEquals(1.0, m.turnover().jaccardInitial(), "the initial S is the initial S");
                assertTrue(m.turnover().everStrongFraction() >= Math.max(ever, r.strongFraction()), rule + ": ever STRONG only grows " + r);
                ever = m.turnover().everStrongFraction();
                if (rule.equals("fixed")) {
                    assertEquals(r.strongFraction(), ever, "S frozen: " + r);
                    assertEquals(1.0, m.turnover().jaccardInitial());
                    if (r.iteration() > 0) assertEquals(1.0, m.turnover().jaccardPrevious());
                }
                if (rule.equals("bp")) assertTrue(Double.isNaN(m.alignment().cosine()), "bp has no WEAK synapse");
                else assertTrue(Math.abs(m.alignment().cosine()) <= 1 && m.alignment().signAgreement() >= 0, r.toString());
                assertTrue(m.rank().rank90() >= 1 && m.rank().rank90() <= 16, r.toString());
                // W - W_init is 0 before training: no rank.
                assertEquals(r.iteration() == 0, Double.isNaN(m.changeRank().effectiveRank()), r.toString());
            }
            var summary = outcome.dir().readSummary();
            assertEquals(org.psrnn.results.PlasticitySummary.of(rows), summary.plasticity());
            var last = rows.get(rows.size() - 1).measured();
            assertEquals(last.rank().effectiveRank(), summary.structure("effective_rank"));
            assertEquals(last.changeRank().rank90(), summary.structure("rank_90_change"));
            assertEquals(last.weak().p99Abs(), summary.structure("weak_abs_p99"), "NaN for bp, which has no WEAK synapse");
        }
    }

    /** The documented psRNN setting (README): rule switch on DelayMatchSample, the training defaults, learns the task. */
    @Test
    void psrnnLearnsDelayMatchSample() throws Exception {
        RunConfig cfg = config("task", "dms", "rule", "switch", "hidden", "64", "iterations", "600", "eval_every", "25",
                "engine", "cpu", "seed", "1", "stop_at_criterion", "true");
        var outcome = TrainingRun.execute(cfg, dir.resolve("dms"), false, new PrintWriter(new StringWriter()), false, "", "", 2, null);
        assertTrue(outcome.result().criterion().trialsToCriterion().isPresent(), "reached 0.9: " + outcome.result().last());
        assertTrue(outcome.result().last().performance() >= 0.9, outcome.result().last().toString());
        double strong = outcome.result().last().strongFraction();
        assertTrue(strong > 0 && strong < 1, "WEAK and STRONG synapses both remain: " + strong);
    }

    /** Checkpoints come with every evaluation, every checkpoint_every iterations, and at the end. */
    @Test
    void checkpointEveryAddsCheckpointsBetweenEvaluations() {
        RunConfig cfg = config("task", "gonogo", "rule", "switch", "hidden", "8", "batch", "4", "iterations", "20",
                "eval_every", "100", "eval_batch", "8", "checkpoint_every", "7", "engine", "reference");
        var init = org.psrnn.model.Initialization.initialize(cfg.shape(), cfg.model(), cfg.init(), cfg.rule());
        List<Long> at = new java.util.ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void checkpoint(Trainer.Progress p, org.psrnn.model.NetworkState state) {
                at.add(p.iteration());
                assertEquals(p.iteration(), state.iteration(), "the checkpoint holds the state after its iteration");
            }
        };
        try (var engine = org.psrnn.engine.Engines.create("reference", init.config(), init.state())) {
            new Trainer(cfg.createTask(), engine, cfg.training(), cfg.model().loss(), cfg.model().seed(), init.state().params().wRec(),
                    init.config().switching().theta(), List.of(listener), null)
                    .run(Trainer.Progress.fresh(0.9));
        }
        assertEquals(List.of(0L, 7L, 14L, 20L), at);
    }
}
