package org.psrnn.robust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.psrnn.InvalidInputException;
import org.psrnn.io.ConfigFile;
import org.psrnn.io.NpyArray;
import org.psrnn.io.Npz;
import org.psrnn.io.StateFiles;
import org.psrnn.train.RunConfig;

/** Random bytes as files and random configurations: only the documented errors, never a crash. */
class FuzzTest {
    private static final Path TMP;

    static {
        try {
            TMP = Files.createTempDirectory("psrnn-fuzz");
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static byte[] validNpz() throws Exception {
        Path f = TMP.resolve("valid.npz");
        Npz.write(f, Map.of("W_rec", NpyArray.float64(new double[] {1, 2, 3, 4}, 2, 2), "S_rec", NpyArray.uint8(new byte[4], 2, 2)));
        return Files.readAllBytes(f);
    }

    /** Reading never fails with anything but InvalidInputException, whatever the bytes. */
    private static void readOnlyFailsCleanly(byte[] bytes) throws Exception {
        Path f = Files.createTempFile(TMP, "fuzz", ".npz");
        Files.write(f, bytes);
        try {
            Npz.read(f);
        } catch (InvalidInputException expected) {
            // the documented failure
        }
        try {
            StateFiles.readState(f);
        } catch (InvalidInputException expected) {
            // the documented failure
        } finally {
            Files.delete(f);
        }
    }

    @Property(tries = 300)
    void randomBytesAsNpz(@ForAll @Size(max = 2000) byte[] bytes) throws Exception {
        readOnlyFailsCleanly(bytes);
    }

    @Property(tries = 300)
    void corruptedValidNpz(@ForAll("flips") int[] flips) throws Exception {
        byte[] bytes = validNpz();
        for (int i = 0; i + 1 < flips.length; i += 2) bytes[Math.floorMod(flips[i], bytes.length)] = (byte) flips[i + 1];
        readOnlyFailsCleanly(bytes);
    }

    @Property(tries = 300)
    void truncatedValidNpz(@ForAll("lengths") int length) throws Exception {
        byte[] bytes = validNpz();
        readOnlyFailsCleanly(java.util.Arrays.copyOf(bytes, Math.min(length, bytes.length)));
    }

    @Provide
    Arbitrary<int[]> flips() {
        return Arbitraries.integers().array(int[].class).ofMinSize(2).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(0, 2000);
    }

    /** A configuration from random keys (known and unknown) and random values fails only with InvalidInputException. */
    @Property(tries = 500)
    void randomConfigurations(@ForAll("keys") java.util.List<String> keys, @ForAll("values") java.util.List<String> values) {
        ConfigFile c = ConfigFile.empty();
        try {
            for (int i = 0; i < Math.min(keys.size(), values.size()); i++) c = c.with(keys.get(i), values.get(i), RunConfig.allKeys(), "--set");
            RunConfig.from(c).shape();
        } catch (InvalidInputException expected) {
            // the documented failure
        }
    }

    @Provide
    Arbitrary<java.util.List<String>> keys() {
        Arbitrary<String> known = Arbitraries.of(RunConfig.allKeys().toArray(String[]::new));
        Arbitrary<String> unknown = Arbitraries.strings().alpha().ofMaxLength(8);
        return Arbitraries.oneOf(known, known, unknown).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<java.util.List<String>> values() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).map(String::valueOf),
                Arbitraries.integers().between(-5, 5000).map(String::valueOf),
                Arbitraries.of("relu", "tanh", "oja", "none", "stochastic", "dms", "bp", "true", "null", "\"x\"", "[1]", "{}", "1e400",
                        "NaN", "-0"),
                Arbitraries.strings().ofMaxLength(6)).list().ofMaxSize(6);
    }
}
