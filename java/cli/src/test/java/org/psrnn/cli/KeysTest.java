package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;
import org.psrnn.config.ConfigKey;
import org.psrnn.config.ConfigKeys;
import org.psrnn.engine.Engines;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.LossKind;
import org.psrnn.train.RunConfig;
import org.psrnn.testing.Cli.Result;

/**
 * {@code psrnn keys} against the configuration itself: every key accepted is listed, and each
 * listed default and range is what a configuration without the key, or with a value at or past
 * an end of the range, resolves to. The list is read as a user reads it, from the printed text.
 */
class KeysTest {
    /** One key as printed: meaning, default text, allowed text. */
    record Listed(String meaning, String defaultText, String allowed) {}

    private static final Pattern KEY = Pattern.compile("^  (\\S+) +(\\S.*)$");
    private static final Pattern DETAIL = Pattern.compile("^ {3,}default (.*); allowed (.*)$");
    private static final Pattern STEP = Pattern.compile("^(.*) \\(step: (.*)\\)$");

    private static Map<String, Listed> listed;

    @BeforeAll
    static void list() {
        Result r = psrnn("keys");
        assertEquals(0, r.code(), r.err());
        listed = new LinkedHashMap<>();
        String[] lines = r.out().split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            Matcher k = KEY.matcher(lines[i]);
            Matcher d = DETAIL.matcher(lines[i + 1]);
            if (k.matches() && d.matches()) {
                assertFalse(listed.containsKey(k.group(1)), "listed once: " + k.group(1));
                listed.put(k.group(1), new Listed(k.group(2), d.group(1), d.group(2)));
            }
        }
    }

    private static ConfigFile with(String key, String value) {
        return ConfigFile.empty().with(key, value, RunConfig.allKeys(), "test");
    }

    @Test
    void everyAcceptedKeyIsListedWithItsMeaningAndNoOther() {
        assertEquals(new java.util.TreeSet<>(RunConfig.allKeys()), new java.util.TreeSet<>(listed.keySet()));
        assertEquals(new java.util.TreeSet<>(RunConfig.allKeys()), new java.util.TreeSet<>(ConfigKeys.names()), "no description without its key");
        listed.forEach((key, l) -> {
            assertFalse(l.meaning().equals("?") || l.allowed().equals("?") || l.defaultText().equals(KeysCommand.ABSENT), key + ": " + l);
            // Every key is accepted where the list says: by train's --set, and MODEL.md's by step's config.
            assertDoesNotThrow(() -> with(key, "null"), key);
            if (ConfigKeys.modelMdNames().contains(key)) ConfigFile.empty().with(key, "null", ConfigKeys.modelMdNames(), "test");
        });
    }

    /**
     * Setting a key to its listed default changes nothing: training resolves to the same run, step
     * (MODEL.md's keys) to the same iteration. A default described in words is what an absent key
     * resolves to: no value (theta, temp, w_max) or the task's loss.
     */
    @Test
    void eachListedDefaultIsWhatAnAbsentKeyResolvesTo() {
        Map<String, Object> trainingDefaults = RunConfig.from(ConfigFile.empty()).toMap();
        var stepDefaults = ConfigFile.empty().modelConfig(LossKind.XENT);
        for (var e : listed.entrySet()) {
            String key = e.getKey();
            String text = e.getValue().defaultText();
            ConfigKey<?> described = ConfigKeys.byName(key);
            if (described.whenAbsent() != null) {
                if (key.equals("loss")) {
                    RunConfig r = RunConfig.from(ConfigFile.empty());
                    assertEquals(r.createTask().loss(), r.model().loss(), "the task's loss");
                    assertTrue(ConfigFile.empty().loss().isEmpty(), "step: the batch decides");
                } else {
                    assertEquals(null, trainingDefaults.get(key), key + " has no value when absent");
                }
                continue;
            }
            Matcher both = STEP.matcher(text);
            String train = both.matches() ? both.group(1) : text;
            String step = both.matches() ? both.group(2) : text;
            assertEquals(trainingDefaults, RunConfig.from(with(key, train)).toMap(), key + " = " + train + " in training");
            if (ConfigKeys.modelMdNames().contains(key)) {
                assertEquals(stepDefaults, ConfigFile.empty().with(key, step, ConfigKeys.modelMdNames(), "test").modelConfig(LossKind.XENT),
                        key + " = " + step + " in step");
            }
        }
        assertTrue(listed.get("lr").defaultText().contains("(step: "), "training's own rate is listed beside MODEL.md's");
    }

    /** Each listed range, probed at and past its ends: inside is accepted, outside refused with the key named. */
    @Test
    void eachListedRangeIsWhatTheConfigurationAccepts() {
        Map<String, Object> defaults = new LinkedHashMap<>(RunConfig.from(ConfigFile.empty()).toMap());
        defaults.put("tau", ConfigKeys.TAU.defaultValue());
        for (var e : listed.entrySet()) {
            String key = e.getKey();
            String allowed = e.getValue().allowed();
            List<String> ok = new ArrayList<>(), bad = new ArrayList<>();
            probes(allowed, defaults.get(key), ok, bad);
            assertFalse(ok.isEmpty() || bad.isEmpty(), key + ": '" + allowed + "' is not a range this test knows");
            if (key.equals("engine")) {
                // The engine is checked where a run starts; an allowed one may still be unavailable on this machine.
                for (String v : ok) {
                    try {
                        Engines.find(v);
                    } catch (InvalidInputException ex) {
                        assertTrue(ex.getMessage().contains("is not available here"), v + ": " + ex.getMessage());
                    }
                }
                for (String v : bad) assertThrows(InvalidInputException.class, () -> Engines.find(v), v);
                continue;
            }
            for (String v : ok) assertDoesNotThrow(() -> RunConfig.from(with(key, v)), key + " = " + v + " is listed as allowed (" + allowed + ")");
            for (String v : bad) {
                var ex = assertThrows(InvalidInputException.class, () -> RunConfig.from(with(key, v)), key + " = " + v + " is outside " + allowed);
                assertTrue(ex.getMessage().contains(key), ex.getMessage());
            }
        }
    }

    private static final Pattern INTERVAL = Pattern.compile("([\\[(])(\\S+), (\\S+)([\\])])");

    /** Values inside ({@code ok}) and outside ({@code bad}) the range {@code allowed}, near its ends. */
    private static void probes(String allowed, Object fallback, List<String> ok, List<String> bad) {
        double typical = fallback instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 1;
        Matcher interval = INTERVAL.matcher(allowed);
        if (allowed.startsWith("one of ")) {
            for (String choice : allowed.substring(7).split(", ")) {
                Matcher alias = Pattern.compile("(\\S+) \\((\\S+)\\)").matcher(choice);
                if (alias.matches()) {
                    ok.add(alias.group(1));
                    ok.add(alias.group(2));
                } else {
                    ok.add(choice);
                }
            }
            bad.add("no-such-choice");
        } else if (allowed.equals("true or false")) {
            ok.addAll(List.of("true", "false"));
            bad.addAll(List.of("1", "\"yes\""));
        } else if (allowed.equals("integer in [0, 2^64)")) {
            BigInteger top = BigInteger.ONE.shiftLeft(64);
            ok.addAll(List.of("0", top.subtract(BigInteger.ONE).toString()));
            bad.addAll(List.of("-1", top.toString(), "1.5"));
        } else if (allowed.startsWith("integer in ") && interval.find()) {
            long lo = Long.parseLong(interval.group(2)), hi = Long.parseLong(interval.group(3));
            ok.addAll(List.of("" + lo, "" + hi));
            bad.addAll(List.of("" + (lo - 1), "" + (hi + 1), "1.5"));
        } else if (allowed.startsWith("integer >= ")) {
            long lo = Long.parseLong(allowed.substring(11));
            ok.addAll(List.of("" + lo, "" + Integer.MAX_VALUE));
            bad.addAll(List.of("" + (lo - 1), "1.5"));
        } else if (allowed.equals(">= 0")) {
            ok.addAll(List.of("0", "" + typical * 2));
            bad.addAll(List.of("-1e-9", "-1", "\"1\""));
        } else if (allowed.equals("> 0")) {
            ok.addAll(List.of("" + typical / 2, "" + typical * 2));
            bad.addAll(List.of("0", "-1"));
        } else if (interval.matches()) {
            double lo = Double.parseDouble(interval.group(2)), hi = Double.parseDouble(interval.group(3));
            (interval.group(1).equals("[") ? ok : bad).add("" + lo);
            (interval.group(4).equals("]") ? ok : bad).add("" + hi);
            ok.add("" + (lo + hi) / 2);
            bad.addAll(List.of("" + (lo - (hi - lo) / 2), "" + (hi + (hi - lo) / 2)));
        }
    }
}
