package org.psrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.LossKind;
import org.psrnn.rules.Preset;
import org.psrnn.rules.SwitchMode;

class RunConfigTest {
    private static ConfigFile set(ConfigFile c, String key, String value) {
        return c.with(key, value, RunConfig.allKeys(), "--set");
    }

    @Test
    void defaults() {
        RunConfig r = RunConfig.from(ConfigFile.empty());
        assertEquals("DelayMatchSample", r.task());
        assertEquals(Preset.SWITCH, r.rule());
        assertEquals(SwitchMode.THRESHOLD, r.model().switching().mode());
        assertEquals(LossKind.XENT, r.model().loss());
        assertEquals(0.2, r.model().alpha(), 1e-15);
        assertEquals(20.0, r.taskConfig().dt());
    }

    @Test
    void presetSetsTheSwitchModeUnlessGiven() {
        assertEquals(SwitchMode.NONE, RunConfig.from(set(ConfigFile.empty(), "rule", "bp")).model().switching().mode());
        assertEquals(SwitchMode.STOCHASTIC, RunConfig.from(set(ConfigFile.empty(), "rule", "switch-stochastic")).model().switching().mode());
        ConfigFile c = set(set(ConfigFile.empty(), "rule", "switch"), "switch_mode", "none");
        assertEquals(SwitchMode.NONE, RunConfig.from(c).model().switching().mode());
    }

    @Test
    void taskChoosesTheLossAndDtSetsAlpha() {
        RunConfig ff = RunConfig.from(set(ConfigFile.empty(), "task", "flipflop"));
        assertEquals(LossKind.MSE, ff.model().loss());
        RunConfig dt = RunConfig.from(set(ConfigFile.empty(), "dt", "10"));
        assertEquals(0.1, dt.model().alpha(), 1e-15);
        assertEquals(320, dt.createTask().maxSteps());
    }

    @Test
    void writtenConfigurationReadsBackToTheSameRun() {
        ConfigFile c = ConfigFile.empty();
        c = set(c, "task", "gonogo");
        c = set(c, "rule", "fixed");
        c = set(c, "lr", "0.003");
        c = set(c, "hebb_rule", "oja");
        c = set(c, "theta", "0.1");
        c = set(c, "seed", "18446744073709551615");
        c = set(c, "w_max", "2.5");
        RunConfig r = RunConfig.from(c);
        RunConfig back = RunConfig.from(ConfigFile.fromMap("config.json", r.toMap(), RunConfig.allKeys()));
        assertEquals(r, back);
        assertEquals(-1L, back.model().seed());
    }

    /** The criterion defaults to the task's (below what the task allows), is recorded, and an explicit one wins. */
    @Test
    void criterionDefaultsToTheTasksAndIsRecorded() {
        assertEquals(0.9, RunConfig.from(ConfigFile.empty()).training().criterion(), "DelayMatchSample");
        RunConfig pdm = RunConfig.from(set(ConfigFile.empty(), "task", "pdm"));
        assertEquals(0.8, pdm.training().criterion());
        assertEquals(0.8, pdm.toMap().get("criterion"), "written to config.json");
        assertEquals(0.8, RunConfig.from(ConfigFile.fromMap("config.json", pdm.toMap(), RunConfig.allKeys())).training().criterion());
        assertTrue(pdm.criterionWarning().isEmpty());
        RunConfig strict = RunConfig.from(set(set(ConfigFile.empty(), "task", "pdm"), "criterion", "0.9"));
        assertEquals(0.9, strict.training().criterion());
        assertEquals("criterion 0.9 is at or above PerceptualDecisionMaking's best achievable performance (0.896, an ideal observer's), "
                + "so the run may never reach it; the task's default is 0.8", strict.criterionWarning().orElseThrow());
        // The ceiling follows the settings: without input noise DelayMatchSample allows 1, with much more it allows less than 0.9.
        assertTrue(RunConfig.from(set(ConfigFile.empty(), "criterion", "1")).criterionWarning().isPresent(), "1 is at the ceiling");
        assertTrue(RunConfig.from(set(ConfigFile.empty(), "input_noise", "12")).criterionWarning().isPresent());
    }

    @Test
    void badValuesAreUserErrors() {
        var e = assertThrows(InvalidInputException.class, () -> RunConfig.from(set(ConfigFile.empty(), "hidden", "0")));
        assertTrue(e.getMessage().contains("hidden = 0 is not allowed"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> RunConfig.from(set(ConfigFile.empty(), "criterion", "1.5")));
        assertTrue(e.getMessage().contains("criterion = 1.5 is not allowed: must be in (0, 1]"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> set(ConfigFile.empty(), "iteratons", "5"));
        assertTrue(e.getMessage().contains("did you mean 'iterations'"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> RunConfig.from(set(ConfigFile.empty(), "rule", "swich")));
        assertTrue(e.getMessage().contains("did you mean 'switch'"), e.getMessage());
    }
}
