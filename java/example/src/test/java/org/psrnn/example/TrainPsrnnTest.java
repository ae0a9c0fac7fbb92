package org.psrnn.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example runs as a user would run it: a run folder with weights, and one line per evaluation. */
class TrainPsrnnTest {
    @TempDir
    Path dir;

    @Test
    void theExampleTrainsARunAndSaysSo() throws Exception {
        PrintStream was = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            TrainPsrnn.main(new String[] {dir.resolve("run").toString()});
        } finally {
            System.setOut(was);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(5, text.lines().filter(l -> l.startsWith("iteration")).count(), text); // 0, 25, 50, 75, 100
        assertTrue(text.contains("completed after 100 iterations"), text);
        for (String f : new String[] {"config.json", "metrics.csv", "weights.npz", "checkpoint.npz", "summary.json"}) {
            assertTrue(Files.size(dir.resolve("run").resolve(f)) > 0, f);
        }
    }
}
