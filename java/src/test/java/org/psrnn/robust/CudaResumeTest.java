package org.psrnn.robust;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.psrnn.testing.Gpu;

/** {@link ResumeTest} on the cuda engine: its reductions run in a fixed order, so a resumed run repeats the bits too. */
@Gpu
class CudaResumeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "cuda engine, stopped after {0} iterations")
    @ValueSource(ints = {27, 0})
    void resumedRunIsBitIdentical(int stopAt) throws Exception {
        ResumeTest.check(dir, "cuda", stopAt);
    }
}
