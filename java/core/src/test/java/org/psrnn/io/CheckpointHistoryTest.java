package org.psrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.InvalidInputException;
import org.psrnn.analysis.StrongSetHistory;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.testing.Fixtures;

/** checkpoint.npz keeps the STRONG sets turnover is measured against, so a resumed run continues its numbers. */
class CheckpointHistoryTest {
    @TempDir
    Path dir;

    @Test
    void theStrongSetsRoundTripAndACheckpointWithoutThemReadsAsNone() throws Exception {
        NetworkState state = Fixtures.randomState(new NetworkShape(2, 3, 1), 0.4, 5);
        RunDirectory run = RunDirectory.create(dir.resolve("run"), false);
        StrongSetHistory history = new StrongSetHistory();
        history.observe(new byte[] {1, 0, 0, 1, 0, 0, 0, 0, 1});
        history.observe(new byte[] {0, 1, 0, 1, 0, 0, 0, 0, 1});
        run.writeCheckpoint(state, new double[9], new double[] {1, 2}, history, null);
        StrongSetHistory back = run.readCheckpoint().history();
        assertArrayEquals(history.initial(), back.initial());
        assertArrayEquals(history.previous(), back.previous());
        assertArrayEquals(history.ever(), back.ever());

        run.writeCheckpoint(state, new double[9], new double[] {1, 2}, new StrongSetHistory(), null);
        assertNull(run.readCheckpoint().history(), "nothing observed, nothing written");
    }

    @Test
    void anIncompleteHistoryIsRefusedWithWhatIsMissing() throws Exception {
        NetworkState state = Fixtures.randomState(new NetworkShape(2, 2, 1), 0.4, 6);
        RunDirectory run = RunDirectory.create(dir.resolve("run"), false);
        StrongSetHistory history = new StrongSetHistory();
        history.observe(new byte[] {1, 0, 0, 1});
        run.writeCheckpoint(state, new double[4], new double[] {1}, history, null);
        Path file = run.path(RunDirectory.CHECKPOINT);
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove("S_rec_ever");
        Npz.write(file, arrays);
        InvalidInputException e = assertThrows(InvalidInputException.class, run::readCheckpoint);
        assertEquals(file + ": S_rec_ever is missing; expected uint8 (2, 2) beside S_rec_initial, S_rec_previous, S_rec_ever", e.getMessage());
    }
}
