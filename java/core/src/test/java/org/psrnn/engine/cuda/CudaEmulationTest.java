package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulated device's own C-level tests, built by native-build/build.sh with g++ (no GPU or
 * nvcc needed): emu_selftest (barriers, shuffles, ballots, shared and device memory, occupancy,
 * capture and replay against host results, and every misuse it must stop, each planted in a child
 * process) and emu_engine_check (the C API on it: tiled, persistent and blocked forms agree and
 * repeat bit for bit, the other kernel paths run), in random fiber order on three SMs. cuda/emu/check.sh
 * runs both under ASan and UBSan in every order and several SM counts.
 */
class CudaEmulationTest {
    @TempDir
    Path dir;

    private static Path program(String name) {
        Path p = Path.of(System.getProperty("psrnn.native.dir", "target/native")).resolve(name);
        if (!Files.isExecutable(p)) {
            if (Boolean.getBoolean("psrnn.skipNative")) Assumptions.abort("-Dpsrnn.skipNative: " + p + " is not built");
            boolean compiler = onPath(System.getenv().getOrDefault("CXX", "g++"));
            if (compiler) fail(p + " is missing although a C++ compiler is here: native-build/build.sh should have built it");
            Assumptions.abort("no C++ compiler, so native-build/build.sh could not build " + p);
        }
        return p;
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    /** Runs the program with the emulation's settings and returns its output; it must exit 0 with no FAIL line. */
    private String run(String name, String order, String sms) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(program(name).toString()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PSRNN_EMU_ORDER", order);
        pb.environment().put("PSRNN_EMU_SMS", sms);
        Process p = pb.start();
        boolean finished = p.waitFor(300, TimeUnit.SECONDS);
        if (!finished) p.destroyForcibly();
        assertTrue(finished, name + " finished");
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), name + ":\n" + text);
        assertTrue(!text.contains("FAIL") && text.contains(" passed, 0 failed"), name + ":\n" + text);
        return text;
    }

    @Test
    void theEmulationPassesItsOwnTestAndStopsEveryPlantedMisuse() throws Exception {
        String text = run("emu_selftest", "2", "3");
        assertTrue(text.contains("caught a full-mask shuffle in a divergent branch"), text);
    }

    @Test
    void theLibraryOnTheEmulatedDeviceAgreesWithItselfAcrossForms() throws Exception {
        String text = run("emu_engine_check", "2", "3");
        assertTrue(text.contains("the library says it is emulated"), text);
    }
}
