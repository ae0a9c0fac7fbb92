package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code true} or {@code false}, and nothing that merely looks like one (1, "yes"). */
public record Flags() implements Domain<Boolean> {
    @Override
    public Boolean read(String key, JsonNode node) {
        if (!node.isBoolean()) throw Domain.typeError(key, "true or false", node);
        return node.booleanValue();
    }

    @Override
    public Object json(Boolean value) {
        return value;
    }

    @Override
    public String allowed() {
        return "true or false";
    }
}
