package org.psrnn.engine;

/**
 * The outputs of a forward pass.
 *
 * @param outputs {@code y[t][b][k]}, {@code T*B*n_out}
 * @param loss    the masked loss of MODEL.md against the batch's targets or labels
 */
public record ForwardResult(double[] outputs, double loss) {}
