package org.psrnn.engine;

import org.psrnn.model.Parameters;

/**
 * Loss, gradients and Hebbian term of one state on one batch.
 *
 * @param loss      the loss of MODEL.md
 * @param grads     unclipped gradients {@code dL/d(param)}; for {@code W_rec} the dense {@code G}
 * @param hebbian   {@code H[i][j]} of MODEL.md step 5 for the configured rule (mean-subtracted for
 *                  {@code covariance}), {@code N*N}
 * @param gradNorm  the global norm of step 3, over {@code G * S} and the other gradients
 */
public record Gradients(double loss, Parameters grads, double[] hebbian, double gradNorm) {}
