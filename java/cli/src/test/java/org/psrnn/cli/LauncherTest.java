package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Printed commands can be pasted: spelt as psrnn was started, each word as a shell reads it back. */
class LauncherTest {
    @Test
    void withoutTheLaunchersNameItIsPsrnn() {
        String before = System.getProperty(Launcher.PROPERTY);
        System.clearProperty(Launcher.PROPERTY);
        try {
            assertEquals("psrnn compare --seeds 3", Launcher.command(List.of("compare", "--seeds", "3")));
        } finally {
            if (before != null) System.setProperty(Launcher.PROPERTY, before);
        }
    }

    /** bash itself splits the printed line: every word comes back as given, blanks and quotes included. */
    @Test
    void aShellReadsBackEveryWordAsGiven() throws Exception {
        String before = System.getProperty(Launcher.PROPERTY);
        System.setProperty(Launcher.PROPERTY, "/opt/my tools/psrnn");
        try {
            List<String> args = List.of("compare", "--out", "runs/it's mine", "--set", "lr=0.01", "--rules", "bp,switch", "a$b*", "");
            String line = Launcher.command(args);
            Process p = new ProcessBuilder("bash", "-c", "set -- " + line + "; printf '%s\\n' \"$@\"").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            List<String> want = new ArrayList<>(List.of("/opt/my tools/psrnn"));
            want.addAll(args);
            assertEquals(want, out.lines().toList(), line);
        } finally {
            if (before != null) System.setProperty(Launcher.PROPERTY, before);
            else System.clearProperty(Launcher.PROPERTY);
        }
    }
}
