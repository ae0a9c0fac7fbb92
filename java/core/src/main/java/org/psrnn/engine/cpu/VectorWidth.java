package org.psrnn.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector shape every Vector API kernel runs at, and the float species of that shape. A
 * single definition, so that the products, the element-wise loops, the dot product and the noise
 * can never disagree on the width they realise the logical lanes with.
 */
final class VectorWidth {
    /** The vector shape of every kernel: see {@link #shape()}. */
    static final VectorShape SHAPE = shape();
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(SHAPE);
    static final int L = F.length();
    /** Vectors per group of {@link ScalarKernels#LANES} logical lanes. */
    static final int V = ScalarKernels.LANES / L;

    private VectorWidth() {}

    /**
     * The machine's preferred vector shape, at most 512 bits, or the one the system property
     * {@code psrnn.vector.bits} names (128, 256 or 512). The results do not depend on it (every
     * sum follows one logical order, see {@link Kernels}); the property exists so that tests can
     * prove that on any machine: a shape wider than the hardware runs, slowly, in the Vector API's
     * Java fallback.
     */
    static VectorShape shape() {
        int bits = Kernels.requestedVectorBits();
        if (bits != 0) return VectorShape.forBitSize(bits);
        VectorShape preferred = VectorShape.preferredShape();
        return preferred.vectorBitSize() > 512 ? VectorShape.S_512_BIT : preferred;
    }
}
