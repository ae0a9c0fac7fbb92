package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values one configuration key takes: its JSON type and its range or choices. Reading a value
 * and describing what is allowed live together so that the message for a bad value and the line
 * {@code psrnn keys} prints cannot drift apart.
 *
 * @param <T> the value's type in the configuration records
 */
public sealed interface Domain<T> permits Numbers, Integers, Seeds, Flags, Choices, Names {
    /**
     * The value {@code node} gives {@code key}. A value of the wrong type or outside the range
     * fails with one line naming the key, the value and what is allowed, without saying where the
     * value came from: the reader, which knows, puts that in front.
     */
    T read(String key, JsonNode node);

    /** {@code value} as {@code config.json} holds it: a number, a string, a boolean, or null for "none". */
    Object json(T value);

    /** What the key takes, as {@code psrnn keys} lists it: {@code >= 0}, {@code (0, 1]}, {@code one of ...}. */
    String allowed();

    /** {@code value} as one writes it in a configuration file or after {@code --set}: 0.01, 1e-6, 20, relu, true, none. */
    default String text(T value) {
        Object v = json(value);
        if (v == null) return "none";
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
            return Double.toString(d).replace(".0E", "e").replace("E", "e");
        }
        return v.toString();
    }

    /** The one-line error for a value of the wrong JSON type. */
    static org.psrnn.InvalidInputException typeError(String key, String expected, JsonNode node) {
        return new org.psrnn.InvalidInputException(key + " must be " + expected + ", got " + node);
    }
}
