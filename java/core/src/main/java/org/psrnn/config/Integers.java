package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.psrnn.InvalidInputException;

/**
 * Integers in {@code [min, max]}; a {@code max} of {@link Integer#MAX_VALUE} is listed as no upper
 * bound. {@code none}, when not null, is the value that means "not set": config.json holds it as
 * null, which reads back as the default.
 */
public record Integers(int min, int max, Integer none) implements Domain<Integer> {
    public Integers(int min, int max) {
        this(min, max, null);
    }

    /** This range, with {@code value} standing for "not set". */
    public Integers orNone(int value) {
        return new Integers(min, max, value);
    }

    @Override
    public Integer read(String key, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) throw Domain.typeError(key, "an integer", node);
        int i = node.intValue();
        if (i < min || i > max) throw new InvalidInputException(key + " = " + i + " is not allowed: must be " + allowed().replace("integer ", ""));
        return i;
    }

    @Override
    public Object json(Integer value) {
        return none != null && none.equals(value) ? null : value;
    }

    @Override
    public String allowed() {
        return max == Integer.MAX_VALUE ? "integer >= " + min : "integer in [" + min + ", " + max + "]";
    }
}
