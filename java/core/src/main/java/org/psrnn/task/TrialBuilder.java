package org.psrnn.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a trial the way NeuroGym's {@code TrialEnv} does: periods laid end to end, durations in
 * ms converted to steps by {@code int(time / dt)}, inputs added or set per period and channel,
 * Gaussian input noise, and the ground-truth action per period.
 */
final class TrialBuilder {
    private final double dt;
    private final int maxSteps;
    private final int nIn;
    private final int nOut;
    private final List<Period> periods = new ArrayList<>();
    private final Map<String, Double> info = new LinkedHashMap<>();
    private double endMs;
    private double[] inputs;
    private int[] labels;
    private int steps;

    TrialBuilder(double dt, int maxSteps, int nIn, int nOut) {
        this.dt = dt;
        this.maxSteps = maxSteps;
        this.nIn = nIn;
        this.nOut = nOut;
    }

    /** Appends a period of {@code durationMs}; all periods come before any input. */
    TrialBuilder period(String name, double durationMs) {
        if (inputs != null) throw new IllegalStateException("periods come before inputs");
        int start = (int) (endMs / dt);
        endMs += durationMs;
        periods.add(new Period(name, start, (int) (endMs / dt)));
        return this;
    }

    private void layOut() {
        if (inputs != null) return;
        steps = (int) (endMs / dt);
        if (steps > maxSteps) throw new IllegalStateException("trial of " + steps + " steps exceeds the task's " + maxSteps);
        inputs = new double[maxSteps * nIn];
        labels = new int[maxSteps];
    }

    Period get(String name) {
        for (Period p : periods) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("no period " + name);
    }

    /** The steps of period {@code name}, or the whole trial for null. */
    private int[] range(String name) {
        layOut();
        if (name == null) return new int[] {0, steps};
        Period p = get(name);
        return new int[] {p.start(), p.end()};
    }

    /** Adds {@code value} to input {@code channel} during period {@code name} (null: the whole trial). */
    TrialBuilder addInput(String name, int channel, double value) {
        int[] r = range(name);
        for (int t = r[0]; t < r[1]; t++) inputs[t * nIn + channel] += value;
        return this;
    }

    /** Sets input {@code channel} (-1: every channel) to {@code value} during period {@code name}. */
    TrialBuilder setInput(String name, int channel, double value) {
        int[] r = range(name);
        for (int t = r[0]; t < r[1]; t++) {
            for (int c = 0; c < nIn; c++) if (channel < 0 || c == channel) inputs[t * nIn + c] = value;
        }
        return this;
    }

    /** Adds N(0, sd^2) noise to the given channels (none given: every channel) during period {@code name}. */
    TrialBuilder addNoise(SplittableRandom rng, double sd, String name, int... channels) {
        int[] r = range(name);
        for (int t = r[0]; t < r[1]; t++) {
            if (channels.length == 0) {
                for (int c = 0; c < nIn; c++) inputs[t * nIn + c] += sd * Gaussian.next(rng);
            } else {
                for (int c : channels) inputs[t * nIn + c] += sd * Gaussian.next(rng);
            }
        }
        return this;
    }

    /** The action expected during period {@code name}. */
    TrialBuilder label(String name, int action) {
        int[] r = range(name);
        for (int t = r[0]; t < r[1]; t++) labels[t] = action;
        return this;
    }

    TrialBuilder info(String key, double value) {
        info.put(key, value);
        return this;
    }

    /**
     * The trial: mask 1 on every step of the trial and {@code decisionWeight} in the decision
     * period, 0 on the padding; {@code mse} targets are the one-hot code of the label.
     */
    Trial build(int groundTruth, double decisionWeight) {
        layOut();
        double[] mask = new double[maxSteps];
        for (int t = 0; t < steps; t++) mask[t] = 1.0;
        for (Period p : periods) {
            if (p.name().equals("decision")) for (int t = p.start(); t < p.end(); t++) mask[t] = decisionWeight;
        }
        double[] targets = new double[maxSteps * nOut];
        for (int t = 0; t < steps; t++) targets[t * nOut + labels[t]] = 1.0;
        return new Trial(steps, inputs, labels, targets, mask, groundTruth, List.copyOf(periods), Map.copyOf(info));
    }
}
