package org.psrnn.task;

/** A named stretch of a trial, in time steps {@code [start, end)}. */
public record Period(String name, int start, int end) {
    public int length() {
        return end - start;
    }

    public boolean contains(int t) {
        return t >= start && t < end;
    }
}
