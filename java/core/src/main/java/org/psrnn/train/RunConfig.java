package org.psrnn.train;

import static org.psrnn.config.ConfigKeys.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.psrnn.config.ConfigKey;
import org.psrnn.config.ConfigKeys;
import org.psrnn.config.ModelSettings;
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
 * The keys, their defaults and ranges are {@link ConfigKeys}'s.
 */
public record RunConfig(String task, TaskConfig taskConfig, Preset rule, int hidden, ModelConfig model, InitConfig init,
                        TrainSettings training, String engine) {

    /** The keys a training configuration accepts: every key of {@link ConfigKeys}. */
    public static Set<String> allKeys() {
        return ConfigKeys.names();
    }

    /**
     * The run described by {@code c}; absent keys take their defaults: training's where it has its
     * own ({@link ConfigKey#trainingDefault()}, lr and eta_h), MODEL.md's otherwise.
     */
    public static RunConfig from(ConfigFile c) {
        for (ConfigKey<?> key : ConfigKeys.ALL) c = withTrainingDefault(c, key);
        return resolve(c);
    }

    private static <T> ConfigFile withTrainingDefault(ConfigFile c, ConfigKey<T> key) {
        return key.trainingDefault() == null ? c : c.withDefault(key, key.trainingDefault());
    }

    /** Each key read where the record it sets is built; a bad value fails there, naming where it came from. */
    private static RunConfig resolve(ConfigFile c) {
        TaskConfig taskConfig = new TaskConfig(c.get(DT), c.get(INPUT_NOISE), c.get(DECISION_WEIGHT));
        Task task = Tasks.create(c.get(TASK), taskConfig);
        Preset rule = c.get(RULE);
        int hidden = c.get(HIDDEN);
        ModelConfig model = ModelSettings.model(c, task.loss());
        // The preset sets the switch mode unless the configuration names one.
        if (!c.has(SWITCH_MODE)) model = model.withSwitching(rule.configure(model.switching()));
        TrainSettings training = new TrainSettings(c.get(ITERATIONS), c.get(BATCH), c.get(EVAL_EVERY), c.get(EVAL_BATCH),
                c.get(CRITERION, task.defaultCriterion()), c.get(STOP_AT_CRITERION), c.get(CHECKPOINT_EVERY));
        return new RunConfig(task.name(), taskConfig, rule, hidden, model, ModelSettings.init(c), training, c.get(ENGINE));
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
     * Every value by its configuration key, as written to {@code config.json}: each in its key's
     * form (the seed unsigned, an unset theta as null); reading this map back gives the same run.
     * Every key of {@link ConfigKeys} but tau, which is not kept apart from alpha.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, TASK, task);
        put(m, RULE, rule);
        put(m, HIDDEN, hidden);
        put(m, BATCH, training.batch());
        put(m, ITERATIONS, training.iterations());
        put(m, EVAL_EVERY, training.evalEvery());
        put(m, EVAL_BATCH, training.evalBatch());
        put(m, CRITERION, training.criterion());
        put(m, STOP_AT_CRITERION, training.stopAtCriterion());
        put(m, CHECKPOINT_EVERY, training.checkpointEvery());
        put(m, ENGINE, engine);
        put(m, SEED, model.seed());
        put(m, DT, taskConfig.dt());
        put(m, INPUT_NOISE, taskConfig.sigma());
        put(m, DECISION_WEIGHT, taskConfig.decisionWeight());
        put(m, ALPHA, model.alpha());
        put(m, ACTIVATION, model.activation());
        put(m, LOSS, model.loss());
        put(m, SIGMA_REC, model.sigmaRec());
        put(m, LR, model.adam().lr());
        put(m, BETA1, model.adam().beta1());
        put(m, BETA2, model.adam().beta2());
        put(m, EPS, model.adam().eps());
        put(m, CLIP, model.clip());
        put(m, ETA_H, model.hebbian().etaH());
        put(m, HEBB_RULE, model.hebbian().rule());
        put(m, LAMBDA, model.hebbian().lambda());
        put(m, W_MAX, model.hebbian().wMax());
        put(m, HEBB_TERM, model.hebbian().term());
        put(m, HEBB_UNTIL, model.hebbian().until());
        put(m, SWITCH_MODE, model.switching().mode());
        put(m, THETA, model.switching().theta());
        put(m, HYSTERESIS, model.switching().hysteresis());
        put(m, KAPPA, model.switching().kappa());
        put(m, TEMP, model.switching().temp());
        put(m, G, init.g());
        put(m, STRONG_FRACTION, init.strongFraction());
        return m;
    }

    private static <T> void put(Map<String, Object> m, ConfigKey<T> key, T value) {
        m.put(key.name(), key.json(value));
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
