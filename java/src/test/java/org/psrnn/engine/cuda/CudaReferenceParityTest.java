package org.psrnn.engine.cuda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.psrnn.testing.Gpu;
import org.psrnn.testing.Parity;

/**
 * The cuda engine against the reference with the cpu engine's tolerances ({@link Parity}): every
 * preset, switch mode, activation, loss and Hebbian rule, Philox and explicit noise, both forms of
 * the recurrent products, on sizes that leave partial tiles (7 ... 300); then a short training run
 * whose learning curve must follow the reference's.
 */
@Gpu
class CudaReferenceParityTest {
    private static final int[] SIZES = {7, 33, 64, 130, 257, 300};

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int first = 0;
        for (int kernel : new int[] {1, 2}) {
            List<Parity.Case> some = Parity.cases(first);
            for (Parity.Case c : some) cases.add(Arguments.of(kernel == 1 ? "tiled" : "persistent", kernel, c));
            first += some.size();
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void oneIterationMatchesTheReference(String form, int kernel, Parity.Case kase) {
        Parity.oneIteration((cfg, state) -> new CudaEngine(cfg, state, 0, kernel), "cuda " + form, kase, SIZES[kase.number() % SIZES.length]);
    }

    @Test
    void performanceCurveMatchesTheReference() throws Exception {
        Parity.trainingCurve(dir, "cuda");
    }
}
