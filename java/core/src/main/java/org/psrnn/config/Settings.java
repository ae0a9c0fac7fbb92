package org.psrnn.config;

import org.psrnn.InvalidInputException;

/**
 * Values by configuration key, each checked by its key's {@link Domain}: what a configuration file
 * and the command line set, or the key's default. An error about a value names where that value
 * came from (the file, {@code --set}, {@code --lr}), because the key is known where it is read.
 */
public interface Settings {
    /** The value of {@code key}, or {@code fallback} when nothing sets it. */
    <T> T get(ConfigKey<T> key, T fallback);

    /** The value of {@code key}, or its default. */
    default <T> T get(ConfigKey<T> key) {
        return get(key, key.defaultValue());
    }

    /** Whether {@code key} is set. */
    boolean has(ConfigKey<?> key);

    /**
     * {@code e}, which concerns the value of {@code key} with others (dt against tau), prefixed
     * with where that value came from.
     */
    InvalidInputException concerning(ConfigKey<?> key, InvalidInputException e);
}
