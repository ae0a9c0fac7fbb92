package org.psrnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Commands printed for the user to paste (how to continue, how to resume), spelt as psrnn was
 * started: the launcher passes its own invocation ({@code ./psrnn}, a path, or {@code psrnn} from
 * PATH) as {@code -Dpsrnn.launcher}; without it, {@code psrnn}.
 */
final class Launcher {
    static final String PROPERTY = "psrnn.launcher";
    /** Words a POSIX shell reads as they are; anything else is single-quoted. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private Launcher() {}

    /** The name that started psrnn, as the user can type it again. */
    static String name() {
        String given = System.getProperty(PROPERTY);
        return quote(given == null || given.isBlank() ? "psrnn" : given);
    }

    /** {@code args} (the command line after the launcher) as one line a shell gives back unchanged. */
    static String command(List<String> args) {
        List<String> words = new ArrayList<>(List.of(name()));
        for (String a : args) words.add(quote(a));
        return String.join(" ", words);
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
