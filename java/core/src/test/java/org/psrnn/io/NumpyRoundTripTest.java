package org.psrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.InvalidInputException;
import org.psrnn.testing.Python;

/** psrnn writes, numpy reads and checks, numpy writes, psrnn reads and checks (skips without numpy). */
class NumpyRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void roundTripWithNumpy() throws Exception {
        Python.requireNumpy();
        Map<String, NpyArray> arrays = expected();
        Npz.write(dir.resolve("java.npz"), arrays);
        assertEquals("ok", Python.run(Python.script("npy_roundtrip.py"), dir.toString()).strip());

        for (String name : new String[] {"py.npz", "py_compressed.npz"}) {
            Map<String, NpyArray> back = Npz.read(dir.resolve(name));
            assertEquals(arrays.keySet(), back.keySet(), name);
            for (String key : arrays.keySet()) {
                assertEquals(arrays.get(key).dtype(), back.get(key).dtype(), name + " " + key);
                assertArrayEquals(arrays.get(key).shape(), back.get(key).shape(), name + " " + key);
                assertArrayEquals(arrays.get(key).bytes(), back.get(key).bytes(), name + " " + key);
            }
        }
        String fortran = assertThrows(InvalidInputException.class,
                () -> Npy.read(Files.readAllBytes(dir.resolve("fortran.npy")), "fortran.npy")).getMessage();
        assertTrue(fortran.contains("Fortran order"), fortran);
        String complex = assertThrows(InvalidInputException.class,
                () -> Npy.read(Files.readAllBytes(dir.resolve("complex.npy")), "complex.npy")).getMessage();
        assertTrue(complex.contains("unsupported dtype '<c8'"), complex);
        assertArrayEquals(new double[] {1.5, -2.25, 3e10}, Npy.read(Files.readAllBytes(dir.resolve("bigendian.npy")), "b").toDoubles());
    }

    /** The arrays of expected() in npy_roundtrip.py. */
    private static Map<String, NpyArray> expected() {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        double[] f4 = new double[6];
        for (int i = 0; i < 6; i++) f4[i] = i * 0.5 - 1;
        a.put("f4", NpyArray.float32(f4, 2, 3));
        a.put("f8", NpyArray.float64(new double[] {Math.PI, -Math.E, 1e-300, 1e300}, 4));
        a.put("i4", NpyArray.int32(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 7}, 2, 2));
        a.put("i8", NpyArray.int64(new long[] {(1L << 62) + 3}));
        a.put("u1", NpyArray.uint8(new byte[] {0, 1, (byte) 128, (byte) 254, (byte) 255}, 5));
        a.put("b1", NpyArray.bool(new boolean[] {true, false, true}, 3));
        a.put("empty", NpyArray.float32(new double[0], 0, 3));
        return a;
    }
}
