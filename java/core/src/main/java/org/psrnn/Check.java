package org.psrnn;

import java.util.Locale;

/** Validation of user-facing values, with messages that name the key, the value and the allowed range. */
public final class Check {
    private Check() {}

    /** Requires {@code value} in the interval from {@code lo} to {@code hi}, each end open or closed. */
    public static double inRange(String key, double value, double lo, boolean loClosed, double hi, boolean hiClosed) {
        boolean ok = !Double.isNaN(value)
                && (loClosed ? value >= lo : value > lo)
                && (hiClosed ? value <= hi : value < hi);
        if (!ok) {
            String interval = (loClosed ? "[" : "(") + format(lo) + ", " + format(hi) + (hiClosed ? "]" : ")");
            throw new InvalidInputException(key + " = " + format(value) + " is not allowed: must be in " + interval);
        }
        return value;
    }

    /** Requires a finite value {@code >= 0}. */
    public static double nonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(key + " = " + format(value) + " is not allowed: must be finite and >= 0");
        }
        return value;
    }

    /** Requires a finite value {@code > 0}. */
    public static double positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(key + " = " + format(value) + " is not allowed: must be finite and > 0");
        }
        return value;
    }

    /** Requires an integer {@code >= 1}. */
    public static int positive(String key, int value) {
        if (value < 1) {
            throw new InvalidInputException(key + " = " + value + " is not allowed: must be an integer >= 1");
        }
        return value;
    }

    /** A number as a user would write it: integers without ".0", infinities as "inf". */
    public static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == Double.POSITIVE_INFINITY) return "inf";
        if (v == Double.NEGATIVE_INFINITY) return "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }
}
