package org.psrnn.engine;

/**
 * What one training iteration reports.
 *
 * @param loss         the loss of the forward pass (before the update)
 * @param gradNorm     the global norm of MODEL.md step 3 (before clipping)
 * @param clipScale    the factor the gradients were multiplied by (1 when not clipped)
 * @param switchesUp   synapses that went WEAK -> STRONG
 * @param switchesDown synapses that went STRONG -> WEAK
 * @param strongCount  STRONG synapses after the iteration
 */
public record StepStats(double loss, double gradNorm, double clipScale, int switchesUp, int switchesDown, int strongCount) {}
