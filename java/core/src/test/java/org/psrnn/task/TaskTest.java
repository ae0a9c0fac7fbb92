package org.psrnn.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.psrnn.InvalidInputException;
import org.psrnn.model.LossKind;

class TaskTest {
    private static final TaskConfig CONFIG = TaskConfig.DEFAULT;

    static Stream<String> taskNames() {
        return Tasks.names().keySet().stream();
    }

    private static String periodsOf(Trial t) {
        StringBuilder s = new StringBuilder();
        for (Period p : t.periods()) s.append(p.name()).append('=').append(p.length()).append(' ');
        return s.toString().strip();
    }

    @Test
    void periodsFollowNeuroGymTimingsAtDt20() {
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals("fixation=15 sample=25 delay=50 test=25 decision=45", periodsOf(new DelayMatchSample(CONFIG).trial(rng)));
        assertEquals("fixation=5 stimulus=100 delay=0 decision=5", periodsOf(new PerceptualDecisionMaking(CONFIG).trial(rng)));
        assertEquals("fixation=0 stimulus=25 delay=25 decision=25", periodsOf(new GoNogo(CONFIG).trial(rng)));
        assertEquals("fixation=25 stimulus1=25 delay=50 stimulus2=25 decision=5", periodsOf(new DelayComparison(CONFIG).trial(rng)));
        assertEquals("trial=100", periodsOf(new FlipFlop(CONFIG).trial(rng)));
        assertEquals(160, new DelayMatchSample(CONFIG).maxSteps());
        // NeuroGym's own dt = 100 ms.
        assertEquals("fixation=3 sample=5 delay=10 test=5 decision=9",
                periodsOf(new DelayMatchSample(new TaskConfig(100, 1, 1)).trial(rng)));
    }

    @Test
    void contextDecisionMakingHasTruncatedExponentialDelays() {
        ContextDecisionMaking task = new ContextDecisionMaking(CONFIG);
        assertEquals((300 + 750 + 3000 + 100) / 20, task.maxSteps());
        SplittableRandom rng = new SplittableRandom(2);
        double sum = 0;
        int n = 3000;
        for (int i = 0; i < n; i++) {
            Trial t = task.trial(rng);
            double delay = t.info().get("delay_ms");
            assertTrue(delay >= 300 && delay < 3000, "delay " + delay);
            sum += delay;
            Period d = t.period("decision").orElseThrow();
            assertEquals(t.steps(), d.end());
            for (int s = t.steps(); s < task.maxSteps(); s++) assertEquals(0.0, t.mask()[s], "padding is not scored");
        }
        // Mean of Exp(600) conditioned on [300, 3000): 300 + 600 - 2700 e^{-4.5} / (1 - e^{-4.5}) = 870.
        assertEquals(870.0, sum / n, 25.0);
    }

    @Test
    void delayMatchSampleCoding() {
        DelayMatchSample task = new DelayMatchSample(new TaskConfig(20, 0.0, 5.0)); // no noise: exact codes
        SplittableRandom rng = new SplittableRandom(3);
        int matches = 0;
        for (int i = 0; i < 200; i++) {
            Trial t = task.trial(rng);
            Period sample = t.period("sample").orElseThrow(), test = t.period("test").orElseThrow();
            Period decision = t.period("decision").orElseThrow(), delay = t.period("delay").orElseThrow();
            double[] s = {t.inputs()[sample.start() * 3 + 1], t.inputs()[sample.start() * 3 + 2]};
            double[] x = {t.inputs()[test.start() * 3 + 1], t.inputs()[test.start() * 3 + 2]};
            assertTrue((s[0] == 1 && s[1] == 0) || (s[0] == 0 && s[1] == 1), "one-hot ring for theta in {0, pi}");
            boolean match = s[0] == x[0] && s[1] == x[1];
            assertEquals(match ? DelayMatchSample.MATCH : DelayMatchSample.NON_MATCH, t.groundTruth());
            if (match) matches++;
            assertEquals(0.0, t.inputs()[delay.start() * 3 + 1]);                 // nothing during the delay
            assertEquals(1.0, t.inputs()[(decision.start() - 1) * 3]);            // fixation cue on ...
            assertEquals(0.0, t.inputs()[decision.start() * 3]);                  // ... and off in the decision
            assertEquals(0, t.labels()[decision.start() - 1]);
            assertEquals(t.groundTruth(), t.labels()[decision.end() - 1]);
            assertEquals(1.0, t.mask()[0]);
            assertEquals(5.0, t.mask()[decision.start()]);
            assertEquals(1.0, t.targets()[decision.start() * 3 + t.groundTruth()]); // mse: one-hot of the label
        }
        assertEquals(100, matches, 25);
    }

    @Test
    void inputNoiseHasNeuroGymsScale() {
        DelayMatchSample task = new DelayMatchSample(CONFIG);
        SplittableRandom rng = new SplittableRandom(4);
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0; i < 300; i++) {
            Trial t = task.trial(rng);
            Period sample = t.period("sample").orElseThrow();
            for (int s = sample.start(); s < sample.end(); s++) {
                double clean = 0.5 + 0.5 * Math.cos(0.0 - t.info().get("sample_theta"));
                double noise = t.inputs()[s * 3 + 1] - clean;
                sum += noise;
                sumSq += noise * noise;
                n++;
            }
        }
        assertEquals(1.0 / Math.sqrt(20), Math.sqrt(sumSq / n - (sum / n) * (sum / n)), 0.005);
    }

    @Test
    void otherCodings() {
        TaskConfig quiet = new TaskConfig(20, 0.0, 1.0);
        SplittableRandom rng = new SplittableRandom(5);
        Trial go = new GoNogo(quiet).trial(rng);
        Period stim = go.period("stimulus").orElseThrow();
        assertEquals(1.0, go.inputs()[stim.start() * 3 + 1 + go.groundTruth()]);
        assertEquals(0.0, go.inputs()[stim.start() * 3 + 2 - go.groundTruth()]);

        Trial dc = new DelayComparison(quiet).trial(rng);
        double f1 = dc.info().get("f1"), f2 = dc.info().get("f2");
        assertEquals(f1 > f2 ? 1 : 2, dc.groundTruth());
        assertEquals((1 + (f1 - 10) / 24) / 2, dc.inputs()[dc.period("stimulus1").orElseThrow().start() * 2 + 1], 1e-15);

        Trial pdm = new PerceptualDecisionMaking(quiet).trial(rng);
        double coh = pdm.info().get("coherence");
        int s = pdm.period("stimulus").orElseThrow().start();
        assertEquals(coh / 100, pdm.inputs()[s * 3 + pdm.groundTruth()] - pdm.inputs()[s * 3 + 3 - pdm.groundTruth()], 1e-12);

        Trial cdm = new ContextDecisionMaking(quiet).trial(rng);
        int context = cdm.info().get("context").intValue();
        int st = cdm.period("stimulus").orElseThrow().start();
        int base = 1 + 2 * context; // the ring of the cued modality points at the answer
        double toward = cdm.inputs()[st * 7 + base + cdm.groundTruth() - 1];
        double away = cdm.inputs()[st * 7 + base + 2 - cdm.groundTruth()];
        assertTrue(toward > away, "cued modality favours the answer");
        assertEquals(1.0, cdm.inputs()[cdm.period("decision").orElseThrow().start() * 7 + 5 + context]);

        Trial ff = new FlipFlop(quiet).trial(rng);
        for (int k = 0; k < 3; k++) {
            double last = 0;
            for (int t = 0; t < ff.steps(); t++) {
                if (ff.inputs()[t * 3 + k] != 0) last = ff.inputs()[t * 3 + k];
                assertEquals(last, ff.targets()[t * 3 + k]);
            }
        }
    }

    /** Every task's loss mask: decision_weight on the decision period, 1 on the rest of the trial, 0 on padding. */
    @ParameterizedTest
    @MethodSource("taskNames")
    void lossMaskWeighsTheDecisionAndIgnoresPadding(String name) {
        Task task = Tasks.create(name, new TaskConfig(20, 0.1, 3.0));
        SplittableRandom rng = new SplittableRandom(11);
        for (int n = 0; n < 50; n++) {
            Trial t = task.trial(rng);
            var decision = t.period("decision");
            double scored = 0;
            for (int s = 0; s < task.maxSteps(); s++) {
                int step = s;
                double want = s >= t.steps() ? 0.0
                        : decision.filter(d -> step >= d.start() && step < d.end()).isPresent() ? 3.0 : 1.0;
                assertEquals(want, t.mask()[s], name + " step " + s + " of " + t.steps() + " (" + periodsOf(t) + ")");
                scored += t.mask()[s];
            }
            assertTrue(scored > 0, name + ": something is scored");
            if (task.loss() == org.psrnn.model.LossKind.XENT) {
                assertTrue(decision.isPresent() && decision.get().end() > decision.get().start(), name + " has a decision period");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("taskNames")
    void oracleScoresPerfectAndConstantOutputScoresChance(String name) {
        Task task = Tasks.create(name, CONFIG);
        int size = 2000;
        var batch = TaskBatches.evaluation(task, 11, size, task.loss());
        int steps = task.maxSteps(), nOut = task.outputs();
        double[] oracle = new double[steps * size * nOut];
        double[] constant = new double[oracle.length];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < size; b++) {
                Trial trial = batch.trials().get(b);
                for (int k = 0; k < nOut; k++) {
                    int i = (t * size + b) * nOut + k;
                    oracle[i] = task.loss() == LossKind.MSE ? trial.targets()[t * nOut + k] : (trial.labels()[t] == k ? 10.0 : 0.0);
                    constant[i] = k == 1 ? 1.0 : -0.5; // the same output for every trial and step
                }
            }
        }
        assertEquals(1.0, TaskBatches.performance(task, batch, oracle), 0.0, "oracle");
        assertEquals(task.chance(), TaskBatches.performance(task, batch, constant), 0.04, "constant output");
    }

    @ParameterizedTest
    @MethodSource("taskNames")
    void trialsComeFromTheTrialStream(String name) {
        Task task = Tasks.create(name, CONFIG);
        var a = TaskBatches.training(task, 5, 17, 4, task.loss());
        var b = TaskBatches.training(task, 5, 17, 4, task.loss());
        var c = TaskBatches.training(task, 5, 18, 4, task.loss());
        assertArrayEquals(a.batch().inputs(), b.batch().inputs());
        assertTrue(!java.util.Arrays.equals(a.batch().inputs(), c.batch().inputs()), "another iteration, other trials");
        // Trial b of the batch is the trial drawn from the seed of MODEL.md's stream (b, k, 0, 6).
        Trial second = task.trial(new SplittableRandom(org.psrnn.rng.Streams.trialSeed(5, 17, 1)));
        assertEquals(second.inputs()[3 * task.inputs()], a.batch().inputs()[(3 * 4 + 1) * task.inputs()]);
        assertEquals(task.maxSteps(), a.batch().steps());
    }

    @Test
    void unknownTaskSuggests() {
        var e = assertThrows(InvalidInputException.class, () -> Tasks.create("dsm", CONFIG));
        assertTrue(e.getMessage().contains("did you mean 'dms'"), e.getMessage());
        assertEquals("DelayMatchSample", Tasks.create("DMS", CONFIG).name());
        assertThrows(InvalidInputException.class, () -> new TaskConfig(0, 1, 1));
    }
}
