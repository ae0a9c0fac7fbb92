package org.psrnn.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.psrnn.testing.Cli.psrnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.testing.Cli.Result;

/**
 * For every key of the table, a value outside what it allows, given to {@code psrnn train --set}:
 * exit code 2, nothing on standard output, and on standard error one line naming where the value
 * came from, the key, the value and the allowed range, word for word as written here.
 */
class BadValueMessagesTest {
    @TempDir
    Path dir;

    /** Key -> {bad value, the error after "psrnn train: error: "}. */
    private static final Map<String, String[]> CASES = new LinkedHashMap<>();

    static {
        bad("alpha", "1.5", "--set: alpha = 1.5 is not allowed: must be in (0, 1]");
        bad("dt", "0", "--set: dt = 0 is not allowed: must be finite and > 0");
        bad("tau", "-1", "--set: tau = -1 is not allowed: must be finite and > 0");
        bad("activation", "sigmoid", "--set: activation = 'sigmoid' is not allowed: must be one of relu, tanh, softplus, retanh");
        bad("loss", "hinge", "--set: loss = 'hinge' is not allowed: must be one of mse, xent");
        bad("sigma_rec", "-0.1", "--set: sigma_rec = -0.1 is not allowed: must be finite and >= 0");
        bad("lr", "-1", "--set: lr = -1 is not allowed: must be finite and >= 0");
        bad("beta1", "1", "--set: beta1 = 1 is not allowed: must be in [0, 1)");
        bad("beta2", "-0.5", "--set: beta2 = -0.5 is not allowed: must be in [0, 1)");
        bad("eps", "0", "--set: eps = 0 is not allowed: must be finite and > 0");
        bad("clip", "-1", "--set: clip = -1 is not allowed: must be finite and >= 0");
        bad("eta_h", "-1", "--set: eta_h = -1 is not allowed: must be finite and >= 0");
        bad("hebb_rule", "bcm", "--set: hebb_rule = 'bcm' is not allowed: must be one of plain, oja, covariance");
        bad("lambda", "-1", "--set: lambda = -1 is not allowed: must be finite and >= 0");
        bad("w_max", "0", "--set: w_max = 0 is not allowed: must be in (0, inf]");
        bad("hebb_term", "shuffled", "--set: hebb_term = 'shuffled' is not allowed: must be one of activity, random");
        bad("hebb_until", "-1", "--set: hebb_until = -1 is not allowed: must be >= 0");
        bad("switch_mode", "random", "--set: switch_mode = 'random' is not allowed: must be one of threshold, stochastic, none");
        bad("theta", "-0.2", "--set: theta = -0.2 is not allowed: must be finite and >= 0");
        bad("hysteresis", "1", "--set: hysteresis = 1 is not allowed: must be in [0, 1)");
        bad("kappa", "1.5", "--set: kappa = 1.5 is not allowed: must be in [0, 1]");
        bad("temp", "0", "--set: temp = 0 is not allowed: must be finite and > 0");
        bad("seed", "-4", "--set: seed = -4 is not allowed: must be in [0, 2^64)");
        bad("g", "-1", "--set: g = -1 is not allowed: must be finite and >= 0");
        bad("strong_fraction", "1.5", "--set: strong_fraction = 1.5 is not allowed: must be in [0, 1]");
        bad("task", "xyz", "--set: task = 'xyz' is not allowed: must be one of DelayMatchSample (dms), PerceptualDecisionMaking (pdm), "
                + "GoNogo (gonogo), ContextDecisionMaking (cdm), DelayComparison (dc), FlipFlop (flipflop)");
        bad("rule", "hebbb", "--set: rule = 'hebbb' is not allowed: must be one of bp, switch, switch-stochastic, frozen, fixed, hebb "
                + "(did you mean 'hebb'?)");
        bad("hidden", "65537", "--set: hidden = 65537 is not allowed: must be in [1, 65536]");
        bad("batch", "0", "--set: batch = 0 is not allowed: must be in [1, 1048576]");
        bad("iterations", "0", "--set: iterations = 0 is not allowed: must be >= 1");
        bad("eval_every", "0", "--set: eval_every = 0 is not allowed: must be >= 1");
        bad("eval_batch", "1048577", "--set: eval_batch = 1048577 is not allowed: must be in [1, 1048576]");
        bad("criterion", "0", "--set: criterion = 0 is not allowed: must be in (0, 1]");
        bad("stop_at_criterion", "1", "--set: stop_at_criterion must be true or false, got 1");
        bad("checkpoint_every", "-1", "--set: checkpoint_every = -1 is not allowed: must be >= 0");
        bad("input_noise", "-1", "--set: input_noise = -1 is not allowed: must be finite and >= 0");
        bad("decision_weight", "0", "--set: decision_weight = 0 is not allowed: must be finite and > 0");
        // The engine is checked where the run starts, not where the configuration is read (one may be known but unavailable).
        bad("engine", "gpu", "engine = 'gpu' is not allowed: must be one of cuda, cpu, reference, auto (did you mean 'cuda'?)");
    }

    private static void bad(String key, String value, String message) {
        CASES.put(key, new String[] {value, message});
    }

    @Test
    void everyKeyOfTheTableHasABadValue() {
        assertEquals(new TreeSet<>(ConfigKeys.names()), new TreeSet<>(CASES.keySet()));
    }

    @Test
    void eachIsOneLineNamingOriginKeyValueAndRange() {
        List<Executable> checks = new ArrayList<>();
        for (var e : CASES.entrySet()) {
            checks.add(() -> {
                Path out = dir.resolve(e.getKey());
                Result r = psrnn("train", "--set", e.getKey() + "=" + e.getValue()[0], "--out", out.toString());
                assertEquals(2, r.code(), e.getKey() + ": " + r.err());
                assertEquals("", r.out(), e.getKey());
                assertEquals("psrnn train: error: " + e.getValue()[1] + "\n", r.err().replace("\r\n", "\n"), e.getKey());
                assertFalse(Files.exists(out), e.getKey() + ": nothing written");
            });
        }
        assertAll(checks);
    }

    /** A value from a file names the file, as one from an option names the option. */
    @Test
    void aValueFromAFileNamesTheFile() throws Exception {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"kappa\": 2, \"hidden\": 12}");
        Result r = psrnn("train", "--config", config.toString(), "--hidden", "0", "--out", dir.resolve("x").toString());
        assertEquals("psrnn train: error: --hidden: hidden = 0 is not allowed: must be in [1, 65536]\n", r.err());
        r = psrnn("train", "--config", config.toString(), "--out", dir.resolve("x").toString());
        assertEquals("psrnn train: error: " + config + ": kappa = 2 is not allowed: must be in [0, 1]\n", r.err());
        assertEquals(2, r.code());
    }
}
