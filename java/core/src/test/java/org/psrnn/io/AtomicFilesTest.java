package org.psrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the mode a new file gets, and failures that name the file and say what it still holds. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    /** A write that runs out of room half-way, as a full disk does. */
    private static final AtomicFiles.Body DISK_FULL = out -> {
        out.write(new byte[100_000]);
        throw new IOException("No space left on device");
    };

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Results on shared storage are as readable as any file the user makes there: the umask decides, not 0600. */
    @Test
    void aWrittenFileHasTheModeOfAPlainNewFile() throws Exception {
        Assumptions.assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX permissions");
        Path plain = dir.resolve("plain");
        try (OutputStream out = Files.newOutputStream(plain)) {
            out.write(1);
        }
        Path written = dir.resolve("written.json");
        AtomicFiles.writeString(written, "{}");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        AtomicFiles.writeString(written, "{\"again\": true}");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written), "a replaced file too");
    }

    @Test
    void aFailedWriteNamesTheFileAndKeepsItsPreviousVersionWhole() throws Exception {
        Path target = dir.resolve("metrics.csv");
        AtomicFiles.writeString(target, "old");
        var e = assertThrows(AtomicFiles.WriteFailedException.class, () -> AtomicFiles.write(target, DISK_FULL));
        assertEquals(target + ": could not be written (No space left on device); its previous version is kept whole", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), files(), "no temporary file left");
    }

    @Test
    void aFailedFirstWriteLeavesNothing() throws Exception {
        Path target = dir.resolve("weights.npz");
        var e = assertThrows(AtomicFiles.WriteFailedException.class, () -> AtomicFiles.write(target, DISK_FULL));
        assertEquals(target + ": could not be written (No space left on device); no partial file is left", e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aFolderWhereTheFileGoesIsNamed() throws Exception {
        Path target = dir.resolve("summary.json");
        Files.createDirectories(target);
        var e = assertThrows(AtomicFiles.WriteFailedException.class, () -> AtomicFiles.writeString(target, "{}"));
        assertEquals(target + ": could not be written (a folder is in its place)", e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }

    /** The checkpoint a failed write keeps is the last complete one: the message says which, for a resume. */
    @Test
    void aFailedCheckpointSaysWhichCheckpointIsKept() throws Exception {
        Path target = dir.resolve(RunDirectory.CHECKPOINT);
        AtomicFiles.writeString(target, "iteration 50");
        var failed = assertThrows(AtomicFiles.WriteFailedException.class, () -> AtomicFiles.write(target, DISK_FULL));
        assertEquals(target + ": could not be written (No space left on device); it still holds the last complete checkpoint, of iteration 50",
                RunDirectory.lastCheckpointKept(failed, 50).getMessage());
        // Before this run wrote or read one, the file there may be another run's: no claim about it.
        assertTrue(RunDirectory.lastCheckpointKept(failed, -1).getMessage().endsWith("; its previous version is kept whole"));
        Files.delete(target);
        var first = assertThrows(AtomicFiles.WriteFailedException.class, () -> AtomicFiles.write(target, DISK_FULL));
        assertTrue(RunDirectory.lastCheckpointKept(first, 0).getMessage().endsWith("; no partial file is left"));
    }
}
