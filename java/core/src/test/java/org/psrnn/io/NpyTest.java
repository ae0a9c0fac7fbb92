package org.psrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.InvalidInputException;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void headerIsNumpyFormatVersion1PaddedTo64Bytes() {
        byte[] file = Npy.toBytes(NpyArray.float32(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        String header = new String(file, 10, (file[8] & 0xFF) | (file[9] & 0xFF) << 8, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
        assertTrue(header.endsWith("\n"));
        assertEquals(0, (10 + header.length()) % 64);
        assertEquals(10 + header.length() + 24, file.length);
        assertEquals("(5,)", NpyArray.shapeString(new int[] {5}));
        assertEquals("()", NpyArray.shapeString(new int[] {}));
    }

    @Test
    void everyDtypeRoundTrips() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("f4", NpyArray.float32(new double[] {-1, 0.5, 3.25}, 3));
        arrays.put("f8", NpyArray.float64(new double[] {Math.PI, -1e300, 1e-300, 0}, 2, 2));
        arrays.put("i4", NpyArray.int32(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, 2));
        arrays.put("i8", NpyArray.int64(new long[] {Long.MIN_VALUE}));
        arrays.put("u1", NpyArray.uint8(new byte[] {0, (byte) 255}, 2, 1));
        arrays.put("b1", NpyArray.bool(new boolean[] {true, false}, 2));
        Path file = dir.resolve("all.npz");
        Npz.write(file, arrays);
        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(arrays.keySet(), back.keySet());
        for (String name : arrays.keySet()) {
            assertEquals(arrays.get(name).dtype(), back.get(name).dtype(), name);
            assertArrayEquals(arrays.get(name).shape(), back.get(name).shape(), name);
            assertArrayEquals(arrays.get(name).bytes(), back.get(name).bytes(), name);
        }
        assertArrayEquals(new double[] {-1, 0.5, 3.25}, back.get("f4").toDoubles());
        assertArrayEquals(new long[] {Long.MIN_VALUE}, back.get("i8").toLongs("i8"));
        assertArrayEquals(new long[] {0, 255}, back.get("u1").toLongs("u1"));
        assertArrayEquals(new double[] {1, 0}, back.get("b1").toDoubles());
        // Reproducible: the same arrays give the same bytes.
        Path again = dir.resolve("again.npz");
        Npz.write(again, arrays);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    }

    @Test
    void rejectsWhatItCannotRead() {
        byte[] good = Npy.toBytes(NpyArray.float64(new double[] {1, 2, 3}, 3));
        assertEquals("x.npy: not a .npy array (missing the \\x93NUMPY signature)",
                message(() -> Npy.read("hello world, not numpy".getBytes(StandardCharsets.UTF_8), "x.npy")));

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 5);
        assertEquals("x.npy: truncated: shape (3,) of float64 needs 24 bytes of data, the file has 19",
                message(() -> Npy.read(truncated, "x.npy")));

        byte[] headerCut = java.util.Arrays.copyOf(good, 30);
        assertEquals("x.npy: truncated in the header", message(() -> Npy.read(headerCut, "x.npy")));

        assertTrue(message(() -> Npy.read(withHeader(good, "'<f8'", "'<c8'"), "x.npy"))
                .startsWith("x.npy: unsupported dtype '<c8' (supported: float32, float64, int32, int64, uint8, bool)"));
        assertTrue(message(() -> Npy.read(withHeader(good, "False", "True "), "x.npy"))
                .startsWith("x.npy: array is in Fortran order"));
        assertTrue(message(() -> Npy.read(withHeader(good, "(3,)", "(-3,)"), "x.npy")).contains("impossible dimension"));

        byte[] badBool = Npy.toBytes(NpyArray.uint8(new byte[] {0, 7}, 2));
        assertTrue(message(() -> Npy.read(withHeader(badBool, "'|u1'", "'|b1'"), "x.npy")).contains("bool array holds the byte 7"));
    }

    @Test
    void damagedArchivesNameTheFileAndProblem() throws IOException {
        Path notZip = dir.resolve("not.npz");
        Files.writeString(notZip, "definitely not a zip archive");
        assertTrue(message(() -> Npz.read(notZip)).startsWith(notZip + ": not a valid .npz archive"));

        Path file = dir.resolve("ok.npz");
        Npz.write(file, Map.of("a", NpyArray.float64(new double[100], 10, 10)));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(message(() -> Npz.read(cut)).startsWith(cut + ": "));

        byte[] flipped = bytes.clone();
        flipped[200] ^= 0x55; // inside the data: the checksum no longer matches
        Path corrupt = dir.resolve("corrupt.npz");
        Files.write(corrupt, flipped);
        assertTrue(message(() -> Npz.read(corrupt)).contains("damaged"), message(() -> Npz.read(corrupt)));

        assertEquals(dir.resolve("missing.npz") + ": no such file", message(() -> Npz.read(dir.resolve("missing.npz"))));
    }

    @Test
    void atomicWriteLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("sub/out.npz");
        Npz.write(file, Map.of("a", NpyArray.int32(new int[] {1}, 1)));
        Npz.write(file, Map.of("a", NpyArray.int32(new int[] {2}, 1)));
        assertArrayEquals(new long[] {2}, Npz.read(file).get("a").toLongs("a"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count());
        }
        // A failing writer leaves the old file intact and no temporary behind.
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("disk full");
        }));
        assertArrayEquals(new long[] {2}, Npz.read(file).get("a").toLongs("a"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count());
        }
    }

    /** The same .npy image with one piece of its header text replaced by another of equal length. */
    private static byte[] withHeader(byte[] file, String from, String to) {
        String s = new String(file, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from);
        assertTrue(at > 0 && at < 128, "header contains " + from);
        String replaced = s.substring(0, at) + to + s.substring(at + from.length());
        if (to.length() != from.length()) {
            int headerEnd = replaced.indexOf('\n');
            int diff = to.length() - from.length();
            replaced = replaced.substring(0, headerEnd - diff) + replaced.substring(headerEnd); // keep the length by trimming padding
        }
        return replaced.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String message(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(InvalidInputException.class, e).getMessage();
    }
}
