package org.psrnn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes that are all or nothing: the content goes to a temporary file beside the target, is
 * flushed to disk, then renamed over the target. A crash leaves either the old file or the new
 * one, never a torn one. A failed write names the target, never the temporary file, and says
 * what the target still holds.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A write of {@code getFile()} that did not happen: the reason, and what the file holds now
     * (its previous version, whole, or nothing), as one line.
     */
    public static final class WriteFailedException extends FileSystemException {
        private final boolean previousKept;
        private final String why;

        WriteFailedException(Path target, String why, boolean previousKept, String kept, Throwable cause) {
            super(target.toString(), null, "could not be written (" + why + ")" + (kept.isEmpty() ? "" : "; " + kept));
            this.previousKept = previousKept;
            this.why = why;
            if (cause != null) initCause(cause);
        }

        /** Whether the target existed before and still holds that version, whole. */
        public boolean previousKept() {
            return previousKept;
        }

        /** The same failure, saying {@code kept} about what the target still holds. */
        public WriteFailedException saying(String kept) {
            return new WriteFailedException(Path.of(getFile()), why, previousKept, kept, getCause());
        }
    }

    /** Replaces {@code target} atomically with what {@code body} writes; creates missing parent folders. */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) throw new WriteFailedException(target, "a folder is in its place", false, "", null);
        boolean existed = Files.exists(absolute);
        String kept = existed ? "its previous version is kept whole" : "no partial file is left";
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemporary(dir, absolute.getFileName().toString());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new WriteFailedException(target, reason(e), existed, kept, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** Replaces {@code target} atomically with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * A new, empty, uniquely named file in {@code dir}. It is created as any new file is, so the
     * umask decides its mode (and the target's after the rename): results on shared storage are
     * as readable as the user's other files. {@code Files.createTempFile} would make them 0600.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    /** The operating system's words for an I/O failure, without the temporary file's name. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() + " is in the way of a folder";
        if (e instanceof java.nio.file.NoSuchFileException) return "its folder does not exist";
        if (e instanceof FileSystemException f) return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the failure being reported matters more than a leftover temporary file
        }
    }

    /** Makes the rename durable; not every file system allows opening a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
