package org.psrnn.config;

/**
 * The part of the model or of a run a configuration key sets. The first five are MODEL.md's:
 * {@code psrnn step} takes them, and they hold every hyper-parameter of one iteration; the others
 * say which task is trained, for how long and on what, so only training reads them.
 */
public enum Layer {
    /** Dynamics, loss and the seed: MODEL.md "Dynamics", "Loss", "Random numbers". */
    MODEL,
    /** Adam and gradient clipping: MODEL.md steps 3 and 4. */
    OPTIMISER,
    /** The Hebbian update of WEAK synapses: MODEL.md step 5. */
    HEBBIAN,
    /** Switching between WEAK and STRONG: MODEL.md step 6 and "Switch modes". */
    SWITCHING,
    /** The initial weights and synapse states: MODEL.md "Initialisation". */
    INIT,
    /** Which task, and its inputs and loss weights. */
    TASK,
    /** The rule preset, sizes, budget, evaluation and checkpoints. */
    TRAINING,
    /** Where the arithmetic runs. */
    ENGINE;

    /** Whether the keys of this layer are MODEL.md's, which {@code psrnn step} reads too. */
    public boolean modelMd() {
        return compareTo(INIT) <= 0;
    }
}
