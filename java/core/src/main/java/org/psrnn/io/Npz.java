package org.psrnn.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.psrnn.InvalidInputException;

/** {@code .npz} archives: a zip of {@code name.npy} members, as {@code numpy.savez} writes them. */
public final class Npz {
    private static final java.time.LocalDateTime REPRODUCIBLE_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /** The arrays of {@code file} by name, in archive order. Damaged files fail with the file and the problem. */
    public static Map<String, NpyArray> read(Path file) {
        if (Files.isDirectory(file)) throw new InvalidInputException(file + ": is a folder; expected an .npz file");
        if (!Files.isRegularFile(file)) throw new InvalidInputException(file + ": no such file");
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                long size = e.getSize();
                if (size > Integer.MAX_VALUE - 16) throw new InvalidInputException(file + ": member " + e.getName() + " is too large");
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (ZipException | java.io.EOFException ex) {
                    throw new InvalidInputException(file + ": member " + e.getName() + " is damaged (" + ex.getMessage() + ")");
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if ((size >= 0 && size != bytes.length) || (e.getCrc() >= 0 && e.getCrc() != crc.getValue())) {
                    throw new InvalidInputException(file + ": member " + e.getName() + " is damaged (size or checksum mismatch)");
                }
                arrays.put(name, Npy.read(bytes, file + "[" + name + "]"));
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": not a valid .npz archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return arrays;
    }

    /** Writes {@code arrays} to {@code file} atomically, uncompressed like {@code numpy.savez}. */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
                byte[] bytes = Npy.toBytes(a.getValue());
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                e.setMethod(ZipEntry.STORED);
                e.setSize(bytes.length);
                e.setCompressedSize(bytes.length);
                e.setCrc(crc.getValue());
                e.setTimeLocal(REPRODUCIBLE_TIME); // the same arrays give the same bytes
                zip.putNextEntry(e);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
