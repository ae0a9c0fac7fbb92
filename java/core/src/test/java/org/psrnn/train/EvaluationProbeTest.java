package org.psrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.analysis.EvaluationMetrics;
import org.psrnn.analysis.HebbianAlignment;
import org.psrnn.analysis.Ranks;
import org.psrnn.analysis.StrongSetHistory;
import org.psrnn.analysis.WeakGrowth;
import org.psrnn.engine.Engine;
import org.psrnn.engine.Engines;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.Batch;
import org.psrnn.model.Initialization;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.task.TaskBatches;

/**
 * An evaluation's measured columns: what each engine's {@code gradients} gives, the same on the
 * reference (float64) and the cpu engine (float32) up to rounding, and nothing about the engine's
 * state changed by measuring it.
 */
class EvaluationProbeTest {
    private static RunConfig config(String... kv) {
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "--set");
        return RunConfig.from(c);
    }

    /** A psRNN on DMS after a few reference iterations: WEAK and STRONG synapses, rates and gradients away from zero. */
    private static final RunConfig CONFIG = config("task", "dms", "rule", "switch", "hidden", "24", "batch", "8", "seed", "3",
            "eta_h", "1e-3", "engine", "reference");

    @Test
    void theReferenceAndTheCpuEngineMeasureTheSame() {
        var init = Initialization.initialize(CONFIG.shape(), CONFIG.model(), CONFIG.init(), CONFIG.rule());
        var task = CONFIG.createTask();
        long seed = CONFIG.model().seed();
        NetworkState trained;
        try (Engine ref = Engines.create("reference", init.config(), init.state())) {
            for (int k = 0; k < 5; k++) ref.step(TaskBatches.training(task, seed, k, 8, CONFIG.model().loss()).batch());
            trained = ref.exportState();
        }
        Batch eval = TaskBatches.evaluation(task, seed, 32, CONFIG.model().loss()).batch();
        double[] wInit = init.state().params().wRec();
        double theta = init.config().switching().theta();
        EvaluationMetrics a, b;
        try (Engine ref = Engines.create("reference", init.config(), trained); Engine cpu = Engines.create("cpu", init.config(), trained)) {
            a = measureTwice(new EvaluationProbe(ref, wInit, theta), ref, eval);
            b = measureTwice(new EvaluationProbe(cpu, wInit, theta), cpu, eval);
        }
        double weak = 1 - trained.strongFraction();
        assertTrue(weak > 0.1 && weak < 0.95, "WEAK and STRONG synapses: " + weak);
        assertTrue(Math.abs(a.alignment().cosine()) > 1e-3, "a measurable alignment: " + a.alignment());

        assertEquals(a.turnover(), b.turnover(), "the same S");
        assertEquals(a.alignment().cosine(), b.alignment().cosine(), 1e-4, "cosine of H and -G");
        assertEquals(a.alignment().signAgreement(), b.alignment().signAgreement(), 0.01, "a few entries near zero may differ in sign");
        assertClose(a.weak(), b.weak());
        assertClose(a.rank(), b.rank());
        assertClose(a.changeRank(), b.changeRank());
    }

    /** Measures twice (the second against the first's S: turnover of an unchanged S), checking the engine's state is untouched. */
    private static EvaluationMetrics measureTwice(EvaluationProbe probe, Engine engine, Batch eval) {
        NetworkState before = engine.exportState();
        StrongSetHistory history = new StrongSetHistory();
        EvaluationMetrics first = probe.measure(before, eval, history);
        EvaluationMetrics again = probe.measure(engine.exportState(), eval, history);
        NetworkState after = engine.exportState();
        for (ParamTensor t : ParamTensor.values()) {
            assertArrayEquals(before.params().get(t), after.params().get(t), t + " unchanged");
            assertArrayEquals(before.adamM().get(t), after.adamM().get(t), t + " moments unchanged");
        }
        assertArrayEquals(before.strong(), after.strong());
        assertEquals(before.iteration(), after.iteration());
        assertEquals(1.0, again.turnover().jaccardPrevious(), "S did not move");
        assertEquals(first.alignment(), again.alignment(), "the same numbers from the same state");
        HebbianAlignment direct = HebbianAlignment.of(engine.gradients(eval).hebbian(), engine.gradients(eval).grads().wRec(), before.strong());
        assertEquals(direct, first.alignment(), "H and G of the engine's gradients on the held-out batch");
        return first;
    }

    private static void assertClose(WeakGrowth a, WeakGrowth b) {
        assertEquals(a.meanAbs(), b.meanAbs(), 1e-6 * a.meanAbs());
        assertEquals(a.p99Abs(), b.p99Abs(), 1e-6 * a.p99Abs());
        assertEquals(a.aboveTheta(), b.aboveTheta());
    }

    private static void assertClose(Ranks a, Ranks b) {
        assertEquals(a.effectiveRank(), b.effectiveRank(), 1e-5 * a.effectiveRank());
        assertEquals(a.participationRatio(), b.participationRatio(), 1e-5 * a.participationRatio());
        assertEquals(a.rank90(), b.rank90());
    }
}
