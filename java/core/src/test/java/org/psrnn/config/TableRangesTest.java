package org.psrnn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;
import org.psrnn.model.InitConfig;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.SwitchConfig;
import org.psrnn.rules.SwitchMode;
import org.psrnn.task.TaskConfig;
import org.psrnn.train.TrainSettings;

/**
 * The table checks a value before the configuration records see it, and the records check it
 * again when anything else builds them: both must draw the same line. Each real-valued key is
 * probed at and just past the ends of the table's range, built into its record directly.
 */
class TableRangesTest {
    private static final Map<String, DoubleConsumer> RECORDS = new LinkedHashMap<>();

    static {
        ModelConfig m = ModelConfig.defaults(LossKind.XENT);
        RECORDS.put("alpha", m::withAlpha);
        RECORDS.put("dt", v -> new TaskConfig(v, 1, 5));
        RECORDS.put("sigma_rec", m::withSigmaRec);
        RECORDS.put("lr", v -> new AdamConfig(v, 0.9, 0.999, 1e-8));
        RECORDS.put("beta1", v -> new AdamConfig(1e-3, v, 0.999, 1e-8));
        RECORDS.put("beta2", v -> new AdamConfig(1e-3, 0.9, v, 1e-8));
        RECORDS.put("eps", v -> new AdamConfig(1e-3, 0.9, 0.999, v));
        RECORDS.put("clip", m::withClip);
        RECORDS.put("eta_h", v -> new HebbianConfig(HebbianRule.PLAIN, v, 0, Double.POSITIVE_INFINITY));
        RECORDS.put("lambda", v -> new HebbianConfig(HebbianRule.PLAIN, 1e-3, v, Double.POSITIVE_INFINITY));
        RECORDS.put("w_max", v -> new HebbianConfig(HebbianRule.PLAIN, 1e-3, 0, v));
        RECORDS.put("theta", v -> new SwitchConfig(SwitchMode.THRESHOLD, v, 0, 0.1, Double.NaN));
        RECORDS.put("hysteresis", v -> new SwitchConfig(SwitchMode.THRESHOLD, 0.5, v, 0.1, Double.NaN));
        RECORDS.put("kappa", v -> new SwitchConfig(SwitchMode.THRESHOLD, 0.5, 0, v, Double.NaN));
        RECORDS.put("temp", v -> new SwitchConfig(SwitchMode.THRESHOLD, 0.5, 0, 0.1, v));
        RECORDS.put("g", v -> new InitConfig(v, 0.23));
        RECORDS.put("strong_fraction", v -> new InitConfig(1, v));
        RECORDS.put("criterion", v -> new TrainSettings(1, 1, 1, 1, v, false, 0));
        RECORDS.put("input_noise", v -> new TaskConfig(20, v, 5));
        RECORDS.put("decision_weight", v -> new TaskConfig(20, 1, v));
    }

    /** Every real-valued key but tau, which no record holds (it only makes alpha), is probed. */
    @Test
    void everyRealValuedKeyIsProbed() {
        TreeSet<String> numbers = new TreeSet<>();
        for (ConfigKey<?> k : ConfigKeys.ALL) if (k.domain() instanceof Numbers) numbers.add(k.name());
        numbers.remove("tau");
        assertEquals(numbers, new TreeSet<>(RECORDS.keySet()));
    }

    @Test
    void theTableAndTheRecordsAcceptTheSameValues() {
        for (var e : RECORDS.entrySet()) {
            Numbers range = (Numbers) ConfigKeys.byName(e.getKey()).domain();
            for (double v : probes(range)) {
                assertEquals(accepts(() -> range.check(e.getKey(), v)), accepts(() -> e.getValue().accept(v)),
                        e.getKey() + " = " + v + ": table " + range.allowed());
            }
        }
    }

    /** Values at and just past each end of {@code r}, and one inside. */
    private static List<Double> probes(Numbers r) {
        List<Double> p = new ArrayList<>(List.of(r.lo(), Math.nextDown(r.lo()), r.hi(), Math.nextUp(r.lo()), -1.0));
        p.add(Double.isInfinite(r.hi()) ? r.lo() + 1 : (r.lo() + r.hi()) / 2);
        if (!Double.isInfinite(r.hi())) p.add(Math.nextUp(r.hi()));
        return p;
    }

    private static boolean accepts(Runnable r) {
        try {
            r.run();
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** The integer keys' lower ends, which the records hold too (the upper ends are the table's own limits on sizes). */
    @Test
    void integerLowerEndsAreTheRecords() {
        assertEquals(1, ((Integers) ConfigKeys.ITERATIONS.domain()).min());
        assertEquals(false, accepts(() -> new TrainSettings(0, 1, 1, 1, 0.9, false, 0)));
        assertEquals(1, ((Integers) ConfigKeys.BATCH.domain()).min());
        assertEquals(false, accepts(() -> new TrainSettings(1, 0, 1, 1, 0.9, false, 0)));
        assertEquals(1, ((Integers) ConfigKeys.EVAL_EVERY.domain()).min());
        assertEquals(false, accepts(() -> new TrainSettings(1, 1, 0, 1, 0.9, false, 0)));
        assertEquals(1, ((Integers) ConfigKeys.EVAL_BATCH.domain()).min());
        assertEquals(false, accepts(() -> new TrainSettings(1, 1, 1, 0, 0.9, false, 0)));
        assertEquals(0, ((Integers) ConfigKeys.CHECKPOINT_EVERY.domain()).min());
        assertEquals(true, accepts(() -> new TrainSettings(1, 1, 1, 1, 0.9, false, 0)));
        assertEquals(false, accepts(() -> new TrainSettings(1, 1, 1, 1, 0.9, false, -1)));
        assertEquals(1, ((Integers) ConfigKeys.HIDDEN.domain()).min());
        assertEquals(false, accepts(() -> new org.psrnn.model.NetworkShape(1, 0, 1)));
    }
}
