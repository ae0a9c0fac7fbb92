package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.psrnn.Check;

/**
 * Real numbers in an interval. An interval up to infinity is written and checked as
 * {@code >= lo} or {@code > lo} (finite) unless infinity itself is allowed ({@code w_max}: no
 * clamp). {@code none}, when not null, is the value that means "not set" (NaN for theta, the
 * infinite w_max): config.json holds it as null, which reads back as the default.
 */
public record Numbers(double lo, boolean loClosed, double hi, boolean hiClosed, Double none) implements Domain<Double> {
    /** {@code [0, inf)}, finite. */
    public static Numbers nonNegative() {
        return new Numbers(0, true, Double.POSITIVE_INFINITY, false, null);
    }

    /** {@code (0, inf)}, finite. */
    public static Numbers positive() {
        return new Numbers(0, false, Double.POSITIVE_INFINITY, false, null);
    }

    /** The interval from {@code lo} to {@code hi}, each end open or closed. */
    public static Numbers between(double lo, boolean loClosed, double hi, boolean hiClosed) {
        return new Numbers(lo, loClosed, hi, hiClosed, null);
    }

    /** This range, with {@code value} standing for "not set". */
    public Numbers orNone(double value) {
        return new Numbers(lo, loClosed, hi, hiClosed, value);
    }

    @Override
    public Double read(String key, JsonNode node) {
        if (!node.isNumber()) throw Domain.typeError(key, "a number", node);
        return check(key, node.doubleValue());
    }

    /** {@code value}, unless it is outside this range; the message is the configuration records' own (Check's). */
    public double check(String key, double value) {
        boolean finiteUpward = hi == Double.POSITIVE_INFINITY && !hiClosed;
        if (finiteUpward && lo == 0 && loClosed) return Check.nonNegative(key, value);
        if (finiteUpward && lo == 0) return Check.positive(key, value);
        return Check.inRange(key, value, lo, loClosed, hi, hiClosed);
    }

    @Override
    public Object json(Double value) {
        return none != null && none.equals(value) ? null : value;
    }

    @Override
    public String allowed() {
        if (hi == Double.POSITIVE_INFINITY) return (loClosed ? ">= " : "> ") + Check.format(lo);
        return (loClosed ? "[" : "(") + Check.format(lo) + ", " + Check.format(hi) + (hiClosed ? "]" : ")");
    }
}
