package org.psrnn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.psrnn.engine.Engine;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.engine.reference.ReferenceEngine;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.Activation;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.results.MetricsRow;
import org.psrnn.rng.Streams;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.Preset;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.rules.Switching;
import org.psrnn.train.RunConfig;
import org.psrnn.train.TrainingRun;

/**
 * A float32 engine against the reference, the same way for every engine: one iteration on
 * random states (loss, gradients, H and the new parameters within 2e-4 relative; S identical except
 * for synapses within 1e-5 relative of a threshold or of a stochastic decision's boundary), and a
 * short training run whose learning curve must follow the reference's.
 */
public final class Parity {
    public static final double TOLERANCE = 2e-4;

    private Parity() {}

    /** One parity case: which preset, activation, loss, Hebbian rule and noise, and its number (sizes, seeds, clipping). */
    public record Case(Preset preset, Activation activation, LossKind loss, HebbianRule rule, boolean explicitNoise, int number,
                       HebbianTerm term, int hebbUntil) {
        /** A case with the Hebbian rule itself at every iteration. */
        public Case(Preset preset, Activation activation, LossKind loss, HebbianRule rule, boolean explicitNoise, int number) {
            this(preset, activation, loss, rule, explicitNoise, number, HebbianTerm.ACTIVITY, HebbianConfig.ALWAYS);
        }

        @Override
        public String toString() {
            return preset.key() + " " + activation.key() + " " + loss.key() + " " + rule.key() + (explicitNoise ? " explicit-noise" : "")
                    + (term == HebbianTerm.ACTIVITY ? "" : " hebb_term=" + term.key())
                    + (hebbUntil == HebbianConfig.ALWAYS ? "" : " hebb_until=" + hebbUntil) + " #" + number;
        }
    }

    /** Every preset with every activation (losses, rules and noise rotating), then both switching modes under each rule. */
    public static List<Case> cases(int first) {
        List<Case> cases = new ArrayList<>();
        int c = first;
        for (Preset preset : Preset.values()) {
            for (Activation a : Activation.values()) {
                cases.add(new Case(preset, a, LossKind.values()[c % 2], HebbianRule.values()[c % 3], c % 2 == 1, c));
                c++;
            }
        }
        for (SwitchMode mode : new SwitchMode[] {SwitchMode.THRESHOLD, SwitchMode.STOCHASTIC}) {
            for (HebbianRule rule : HebbianRule.values()) {
                cases.add(new Case(mode == SwitchMode.THRESHOLD ? Preset.SWITCH : Preset.SWITCH_STOCHASTIC, Activation.TANH, LossKind.XENT,
                        rule, false, c++));
            }
        }
        // The Hebbian controls (MODEL.md step 5): the random term under each rule, and step 5 off from iteration 0.
        for (HebbianRule rule : HebbianRule.values()) {
            cases.add(new Case(Preset.SWITCH, Activation.RETANH, LossKind.MSE, rule, false, c++, HebbianTerm.RANDOM, HebbianConfig.ALWAYS));
        }
        cases.add(new Case(Preset.SWITCH, Activation.TANH, LossKind.XENT, HebbianRule.PLAIN, false, c++, HebbianTerm.ACTIVITY, 0));
        return cases;
    }

    /**
     * One iteration of {@code kase} on a network of {@code hidden} units and a batch of T = 6, B = 5
     * on the engine {@code make} builds, against the reference from the same (float-rounded) start.
     */
    public static void oneIteration(BiFunction<ModelConfig, NetworkState, Engine> make, String engineName, Case kase, int hidden) {
        oneIteration(make, engineName, kase, hidden, 6, 5);
    }

    /** As above with a batch of {@code steps} x {@code trials}. */
    public static void oneIteration(BiFunction<ModelConfig, NetworkState, Engine> make, String engineName, Case kase, int hidden,
                                    int steps, int trials) {
        oneIteration(make, engineName, kase, hidden, steps, trials, TOLERANCE);
    }

    /**
     * As above within {@code tolerance} (relative) instead of {@link #TOLERANCE}, for an engine whose
     * arithmetic is stated to be coarser than float32; the window around a switching decision's
     * boundary in which S may differ widens in proportion (1e-5 at the default).
     */
    public static void oneIteration(BiFunction<ModelConfig, NetworkState, Engine> make, String engineName, Case kase, int hidden,
                                    int steps, int trials, double tolerance) {
        int c = kase.number();
        Preset preset = kase.preset();
        NetworkShape shape = new NetworkShape(3, hidden, 4);
        NetworkState state = Fixtures.randomState(shape, preset == Preset.BP ? 1.0 : preset == Preset.HEBB ? 0.0 : 0.5, 100 + c);
        if (preset == Preset.BP || preset == Preset.HEBB) Arrays.fill(state.strong(), (byte) (preset == Preset.BP ? 1 : 0));
        Batch batch = Fixtures.randomBatch(shape, steps, trials, kase.loss(), kase.explicitNoise(), 200 + c);
        double[] abs = state.params().wRec().clone();
        for (int i = 0; i < abs.length; i++) abs[i] = Math.abs(abs[i]);
        Arrays.sort(abs);
        double theta = abs[abs.length * 3 / 4];
        SwitchConfig sw = new SwitchConfig(preset.switchMode(), theta, 0.1, 0.6, Double.NaN);
        ModelConfig cfg = ModelConfig.defaults(kase.loss()).withActivation(kase.activation()).withAlpha(0.3).withSigmaRec(0.2)
                .withAdam(new AdamConfig(0.01, 0.9, 0.999, 1e-8)).withClip(c % 3 == 0 ? 0.1 : 0)
                .withHebbian(new HebbianConfig(kase.rule(), 0.05, 0.01, c % 4 == 0 ? 0.5 : Double.POSITIVE_INFINITY)
                        .withControl(kase.term(), kase.hebbUntil()))
                .withSwitching(sw).withSeed(0xC0FFEEL + c);

        try (Engine ref = new ReferenceEngine(cfg, state); Engine other = make.apply(cfg, state)) {
            NetworkState start = other.exportState(); // float-rounded: give the reference the same start
            ref.importState(start);
            Gradients gr = ref.gradients(batch), go = other.gradients(batch);
            close(gr.loss(), go.loss(), "loss", engineName, tolerance);
            for (ParamTensor t : ParamTensor.values()) close(gr.grads().get(t), go.grads().get(t), "grad_" + t.fileName(), engineName, tolerance);
            close(gr.hebbian(), go.hebbian(), "H", engineName, tolerance);
            close(gr.gradNorm(), go.gradNorm(), "grad norm", engineName, tolerance);

            stepMatches(cfg, ref, other, batch, engineName, tolerance);
        }
    }

    /**
     * One step of {@code other} against the reference from {@code other}'s state (given to the
     * reference first): the loss, clipping scale, parameters and moments within {@link #TOLERANCE}, k,
     * and S identical except for synapses within 1e-5 relative of a decision's boundary.
     */
    public static void stepMatches(ModelConfig cfg, Engine ref, Engine other, Batch batch, String engineName) {
        stepMatches(cfg, ref, other, batch, engineName, TOLERANCE);
    }

    /** As above within {@code tolerance}, S's window widened in proportion (see {@link #oneIteration}). */
    public static void stepMatches(ModelConfig cfg, Engine ref, Engine other, Batch batch, String engineName, double tolerance) {
        double window = 1e-5 * tolerance / TOLERANCE;
        NetworkState start = other.exportState();
        ref.importState(start);
        SwitchConfig sw = cfg.switching();
        int n = start.shape().hidden();
        StepStats sr = ref.step(batch), so = other.step(batch);
        close(sr.loss(), so.loss(), "step loss", engineName, tolerance);
        close(sr.clipScale(), so.clipScale(), "clip scale", engineName, tolerance);
        NetworkState ar = ref.exportState(), ao = other.exportState();
        for (ParamTensor t : ParamTensor.values()) {
            close(ar.params().get(t), ao.params().get(t), t.fileName(), engineName, tolerance);
            close(ar.adamM().get(t), ao.adamM().get(t), "m_" + t.fileName(), engineName, tolerance);
            close(ar.adamV().get(t), ao.adamV().get(t), "v_" + t.fileName(), engineName, tolerance);
        }
        assertEquals(ar.iteration(), ao.iteration());
        int mismatched = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int idx = i * n + j;
                if (ar.strong()[idx] == ao.strong()[idx]) continue;
                assertTrue(nearBoundary(sw, start.strong()[idx] == 1, ar.params().wRec()[idx], cfg.seed(), start.iteration(), i, j, window),
                        "S differs at (" + i + ", " + j + ") away from any threshold: |W| = " + Math.abs(ar.params().wRec()[idx]));
                mismatched++;
            }
        }
        assertTrue(mismatched <= Math.max(1, n * n / 10000), mismatched + " synapses differ");
        // Each synapse decided differently moves one engine's count of switches by one, no more.
        int countDifference = Math.abs(sr.switchesUp() - so.switchesUp()) + Math.abs(sr.switchesDown() - so.switchesDown());
        assertTrue(countDifference <= mismatched, "switches up/down: reference " + sr.switchesUp() + "/" + sr.switchesDown() + ", "
                + engineName + " " + so.switchesUp() + "/" + so.switchesDown() + " with " + mismatched + " synapses decided differently");
        int strong = 0;
        for (byte b : ao.strong()) strong += b;
        assertEquals(strong, so.strongCount(), "the step's strong count");
    }

    /** Whether a synapse's switching decision is within {@code window} (relative) of flipping. */
    private static boolean nearBoundary(SwitchConfig sw, boolean was, double w, long seed, long k, int i, int j, double window) {
        double a = Math.abs(w);
        return switch (sw.mode()) {
            case NONE -> false;
            case THRESHOLD -> Math.abs(a - sw.theta()) <= window * sw.theta()
                    || Math.abs(a - (1 - sw.hysteresis()) * sw.theta()) <= window * sw.theta();
            case STOCHASTIC -> {
                double p = was ? Switching.downProbability(sw, a) : Switching.upProbability(sw, a);
                yield Math.abs(Streams.switchingWord(seed, k, i, j) - p * 0x1p32) <= window * 0x1p32;
            }
        };
    }

    private static void close(double expected, double actual, String what, String engine, double tolerance) {
        assertTrue(Math.abs(expected - actual) <= tolerance * Math.max(Math.abs(expected), 1e-6),
                what + ": reference " + expected + ", " + engine + " " + actual);
    }

    private static void close(double[] expected, double[] actual, String what, String engine, double tolerance) {
        double scale = Math.max(Fixtures.maxAbs(expected), 1e-6);
        double diff = Fixtures.maxAbsDiff(expected, actual);
        assertTrue(diff <= tolerance * scale, what + " (" + engine + "): max difference " + diff + " against max |value| " + scale);
    }

    private static RunConfig trainingConfig(String engine, int iterations, int batch, int evalEvery, int evalBatch) {
        String[] kv = {"task", "gonogo", "rule", "switch", "hidden", "32", "batch", "" + batch, "iterations", "" + iterations,
            "eval_every", "" + evalEvery, "eval_batch", "" + evalBatch, "lr", "0.01", "activation", "tanh", "seed", "5", "engine", engine};
        ConfigFile c = ConfigFile.empty();
        for (int i = 0; i < kv.length; i += 2) c = c.with(kv[i], kv[i + 1], RunConfig.allKeys(), "test");
        return RunConfig.from(c);
    }

    /**
     * 200 iterations of a psRNN on GoNogo on the reference and on {@code engine} from the same start
     * and trials: float32 and float64 trajectories drift apart, but the learning curves must agree:
     * mean absolute difference of performance over the 9 evaluations at most 0.05, both ending at or
     * above 0.9; at the first evaluation (the same state) the measured columns agree.
     */
    public static void trainingCurve(Path dir, String engine) throws Exception {
        trainingCurve(dir, engine, 200, 16, 25, 128, 0.9);
    }

    /**
     * As {@link #trainingCurve(Path, String)} with {@code iterations} of {@code batch} trials,
     * evaluated every {@code evalEvery} on {@code evalBatch} trials, both ending at or above
     * {@code finalPerformance} (a short run, where the engine is slow, asks less of the end).
     */
    public static void trainingCurve(Path dir, String engine, int iterations, int batch, int evalEvery, int evalBatch,
                                     double finalPerformance) throws Exception {
        var ref = TrainingRun.execute(trainingConfig("reference", iterations, batch, evalEvery, evalBatch), dir.resolve("ref"), false,
                new PrintWriter(new StringWriter()), false, "", "");
        var other = TrainingRun.execute(trainingConfig(engine, iterations, batch, evalEvery, evalBatch), dir.resolve(engine), false,
                new PrintWriter(new StringWriter()), false, "", "");
        List<MetricsRow> a = ref.dir().readMetrics(), b = other.dir().readMetrics();
        assertEquals(a.size(), b.size());
        double sum = 0;
        for (int i = 0; i < a.size(); i++) sum += Math.abs(a.get(i).performance() - b.get(i).performance());
        double meanDifference = sum / a.size();
        assertTrue(meanDifference <= 0.05, "mean |performance difference| " + meanDifference + "\n" + a + "\n" + b);
        assertTrue(a.get(a.size() - 1).performance() >= finalPerformance && b.get(b.size() - 1).performance() >= finalPerformance,
                "both learn: " + a.get(a.size() - 1).performance() + ", " + b.get(b.size() - 1).performance());
        assertEquals(a.get(0).evalLoss(), b.get(0).evalLoss(), 1e-4 * a.get(0).evalLoss(), "same start");
        // From the same start, the measured columns agree: the engine's gradients give H and G alike.
        var ma = a.get(0).measured();
        var mb = b.get(0).measured();
        assertEquals(ma.turnover(), mb.turnover(), "same S");
        assertEquals(ma.alignment().cosine(), mb.alignment().cosine(), 1e-3, "cosine of H and -G on the held-out batch");
        assertEquals(ma.alignment().signAgreement(), mb.alignment().signAgreement(), 0.02, "sign agreement of H and -G");
        assertEquals(ma.rank().effectiveRank(), mb.rank().effectiveRank(), 1e-4 * ma.rank().effectiveRank(), "effective rank of W");
        assertEquals(ma.weak().meanAbs(), mb.weak().meanAbs(), 1e-6 * ma.weak().meanAbs(), "mean |W| of WEAK synapses");
    }
}
