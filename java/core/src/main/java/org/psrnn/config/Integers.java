package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.psrnn.InvalidInputException;

/** Integers in {@code [min, max]}; a {@code max} of {@link Integer#MAX_VALUE} is listed as no upper bound. */
public record Integers(int min, int max) implements Domain<Integer> {
    @Override
    public Integer read(String key, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) throw Domain.typeError(key, "an integer", node);
        int i = node.intValue();
        if (i < min || i > max) throw new InvalidInputException(key + " = " + i + " is not allowed: must be in [" + min + ", " + max + "]");
        return i;
    }

    @Override
    public Object json(Integer value) {
        return value;
    }

    @Override
    public String allowed() {
        return max == Integer.MAX_VALUE ? "integer >= " + min : "integer in [" + min + ", " + max + "]";
    }
}
