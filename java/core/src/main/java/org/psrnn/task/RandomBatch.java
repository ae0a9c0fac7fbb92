package org.psrnn.task;

import java.util.SplittableRandom;
import org.psrnn.model.Batch;
import org.psrnn.model.NetworkShape;

/** Batches of random inputs and labels, for timing: the engines' cost does not depend on the task. */
public final class RandomBatch {
    private RandomBatch() {}

    /** A cross-entropy batch: uniform inputs in [0, 1), random labels, every step scored. */
    public static Batch classification(NetworkShape shape, int steps, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] inputs = new double[steps * size * shape.nIn()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = rng.nextDouble();
        int[] labels = new int[steps * size];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(shape.nOut());
        double[] mask = new double[steps * size];
        java.util.Arrays.fill(mask, 1.0);
        return new Batch(steps, size, shape.nIn(), shape.nOut(), inputs, null, labels, mask, null);
    }
}
