package org.psrnn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.InitConfig;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.rules.Preset;
import org.psrnn.task.TaskConfig;
import org.psrnn.train.RunConfig;
import org.psrnn.train.TrainSettings;

/**
 * The table's defaults against sources that do not read it: the records' own constructors and
 * factories, the numbers written here, and the defaults docs/MODEL.md states.
 */
class TableDefaultsTest {
    /** An empty step configuration is MODEL.md's model, as ModelConfig builds it from its constants. */
    @Test
    void anEmptyConfigurationIsTheRecordsDefaults() {
        assertEquals(ModelConfig.defaults(LossKind.XENT), ConfigFile.empty().modelConfig(LossKind.XENT));
        assertEquals(InitConfig.DEFAULT, ConfigFile.empty().initConfig());
        RunConfig run = RunConfig.from(ConfigFile.empty());
        assertEquals(TaskConfig.DEFAULT, run.taskConfig());
        assertEquals(InitConfig.DEFAULT, run.init());
    }

    /** Training's defaults, as README and docs/EXPERIMENTS.md describe the default run. */
    @Test
    void anEmptyTrainingConfigurationIsTheDocumentedRun() {
        RunConfig run = RunConfig.from(ConfigFile.empty());
        assertEquals("DelayMatchSample", run.task());
        assertEquals(Preset.SWITCH, run.rule());
        assertEquals(128, run.hidden());
        assertEquals(new TrainSettings(2000, 32, 25, 128, 0.9, false, 0), run.training());
        assertEquals("auto", run.engine());
        assertEquals(0.01, run.model().adam().lr());
        assertEquals(1e-6, run.model().hebbian().etaH());
        ModelConfig rest = run.model().withAdam(ModelConfig.defaults(LossKind.XENT).adam())
                .withHebbian(ModelConfig.defaults(LossKind.XENT).hebbian());
        assertEquals(ModelConfig.defaults(LossKind.XENT), rest, "every other model setting is MODEL.md's");
    }

    /** alpha, dt and tau agree as MODEL.md says: alpha = dt / tau. */
    @Test
    void alphaIsDtOverTau() {
        assertEquals(ConfigKeys.ALPHA.defaultValue(), ConfigKeys.DT.defaultValue() / ConfigKeys.TAU.defaultValue(), 1e-15);
        assertEquals(RunConfig.from(ConfigFile.empty()).model().alpha(),
                RunConfig.from(ConfigFile.empty().with("tau", "100", RunConfig.allKeys(), "test")).model().alpha(), 1e-15);
    }

    private static final String NUMBER = "(-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?)";
    /** "defaults `dt = 20 ms`, `tau = 100 ms`, so `alpha = 0.2`", "default `clip = 1.0`". */
    private static final Pattern DEFAULTS = Pattern.compile("defaults? ((?:`\\w+ = [^`]+`(?:,? so |, | and )?)+)");
    private static final Pattern ASSIGNMENT = Pattern.compile("`(\\w+) = " + NUMBER + "(?: ms)?`");
    /** "`sigma_rec` default 0.05". */
    private static final Pattern KEY_DEFAULT = Pattern.compile("`(\\w+)` default " + NUMBER);
    /** "Adam (lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, ...". */
    private static final Pattern ADAM = Pattern.compile("Adam \\(((?:\\w+ " + NUMBER + ", )+)");

    /**
     * Each default docs/MODEL.md states for a key ("defaults `dt = 20 ms`, `tau = 100 ms`",
     * "`sigma_rec` default 0.05") is the table's MODEL.md default, which step uses.
     */
    @Test
    void modelMdStatesTheTablesDefaults() throws Exception {
        String doc = Files.readString(Path.of("..", "..", "docs", "MODEL.md")).replaceAll("\\s*\n\\s*", " ");
        Map<String, Double> stated = new LinkedHashMap<>();
        Matcher d = DEFAULTS.matcher(doc);
        while (d.find()) {
            Matcher a = ASSIGNMENT.matcher(d.group(1));
            while (a.find()) stated.put(a.group(1), Double.parseDouble(a.group(2)));
        }
        Matcher k = KEY_DEFAULT.matcher(doc);
        while (k.find()) stated.put(k.group(1), Double.parseDouble(k.group(2)));
        Matcher adam = ADAM.matcher(doc);
        assertTrue(adam.find(), "MODEL.md step 4 names Adam's defaults");
        for (String pair : adam.group(1).split(", ")) stated.put(pair.split(" ")[0], Double.parseDouble(pair.split(" ")[1]));
        stated.keySet().retainAll(ConfigKeys.names());
        assertTrue(stated.keySet().containsAll(java.util.List.of("alpha", "dt", "tau", "sigma_rec", "clip", "lr", "beta1", "beta2", "eps",
                "eta_h", "lambda", "kappa", "strong_fraction", "g")), "MODEL.md's defaults found: " + stated);
        stated.forEach((key, value) -> assertEquals(value, (Double) ConfigKeys.byName(key).defaultValue(), key + " in MODEL.md"));
    }
}
