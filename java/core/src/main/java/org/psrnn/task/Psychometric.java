package org.psrnn.task;

import java.util.SplittableRandom;

/**
 * The capability of a two-alternative task whose answer follows the sign of one stimulus value:
 * trials at a chosen value, for the psychometric curve (MODEL.md "Psychometric curve"), the
 * share of one choice against that value. A task has it when {@link Task#psychometric()} gives it.
 */
public interface Psychometric {
    /** What the value is, for axes and tables ({@code "signed coherence"}). */
    String variable();

    /** Its unit ({@code "%"}, {@code "Hz"}). */
    String unit();

    /** The values the curve is measured at, ascending: symmetric about 0, spanning and refining the values trained on. */
    double[] values();

    /** The action the positive side of the value calls for. */
    int positiveChoice();

    /** The other action. */
    int negativeChoice();

    /** What {@link #positiveChoice()} means, in the task's words ({@code "f1 > f2"}). */
    String positiveMeaning();

    /** A trial whose stimulus has the value {@code value}, its noise and anything else drawn from {@code rng}. */
    Trial trialAt(double value, SplittableRandom rng);
}
