package org.psrnn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.InitConfig;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.Preset;
import org.psrnn.task.Task;
import org.psrnn.task.TaskConfig;
import org.psrnn.task.Tasks;

/**
 * Everything that defines a training run, resolved from defaults, a config file and command-line
 * values: task, rule preset, sizes, every MODEL.md hyper-parameter, training settings, engine.
 */
public record RunConfig(String task, TaskConfig taskConfig, Preset rule, int hidden, ModelConfig model, InitConfig init,
                        TrainSettings training, String engine) {

    /** The keys a training configuration accepts: MODEL.md's and these. */
    public static final Set<String> TRAIN_KEYS = Set.of("task", "rule", "hidden", "batch", "iterations", "eval_every",
            "eval_batch", "criterion", "stop_at_criterion", "checkpoint_every", "input_noise", "decision_weight", "engine");

    /** Every key of {@link #TRAIN_KEYS} and {@link ConfigFile#MODEL_KEYS}. */
    public static Set<String> allKeys() {
        Set<String> all = new TreeSet<>(ConfigFile.MODEL_KEYS);
        all.addAll(TRAIN_KEYS);
        return all;
    }

    /**
     * Where training departs from MODEL.md's defaults, and why (measured, see docs/EXPERIMENTS.md):
     * with {@code lr = 1e-3} and {@code eta_h = 1e-3} a relu psRNN diverges within tens of
     * iterations, because the plain Hebbian term of positive rates grows W along a positive
     * direction that feeds back on the rates. {@code eta_h = 1e-6} was the largest power of ten
     * stable over 2000 iterations of DelayMatchSample at N = 64 and 128; {@code lr = 1e-2} lets
     * BPTT hold the STRONG synapses against that drift. Over 10 seeds 1 relu psRNN run in 10 still
     * diverged on DelayMatchSample within 1000 iterations at these defaults, 4 within 2000 (docs/MODEL-NOTES.md, docs/EXPERIMENTS.md).
     */
    public static final Map<String, String> EXPERIMENT_DEFAULTS = Map.of("lr", "0.01", "eta_h", "1e-6");

    /** The run described by {@code c}; absent keys take their defaults (MODEL.md's, or {@link #EXPERIMENT_DEFAULTS}). */
    public static RunConfig from(ConfigFile c) {
        for (Map.Entry<String, String> d : EXPERIMENT_DEFAULTS.entrySet()) c = c.withDefault(d.getKey(), d.getValue(), allKeys());
        ConfigFile resolved = c;
        return c.within(() -> resolve(resolved));
    }

    private static RunConfig resolve(ConfigFile c) {
        TaskConfig taskConfig = new TaskConfig(c.number("dt", TaskConfig.DEFAULT.dt()),
                c.number("input_noise", TaskConfig.DEFAULT.sigma()), c.number("decision_weight", TaskConfig.DEFAULT.decisionWeight()));
        String taskName = c.string("task", Tasks.DEFAULT);
        Task task = Tasks.create(taskName, taskConfig);
        Preset rule = Preset.parse(c.string("rule", Preset.SWITCH.key()));
        int hidden = c.integer("hidden", 128, 1, 1 << 16);
        ModelConfig model = c.modelConfig(task.loss());
        // The preset sets the switch mode unless the configuration names one.
        if (!c.has("switch_mode")) model = model.withSwitching(rule.configure(model.switching()));
        TrainSettings training = new TrainSettings(
                c.integer("iterations", TrainSettings.DEFAULT.iterations(), 1, Integer.MAX_VALUE),
                c.integer("batch", TrainSettings.DEFAULT.batch(), 1, 1 << 20),
                c.integer("eval_every", TrainSettings.DEFAULT.evalEvery(), 1, Integer.MAX_VALUE),
                c.integer("eval_batch", TrainSettings.DEFAULT.evalBatch(), 1, 1 << 20),
                c.number("criterion", task.defaultCriterion()),
                c.bool("stop_at_criterion", TrainSettings.DEFAULT.stopAtCriterion()),
                c.integer("checkpoint_every", TrainSettings.DEFAULT.checkpointEvery(), 0, Integer.MAX_VALUE));
        return new RunConfig(task.name(), taskConfig, rule, hidden, model, c.initConfig(), training, c.string("engine", "auto"));
    }

    public Task createTask() {
        return Tasks.create(task, taskConfig);
    }

    public NetworkShape shape() {
        Task t = createTask();
        return new NetworkShape(t.inputs(), hidden, t.outputs());
    }

    /** This configuration with the model replaced (theta resolved at initialisation). */
    public RunConfig withModel(ModelConfig m) {
        return new RunConfig(task, taskConfig, rule, hidden, m, init, training, engine);
    }

    public RunConfig withEngine(String e) {
        return new RunConfig(task, taskConfig, rule, hidden, model, init, training, e);
    }

    /** This configuration with a budget of {@code n} iterations. */
    public RunConfig withIterations(int n) {
        TrainSettings t = training;
        return new RunConfig(task, taskConfig, rule, hidden, model, init,
                new TrainSettings(n, t.batch(), t.evalEvery(), t.evalBatch(), t.criterion(), t.stopAtCriterion(), t.checkpointEvery()), engine);
    }

    /**
     * A warning when the criterion is at or above the best performance any network can reach on
     * this task at these settings ({@link Task#ceiling()}): such a run may never reach it.
     */
    public java.util.Optional<String> criterionWarning() {
        Task t = createTask();
        double ceiling = t.ceiling();
        if (training.criterion() < ceiling) return java.util.Optional.empty();
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "criterion %s is at or above %s's best achievable performance "
                + "(%.3f, an ideal observer's), so the run may never reach it; the task's default is %s", plain(training.criterion()),
                t.name(), ceiling, plain(t.defaultCriterion())));
    }

    /** A number as written in a configuration (0.85, not 0.8500). */
    public static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /**
     * Every value by its configuration key, as written to {@code config.json}; reading this map
     * back gives the same run.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("rule", rule.key());
        m.put("hidden", hidden);
        m.put("batch", training.batch());
        m.put("iterations", training.iterations());
        m.put("eval_every", training.evalEvery());
        m.put("eval_batch", training.evalBatch());
        m.put("criterion", training.criterion());
        m.put("stop_at_criterion", training.stopAtCriterion());
        m.put("checkpoint_every", training.checkpointEvery());
        m.put("engine", engine);
        m.put("seed", new java.math.BigInteger(Long.toUnsignedString(model.seed())));
        m.put("dt", taskConfig.dt());
        m.put("input_noise", taskConfig.sigma());
        m.put("decision_weight", taskConfig.decisionWeight());
        m.put("alpha", model.alpha());
        m.put("activation", model.activation().key());
        m.put("loss", model.loss().key());
        m.put("sigma_rec", model.sigmaRec());
        m.put("lr", model.adam().lr());
        m.put("beta1", model.adam().beta1());
        m.put("beta2", model.adam().beta2());
        m.put("eps", model.adam().eps());
        m.put("clip", model.clip());
        m.put("eta_h", model.hebbian().etaH());
        m.put("hebb_rule", model.hebbian().rule().key());
        m.put("lambda", model.hebbian().lambda());
        m.put("w_max", Double.isInfinite(model.hebbian().wMax()) ? null : model.hebbian().wMax());
        m.put("switch_mode", model.switching().mode().key());
        m.put("theta", model.switching().thetaGiven() ? model.switching().theta() : null);
        m.put("hysteresis", model.switching().hysteresis());
        m.put("kappa", model.switching().kappa());
        m.put("temp", Double.isNaN(model.switching().temp()) ? null : model.switching().temp());
        m.put("g", init.g());
        m.put("strong_fraction", init.strongFraction());
        return m;
    }

    /** Which run this is, for plot titles: task, rule and seed. */
    public String subject() {
        return task + ", rule " + rule.key() + ", seed " + Long.toUnsignedString(model.seed());
    }

    /** A one-line summary for progress output. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s, rule %s, N=%d, B=%d, %d iterations, seed %s", task, rule.key(), hidden,
                training.batch(), training.iterations(), Long.toUnsignedString(model.seed()));
    }
}
