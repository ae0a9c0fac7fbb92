package org.psrnn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds a python3 with numpy for the cross-checks, and runs scripts with it; tests skip without one. */
public final class Python {
    private static final String[] CANDIDATES = {"python3", "/usr/bin/python3", "python"};
    private static String found;
    private static boolean searched;

    private Python() {}

    /** Whether a python3 with numpy is available. */
    public static synchronized boolean hasNumpy() {
        search();
        return found != null;
    }

    private static synchronized void search() {
        if (!searched) {
            searched = true;
            for (String c : CANDIDATES) {
                try {
                    Process p = new ProcessBuilder(c, "-c", "import numpy").redirectErrorStream(true).start();
                    if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        found = c;
                        break;
                    }
                } catch (IOException | InterruptedException ignored) {
                    // try the next one
                }
            }
        }
    }

    /** The python executable with numpy, or a skipped test with a message saying what is missing. */
    public static synchronized String requireNumpy() {
        search();
        Assumptions.assumeTrue(found != null, "skipped: no python3 with numpy found (install python3-numpy to run the numpy cross-checks)");
        return found;
    }

    /** Runs {@code script args...}; returns its standard output; fails the test with its output on a non-zero exit. */
    public static String run(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(requireNumpy());
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python timed out: " + cmd);
        }
        if (p.exitValue() != 0) throw new AssertionError("python failed (" + p.exitValue() + "): " + cmd + "\n" + out);
        return out;
    }

    /** A script kept in the repository under {@code java/core/src/test/python}, from a test of core or of cli. */
    public static Path script(String name) {
        for (Path dir : new Path[] {Path.of("src", "test", "python"), Path.of("..", "core", "src", "test", "python")}) {
            if (java.nio.file.Files.isRegularFile(dir.resolve(name))) return dir.resolve(name).toAbsolutePath();
        }
        throw new AssertionError("no test script " + name + " under java/core/src/test/python (working folder " + Path.of("").toAbsolutePath() + ")");
    }
}
