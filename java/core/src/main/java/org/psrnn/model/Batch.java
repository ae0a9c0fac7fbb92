package org.psrnn.model;

import org.psrnn.Check;
import org.psrnn.InvalidInputException;

/**
 * One batch of {@code B} trials of {@code T} steps, time-major (MODEL.md "Notation").
 *
 * @param inputs  {@code u[t][b][k]}, {@code T*B*n_in}
 * @param targets {@code target[t][b][k]}, {@code T*B*n_out}, for {@code mse}; else null
 * @param labels  {@code label[t][b]} in {@code [0, n_out)}, for {@code xent}; else null
 * @param mask    loss weights {@code m[t][b] >= 0}, {@code T*B}
 * @param noise   {@code xi[t][b][i]}, {@code T*B*N}, used instead of Philox noise; or null
 */
public record Batch(int steps, int size, int nIn, int nOut,
                    double[] inputs, double[] targets, int[] labels, double[] mask, double[] noise) {

    public Batch {
        Check.positive("T (time steps)", steps);
        Check.positive("B (batch size)", size);
        if (steps > org.psrnn.rng.Streams.MAX_STEPS) {
            throw new InvalidInputException("T = " + steps + " is not allowed: must be <= " + org.psrnn.rng.Streams.MAX_STEPS);
        }
        int tb = steps * size;
        requireLength("inputs", inputs, (long) tb * nIn);
        requireLength("mask", mask, tb);
        if ((targets == null) == (labels == null)) {
            throw new InvalidInputException("a batch needs exactly one of 'targets' (T,B,n_out) for mse or 'labels' (T,B) for xent");
        }
        if (targets != null) requireLength("targets", targets, (long) tb * nOut);
        if (labels != null) {
            if (labels.length != tb) throw new InvalidInputException("labels has " + labels.length + " entries, expected T*B = " + tb);
            for (int n = 0; n < tb; n++) {
                if (labels[n] < 0 || labels[n] >= nOut) {
                    throw new InvalidInputException("labels[" + n / size + "][" + n % size + "] = " + labels[n]
                            + " is not allowed: must be in [0, n_out) = [0, " + nOut + ")");
                }
            }
        }
        for (int n = 0; n < tb; n++) {
            if (!(mask[n] >= 0) || Double.isInfinite(mask[n])) {
                throw new InvalidInputException("mask[" + n / size + "][" + n % size + "] = " + Check.format(mask[n])
                        + " is not allowed: must be finite and >= 0");
            }
        }
        if (noise != null && (noise.length == 0 || noise.length % tb != 0)) {
            throw new InvalidInputException("noise has " + noise.length + " entries, expected T*B*N with T*B = " + tb);
        }
    }

    private static void requireLength(String name, double[] a, long expected) {
        if (a == null) throw new InvalidInputException("batch has no '" + name + "'");
        if (a.length != expected) throw new InvalidInputException(name + " has " + a.length + " entries, expected " + expected);
        for (int n = 0; n < a.length; n++) {
            if (!Double.isFinite(a[n])) throw new InvalidInputException(name + " entry " + n + " = " + a[n] + " is not finite");
        }
    }

    /** The loss this batch carries targets for. */
    public LossKind lossKind() {
        return labels != null ? LossKind.XENT : LossKind.MSE;
    }

    /** Fails unless this batch fits a network of the given shape trained with the given loss. */
    public void requireFits(NetworkShape shape, LossKind loss) {
        if (nIn != shape.nIn()) {
            throw new InvalidInputException("inputs have n_in = " + nIn + " per step, but the network has n_in = " + shape.nIn());
        }
        if (nOut != shape.nOut()) {
            throw new InvalidInputException("the batch is for n_out = " + nOut + ", but the network has n_out = " + shape.nOut());
        }
        if (loss != lossKind()) {
            throw new InvalidInputException("loss = '" + loss.key() + "' needs "
                    + (loss == LossKind.XENT ? "'labels' (T,B) integers" : "'targets' (T,B,n_out)")
                    + ", but the batch has " + (labels != null ? "'labels'" : "'targets'"));
        }
        if (noise != null && noise.length != steps * size * shape.hidden()) {
            throw new InvalidInputException("noise has " + noise.length / (steps * size) + " units per step, but the network has N = " + shape.hidden());
        }
    }
}
