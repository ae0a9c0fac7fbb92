package org.psrnn.engine.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.psrnn.testing.Parity;

/**
 * One iteration on the cpu engine against the reference ({@link Parity#oneIteration}), with both
 * kernel sets: every preset and switch mode, every activation, loss and Hebbian rule, Philox and
 * explicit noise, on sizes that leave vector tails.
 */
class CpuReferenceParityTest {
    private static final int[] SIZES = {7, 33, 48, 64, 19, 130};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int first = 0;
        for (Kernels kernels : new Kernels[] {Kernels.best(), ScalarKernels.INSTANCE}) {
            List<Parity.Case> some = Parity.cases(first);
            for (Parity.Case c : some) cases.add(Arguments.of(kernels, c));
            first += some.size();
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void oneIterationMatchesTheReference(Kernels kernels, Parity.Case kase) {
        Parity.oneIteration((cfg, state) -> new CpuEngine(cfg, state, 2, kernels), "cpu", kase, SIZES[kase.number() % SIZES.length]);
    }

    /** Longer batches, where the blocked products run over many sample blocks and threads split the samples unevenly. */
    static Stream<Arguments> largeCases() {
        List<Parity.Case> all = Parity.cases(0);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 7) cases.add(Arguments.of(Kernels.best(), all.get(i)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}, N = 64, T = 20, B = 40")
    @MethodSource("largeCases")
    void largeBatchesMatchTheReference(Kernels kernels, Parity.Case kase) {
        Parity.oneIteration((cfg, state) -> new CpuEngine(cfg, state, 2, kernels), "cpu", kase, 64, 20, 40);
    }
}
