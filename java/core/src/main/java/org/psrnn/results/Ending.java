package org.psrnn.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run's training ended; summary.json writes it in lower case ("completed", ...). */
public enum Ending {
    /** It trained its whole iteration budget. */
    COMPLETED,
    /** It stopped at the criterion ({@code stop_at_criterion}). */
    CRITERION,
    /** A signal or a stop request ended it at a checkpoint; it can be resumed. */
    INTERRUPTED,
    /** Its loss or weights stopped being finite; its outputs describe the last finite checkpoint. */
    DIVERGED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Ending of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
