package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.testing.Cli.Result;

/**
 * The README's fingerprint: its short `psrnn train` command, run here, ends with the fingerprint the
 * README prints, as it must on any x86-64 machine at any thread count and vector width.
 */
class FingerprintTest {
    @TempDir
    Path dir;

    @Test
    void theReadmesTrainingRunHasTheReadmesFingerprint() throws Exception {
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        Matcher command = Pattern.compile("\\./psrnn (train [^\\n]*--out runs/fingerprint)").matcher(readme);
        assertTrue(command.find(), "README.md shows the fingerprint's command");
        Matcher printed = Pattern.compile("weights fingerprint \\(sha256 of weights\\.npz's arrays\\): ([0-9a-f]{64})").matcher(readme);
        assertTrue(printed.find(), "README.md shows the fingerprint");

        List<String> args = new ArrayList<>(List.of(command.group(1).replace("runs/fingerprint", dir.resolve("fp").toString()).split(" +")));
        Result r = psrnn(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("weights fingerprint (sha256 of weights.npz's arrays): " + printed.group(1)),
                "this machine computes other numbers than the README's:\n" + r.out());
        assertTrue(Files.readString(dir.resolve("fp/summary.json")).contains("\"weights_sha256\" : \"" + printed.group(1) + "\""));
    }
}
