package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A name from a list that another part of psrnn owns: the tasks, the engines. The list is read
 * when asked for, so that the table names what the code knows. {@code check} refuses a name not in
 * it, with the owner's message; it does nothing where the name is checked later (an engine, where
 * a run starts, since one that exists may still be unavailable on this machine).
 */
public record Names(Supplier<List<String>> names, Consumer<String> check) implements Domain<String> {
    @Override
    public String read(String key, JsonNode node) {
        if (!node.isTextual()) throw Domain.typeError(key, "a string", node);
        check.accept(node.textValue());
        return node.textValue();
    }

    @Override
    public Object json(String value) {
        return value;
    }

    @Override
    public String allowed() {
        return "one of " + String.join(", ", names.get());
    }
}
