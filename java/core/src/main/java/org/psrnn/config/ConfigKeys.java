package org.psrnn.config;

import static org.psrnn.config.Layer.HEBBIAN;
import static org.psrnn.config.Layer.INIT;
import static org.psrnn.config.Layer.MODEL;
import static org.psrnn.config.Layer.OPTIMISER;
import static org.psrnn.config.Layer.SWITCHING;
import static org.psrnn.config.Layer.TRAINING;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import org.psrnn.model.Activation;
import org.psrnn.model.InitConfig;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.Preset;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.task.TaskConfig;
import org.psrnn.task.Tasks;

/**
 * Every configuration key, once: name, layer, type and range, default, meaning. The file reader,
 * its error messages, {@code psrnn keys}, the defaults in the commands' help and config.json are
 * all read from here, so a key added, renamed or given another default or range changes all of
 * them together. MODEL.md's defaults are the configuration records' own ({@code AdamConfig.DEFAULT},
 * ...), read here, not copied; the others (training's) are written here and nowhere else. The order
 * is {@code psrnn keys}'s: related keys together.
 */
public final class ConfigKeys {
    private ConfigKeys() {}

    public static final ConfigKey<Double> ALPHA = ConfigKey.of("alpha", MODEL, Numbers.between(0, false, 1, true),
            ModelConfig.DEFAULT_ALPHA, "leak per time step, dt / tau (derived from dt and tau when only they are given)");
    public static final ConfigKey<Double> DT = ConfigKey.of("dt", MODEL, Numbers.positive(), TaskConfig.DEFAULT.dt(),
            "time step in ms: task periods last int(ms / dt) steps; alpha = dt / tau <= 1 unless alpha is given");
    /** MODEL.md's time constant: with the tasks' dt it gives MODEL.md's alpha. No record holds it; alpha is what the model uses. */
    public static final ConfigKey<Double> TAU = ConfigKey.of("tau", MODEL, Numbers.positive(), 100.0,
            "time constant in ms, for alpha = dt / tau");
    public static final ConfigKey<Activation> ACTIVATION = ConfigKey.of("activation", MODEL, new Choices<>(Activation.class),
            ModelConfig.DEFAULT_ACTIVATION, "the rate function phi (retanh = tanh(relu(x)))");
    public static final ConfigKey<LossKind> LOSS = ConfigKey.of("loss", MODEL, new Choices<>(LossKind.class), (LossKind) null,
            "mse on targets, or cross-entropy on labels").whenAbsent("the task's (step: labels in the batch give xent, targets mse)");
    public static final ConfigKey<Double> SIGMA_REC = ConfigKey.of("sigma_rec", MODEL, Numbers.nonNegative(), ModelConfig.DEFAULT_SIGMA_REC,
            "recurrent noise scale; 0 makes the network deterministic");

    /*
     * Where training departs from MODEL.md's defaults (lr, eta_h), and why (measured, see
     * docs/EXPERIMENTS.md): with lr = 1e-3 and eta_h = 1e-3 a relu psRNN diverges within tens of
     * iterations, because the plain Hebbian term of positive rates grows W along a positive
     * direction that feeds back on the rates. eta_h = 1e-6 was the largest power of ten stable
     * over 2000 iterations of DelayMatchSample at N = 64 and 128; lr = 1e-2 lets BPTT hold the
     * STRONG synapses against that drift. Over 10 seeds 1 relu psRNN run in 10 still diverged on
     * DelayMatchSample within 1000 iterations at these defaults, 4 within 2000
     * (docs/MODEL-NOTES.md, docs/EXPERIMENTS.md).
     */
    public static final ConfigKey<Double> LR = ConfigKey.of("lr", OPTIMISER, Numbers.nonNegative(), AdamConfig.DEFAULT.lr(),
            "Adam's learning rate").inTraining(0.01);
    public static final ConfigKey<Double> BETA1 = ConfigKey.of("beta1", OPTIMISER, Numbers.between(0, true, 1, false),
            AdamConfig.DEFAULT.beta1(), "Adam's first-moment decay");
    public static final ConfigKey<Double> BETA2 = ConfigKey.of("beta2", OPTIMISER, Numbers.between(0, true, 1, false),
            AdamConfig.DEFAULT.beta2(), "Adam's second-moment decay");
    public static final ConfigKey<Double> EPS = ConfigKey.of("eps", OPTIMISER, Numbers.positive(), AdamConfig.DEFAULT.eps(), "Adam's epsilon");
    public static final ConfigKey<Double> CLIP = ConfigKey.of("clip", OPTIMISER, Numbers.nonNegative(), ModelConfig.DEFAULT_CLIP,
            "global gradient-norm clip; 0 disables it");

    public static final ConfigKey<Double> ETA_H = ConfigKey.of("eta_h", HEBBIAN, Numbers.nonNegative(), HebbianConfig.DEFAULT.etaH(),
            "Hebbian learning rate of WEAK synapses").inTraining(1e-6);
    public static final ConfigKey<HebbianRule> HEBB_RULE = ConfigKey.of("hebb_rule", HEBBIAN, new Choices<>(HebbianRule.class),
            HebbianConfig.DEFAULT.rule(), "the Hebbian rule of WEAK synapses (MODEL.md step 5)");
    public static final ConfigKey<Double> LAMBDA = ConfigKey.of("lambda", HEBBIAN, Numbers.nonNegative(), HebbianConfig.DEFAULT.lambda(),
            "decay of WEAK synapses in the Hebbian update");
    public static final ConfigKey<Double> W_MAX = ConfigKey.of("w_max", HEBBIAN,
            Numbers.between(0, false, Double.POSITIVE_INFINITY, true).orNone(Double.POSITIVE_INFINITY), HebbianConfig.DEFAULT.wMax(),
            "clamp |W| <= w_max after the Hebbian update").whenAbsent("none (no clamp)");
    public static final ConfigKey<HebbianTerm> HEBB_TERM = ConfigKey.of("hebb_term", HEBBIAN, new Choices<>(HebbianTerm.class),
            HebbianConfig.DEFAULT.term(), "what WEAK synapses add: the rule's H, or (a control) random with H's norm over them");
    public static final ConfigKey<Integer> HEBB_UNTIL = ConfigKey.of("hebb_until", HEBBIAN,
            new Integers(0, Integer.MAX_VALUE).orNone(HebbianConfig.ALWAYS), HebbianConfig.DEFAULT.until(),
            "WEAK synapses learn only at iterations below this (a control: Hebbian in a first phase only)")
            .whenAbsent("none (every iteration)");

    public static final ConfigKey<SwitchMode> SWITCH_MODE = ConfigKey.of("switch_mode", SWITCHING, new Choices<>(SwitchMode.class),
            SwitchConfig.DEFAULT.mode(), "how synapses switch between WEAK and STRONG (train: the rule's unless given)");
    public static final ConfigKey<Double> THETA = ConfigKey.of("theta", SWITCHING, Numbers.nonNegative().orNone(Double.NaN),
            SwitchConfig.DEFAULT.theta(), "switching threshold on |W|")
            .whenAbsent("the (1 - strong_fraction) quantile of the initial |W| (step: none, it must be given to switch)");
    public static final ConfigKey<Double> HYSTERESIS = ConfigKey.of("hysteresis", SWITCHING, Numbers.between(0, true, 1, false),
            SwitchConfig.DEFAULT.hysteresis(), "a STRONG synapse falls back only below (1 - hysteresis) theta");
    public static final ConfigKey<Double> KAPPA = ConfigKey.of("kappa", SWITCHING, Numbers.between(0, true, 1, true),
            SwitchConfig.DEFAULT.kappa(), "largest flip probability per iteration of stochastic switching");
    public static final ConfigKey<Double> TEMP = ConfigKey.of("temp", SWITCHING, Numbers.positive().orNone(Double.NaN),
            SwitchConfig.DEFAULT.temp(), "temperature of stochastic switching").whenAbsent("0.1 theta");

    public static final ConfigKey<Long> SEED = ConfigKey.of("seed", MODEL, new Seeds(), ModelConfig.DEFAULT_SEED,
            "the Philox key: initial weights, noise, switching and trials");
    public static final ConfigKey<Double> G = ConfigKey.of("g", INIT, Numbers.nonNegative(), InitConfig.DEFAULT.g(),
            "gain of the initial recurrent weights, W ~ N(0, g^2 / N)");
    public static final ConfigKey<Double> STRONG_FRACTION = ConfigKey.of("strong_fraction", INIT, Numbers.between(0, true, 1, true),
            InitConfig.DEFAULT.strongFraction(), "share of STRONG synapses at initialisation: sets theta when absent, and the fixed rule's share");

    public static final ConfigKey<String> TASK = ConfigKey.of("task", Layer.TASK, new Names(ConfigKeys::taskNames, Tasks::canonicalName),
            Tasks.DEFAULT, "the cognitive task (psrnn tasks describes each)");
    public static final ConfigKey<Preset> RULE = ConfigKey.of("rule", TRAINING, new Choices<>(Preset.class), Preset.SWITCH,
            "which synapses learn how: the psRNN, the BP-only baseline or an ablation");
    public static final ConfigKey<Integer> HIDDEN = ConfigKey.of("hidden", TRAINING, new Integers(1, 1 << 16), 128, "recurrent units N");
    public static final ConfigKey<Integer> BATCH = ConfigKey.of("batch", TRAINING, new Integers(1, 1 << 20), 32,
            "trials per training iteration B");
    public static final ConfigKey<Integer> ITERATIONS = ConfigKey.of("iterations", TRAINING, new Integers(1, Integer.MAX_VALUE), 2000,
            "training iterations");
    public static final ConfigKey<Integer> EVAL_EVERY = ConfigKey.of("eval_every", TRAINING, new Integers(1, Integer.MAX_VALUE), 25,
            "iterations between evaluations on the held-out batch");
    public static final ConfigKey<Integer> EVAL_BATCH = ConfigKey.of("eval_batch", TRAINING, new Integers(1, 1 << 20), 128,
            "trials in the held-out evaluation batch");
    /** The default task's criterion: a run takes its own task's (RunConfig), which this stands for in listings. */
    public static final ConfigKey<Double> CRITERION = ConfigKey.of("criterion", TRAINING, Numbers.between(0, false, 1, true),
            Tasks.create(Tasks.DEFAULT, TaskConfig.DEFAULT).defaultCriterion(), "performance that counts as learned (trials to criterion); "
            + "the default is the task's own, below its best achievable (psrnn tasks): shown here for the default task");
    public static final ConfigKey<Boolean> STOP_AT_CRITERION = ConfigKey.of("stop_at_criterion", TRAINING, new Flags(), false,
            "stop once trials to criterion is known");
    public static final ConfigKey<Integer> CHECKPOINT_EVERY = ConfigKey.of("checkpoint_every", TRAINING, new Integers(0, Integer.MAX_VALUE), 0,
            "also write the checkpoint every this many iterations; 0: at evaluations only");
    public static final ConfigKey<Double> INPUT_NOISE = ConfigKey.of("input_noise", Layer.TASK, Numbers.nonNegative(), TaskConfig.DEFAULT.sigma(),
            "noise scale of the tasks' stimulus inputs (NeuroGym's sigma)");
    public static final ConfigKey<Double> DECISION_WEIGHT = ConfigKey.of("decision_weight", Layer.TASK, Numbers.positive(),
            TaskConfig.DEFAULT.decisionWeight(), "loss-mask weight of decision-period steps (other steps weigh 1)");
    public static final ConfigKey<String> ENGINE = ConfigKey.of("engine", Layer.ENGINE, new Names(ConfigKeys::engineNames, name -> {}),
            Engines.AUTO, "the engine that trains");

    /** Every key, in the order {@code psrnn keys} lists them. */
    public static final List<ConfigKey<?>> ALL = List.of(ALPHA, DT, TAU, ACTIVATION, LOSS, SIGMA_REC, LR, BETA1, BETA2, EPS, CLIP,
            ETA_H, HEBB_RULE, LAMBDA, W_MAX, HEBB_TERM, HEBB_UNTIL, SWITCH_MODE, THETA, HYSTERESIS, KAPPA, TEMP, SEED, G, STRONG_FRACTION,
            TASK, RULE, HIDDEN, BATCH, ITERATIONS, EVAL_EVERY, EVAL_BATCH, CRITERION, STOP_AT_CRITERION, CHECKPOINT_EVERY,
            INPUT_NOISE, DECISION_WEIGHT, ENGINE);

    private static final Map<String, ConfigKey<?>> BY_NAME = index();

    private static Map<String, ConfigKey<?>> index() {
        Map<String, ConfigKey<?>> m = new LinkedHashMap<>();
        for (ConfigKey<?> k : ALL) {
            if (m.put(k.name(), k) != null) throw new IllegalStateException("configuration key " + k.name() + " twice");
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The key called {@code name}, or null when there is none. */
    public static ConfigKey<?> byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every key's name, in table order: what a training configuration accepts. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** MODEL.md's keys, the ones {@code psrnn step} reads, in table order. */
    public static Set<String> modelMdNames() {
        Set<String> s = new LinkedHashSet<>();
        for (ConfigKey<?> k : ALL) if (k.layer().modelMd()) s.add(k.name());
        return java.util.Collections.unmodifiableSet(s);
    }

    private static List<String> taskNames() {
        List<String> names = new ArrayList<>();
        Tasks.names().forEach((name, alias) -> names.add(name + " (" + alias + ")"));
        return names;
    }

    private static List<String> engineNames() {
        List<String> names = new ArrayList<>();
        for (EngineProvider p : Engines.all()) names.add(p.name());
        names.add(Engines.AUTO);
        return names;
    }
}
