package org.psrnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.psrnn.Keyed;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import org.psrnn.model.Activation;
import org.psrnn.model.LossKind;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.Preset;
import org.psrnn.rules.SwitchMode;
import org.psrnn.task.Tasks;

/**
 * What each configuration key means and which values it takes, as {@code psrnn keys} prints
 * them. The keys themselves are {@link org.psrnn.io.ConfigFile#MODEL_KEYS} and
 * {@link org.psrnn.train.RunConfig#TRAIN_KEYS}, and the defaults come from resolving an empty
 * configuration; only the words are here. The names a choice allows are read from its type.
 * KeysTest holds each "allowed" against what the configuration accepts.
 */
final class ConfigKeys {
    private ConfigKeys() {}

    /**
     * @param allowed    the values accepted: an interval, {@code >= 0}, {@code > 0}, {@code integer ...}, {@code one of ...}
     * @param meaning    what the key does
     * @param whenAbsent what an absent key means, where that is not a value (theta from strong_fraction, ...); null otherwise
     */
    record Key(String name, String allowed, String meaning, String whenAbsent) {
        Key(String name, String allowed, String meaning) {
            this(name, allowed, meaning, null);
        }
    }

    static final Map<String, Key> ALL = index(List.of(
            new Key("alpha", "(0, 1]", "leak per time step, dt / tau (derived from dt and tau when only they are given)"),
            new Key("dt", "> 0", "time step in ms: task periods last int(ms / dt) steps; alpha = dt / tau <= 1 unless alpha is given"),
            new Key("tau", "> 0", "time constant in ms, for alpha = dt / tau"),
            new Key("activation", choices(Activation.values()), "the rate function phi (retanh = tanh(relu(x)))"),
            new Key("loss", choices(LossKind.values()), "mse on targets, or cross-entropy on labels",
                    "the task's (step: labels in the batch give xent, targets mse)"),
            new Key("sigma_rec", ">= 0", "recurrent noise scale; 0 makes the network deterministic"),
            new Key("lr", ">= 0", "Adam's learning rate"),
            new Key("beta1", "[0, 1)", "Adam's first-moment decay"),
            new Key("beta2", "[0, 1)", "Adam's second-moment decay"),
            new Key("eps", "> 0", "Adam's epsilon"),
            new Key("clip", ">= 0", "global gradient-norm clip; 0 disables it"),
            new Key("eta_h", ">= 0", "Hebbian learning rate of WEAK synapses"),
            new Key("hebb_rule", choices(HebbianRule.values()), "the Hebbian rule of WEAK synapses (MODEL.md step 5)"),
            new Key("lambda", ">= 0", "decay of WEAK synapses in the Hebbian update"),
            new Key("w_max", "> 0", "clamp |W| <= w_max after the Hebbian update", "none (no clamp)"),
            new Key("switch_mode", choices(SwitchMode.values()), "how synapses switch between WEAK and STRONG (train: the rule's unless given)"),
            new Key("theta", ">= 0", "switching threshold on |W|",
                    "the (1 - strong_fraction) quantile of the initial |W| (step: none, it must be given to switch)"),
            new Key("hysteresis", "[0, 1)", "a STRONG synapse falls back only below (1 - hysteresis) theta"),
            new Key("kappa", "[0, 1]", "largest flip probability per iteration of stochastic switching"),
            new Key("temp", "> 0", "temperature of stochastic switching", "0.1 theta"),
            new Key("seed", "integer in [0, 2^64)", "the Philox key: initial weights, noise, switching and trials"),
            new Key("g", ">= 0", "gain of the initial recurrent weights, W ~ N(0, g^2 / N)"),
            new Key("strong_fraction", "[0, 1]", "share of STRONG synapses at initialisation: sets theta when absent, and the fixed rule's share"),
            new Key("task", "one of " + taskNames(), "the cognitive task (psrnn tasks describes each)"),
            new Key("rule", choices(Preset.values()), "which synapses learn how: the psRNN, the BP-only baseline or an ablation"),
            new Key("hidden", "integer in [1, 65536]", "recurrent units N"),
            new Key("batch", "integer in [1, 1048576]", "trials per training iteration B"),
            new Key("iterations", "integer >= 1", "training iterations"),
            new Key("eval_every", "integer >= 1", "iterations between evaluations on the held-out batch"),
            new Key("eval_batch", "integer in [1, 1048576]", "trials in the held-out evaluation batch"),
            new Key("criterion", "(0, 1]", "performance that counts as learned (trials to criterion); the default is the task's own, below its best achievable (psrnn tasks): shown here for the default task"),
            new Key("stop_at_criterion", "true or false", "stop once trials to criterion is known"),
            new Key("checkpoint_every", "integer >= 0", "also write the checkpoint every this many iterations; 0: at evaluations only"),
            new Key("input_noise", ">= 0", "noise scale of the tasks' stimulus inputs (NeuroGym's sigma)"),
            new Key("decision_weight", "> 0", "loss-mask weight of decision-period steps (other steps weigh 1)"),
            new Key("engine", "one of " + engineNames(), "the engine that trains")));

    private static Map<String, Key> index(List<Key> keys) {
        Map<String, Key> m = new java.util.LinkedHashMap<>();
        for (Key k : keys) m.put(k.name(), k);
        return m;
    }

    private static String choices(Keyed[] values) {
        List<String> names = new ArrayList<>();
        for (Keyed v : values) names.add(v.key());
        return "one of " + String.join(", ", names);
    }

    private static String taskNames() {
        List<String> names = new ArrayList<>();
        Tasks.names().forEach((name, alias) -> names.add(name + " (" + alias + ")"));
        return String.join(", ", names);
    }

    private static String engineNames() {
        List<String> names = new ArrayList<>();
        for (EngineProvider p : Engines.all()) names.add(p.name());
        names.add(Engines.AUTO);
        return String.join(", ", names);
    }
}
