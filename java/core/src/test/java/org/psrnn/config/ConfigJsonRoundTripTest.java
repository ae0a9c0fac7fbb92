package org.psrnn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.psrnn.io.ConfigFile;
import org.psrnn.train.RunConfig;

/**
 * Every key of the table, set to a value other than its default, reaches config.json in the form
 * written here by hand and reads back to the same run: a key that toMap drops, writes from the
 * wrong field or in the wrong form fails here.
 */
class ConfigJsonRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Key -> {value given with --set, the value config.json then holds (JSON)}. */
    private static final Map<String, String[]> SAMPLES = new LinkedHashMap<>();

    static {
        sample("alpha", "0.5", "0.5");
        sample("dt", "10", "10.0");
        sample("tau", "50", null); // not written: alpha = dt / tau is
        sample("activation", "tanh", "\"tanh\"");
        sample("loss", "mse", "\"mse\"");
        sample("sigma_rec", "0.1", "0.1");
        sample("lr", "0.003", "0.003");
        sample("beta1", "0.8", "0.8");
        sample("beta2", "0.99", "0.99");
        sample("eps", "1e-7", "1e-7");
        sample("clip", "2.5", "2.5");
        sample("eta_h", "0.0001", "0.0001");
        sample("hebb_rule", "oja", "\"oja\"");
        sample("lambda", "0.01", "0.01");
        sample("w_max", "2.5", "2.5");
        sample("hebb_term", "random", "\"random\"");
        sample("hebb_until", "250", "250");
        sample("switch_mode", "stochastic", "\"stochastic\"");
        sample("theta", "0.3", "0.3");
        sample("hysteresis", "0.2", "0.2");
        sample("kappa", "0.5", "0.5");
        sample("temp", "0.05", "0.05");
        sample("seed", "18446744073709551615", "18446744073709551615");
        sample("g", "1.5", "1.5");
        sample("strong_fraction", "0.4", "0.4");
        sample("task", "gonogo", "\"GoNogo\"");
        sample("rule", "bp", "\"bp\"");
        sample("hidden", "64", "64");
        sample("batch", "16", "16");
        sample("iterations", "100", "100");
        sample("eval_every", "10", "10");
        sample("eval_batch", "64", "64");
        sample("criterion", "0.7", "0.7");
        sample("stop_at_criterion", "true", "true");
        sample("checkpoint_every", "50", "50");
        sample("input_noise", "0.5", "0.5");
        sample("decision_weight", "2", "2.0");
        sample("engine", "reference", "\"reference\"");
    }

    private static void sample(String key, String given, String written) {
        SAMPLES.put(key, new String[] {given, written});
    }

    private static RunConfig run(String key, String value) {
        return RunConfig.from(ConfigFile.empty().with(key, value, RunConfig.allKeys(), "--set"));
    }

    /** The map as config.json holds it: written as JSON text and parsed again. */
    private static JsonNode written(RunConfig r) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(r.toMap()));
    }

    @Test
    void everyKeyOfTheTableHasASample() {
        assertEquals(new TreeSet<>(ConfigKeys.names()), new TreeSet<>(SAMPLES.keySet()));
    }

    @Test
    void everyKeyReachesConfigJsonAndReadsBack() throws Exception {
        JsonNode defaults = written(RunConfig.from(ConfigFile.empty()));
        for (var e : SAMPLES.entrySet()) {
            String key = e.getKey();
            RunConfig r = run(key, e.getValue()[0]);
            JsonNode json = written(r);
            if (e.getValue()[1] == null) {
                assertFalse(json.has(key), key + " is not written");
            } else {
                assertEquals(JSON.readTree(e.getValue()[1]), json.get(key), key + " in config.json");
                assertNotEquals(defaults.get(key), json.get(key), key + ": the sample is not the default");
            }
            Map<String, Object> read = JSON.convertValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
            assertEquals(r, RunConfig.from(ConfigFile.fromMap("config.json", read, RunConfig.allKeys())), key + " reads back");
        }
        assertEquals(0.4, run("tau", "50").model().alpha(), 1e-15, "tau sets alpha = dt / tau");
    }

    /** config.json holds every key but tau, whatever is set. */
    @Test
    void configJsonHoldsEveryKeyButTau() throws Exception {
        TreeSet<String> expected = new TreeSet<>(ConfigKeys.names());
        expected.remove("tau");
        TreeSet<String> got = new TreeSet<>();
        written(RunConfig.from(ConfigFile.empty())).fieldNames().forEachRemaining(got::add);
        assertEquals(expected, got);
    }
}
