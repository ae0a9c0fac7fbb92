package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.psrnn.Keyed;

/** One constant of a {@link Keyed} enum, by the name users write; a near miss gets a suggestion. */
public record Choices<E extends Enum<E> & Keyed>(Class<E> type) implements Domain<E> {
    @Override
    public E read(String key, JsonNode node) {
        if (!node.isTextual()) throw Domain.typeError(key, "a string", node);
        return Keyed.parse(type, key, node.textValue());
    }

    @Override
    public Object json(E value) {
        return value.key();
    }

    @Override
    public String allowed() {
        return "one of " + String.join(", ", keys());
    }

    /** The names of the choices, in declaration order. */
    public List<String> keys() {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.key());
        return names;
    }
}
