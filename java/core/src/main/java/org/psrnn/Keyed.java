package org.psrnn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A choice with the name users write for it ({@code relu}, {@code switch-stochastic}). Parsing a
 * name that is not one of the choices fails with the allowed names and, for a near miss, a
 * suggestion.
 */
public interface Keyed {
    /** The name used in configuration files and on the command line. */
    String key();

    /** The constant of {@code type} whose key is {@code value}; {@code option} names the setting in errors. */
    static <E extends Enum<E> & Keyed> E parse(Class<E> type, String option, String value) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.key().equals(value)) return e;
            names.add(e.key());
        }
        String hint = value == null ? null : closest(value.toLowerCase(Locale.ROOT), names);
        throw new InvalidInputException(option + " = '" + value + "' is not allowed: must be one of "
                + String.join(", ", names) + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    }

    /** The candidate within a small edit distance of {@code word}, or null when none is near. */
    static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(word, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one edit each. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
