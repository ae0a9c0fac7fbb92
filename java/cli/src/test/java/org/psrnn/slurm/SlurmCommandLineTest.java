package org.psrnn.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.psrnn.testing.Cli.psrnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.testing.Cli.Result;

/** The mistakes {@code psrnn compare --executor slurm} refuses with or without Slurm: one line, exit 2, nothing written. */
class SlurmCommandLineTest {
    @TempDir
    Path dir;

    /** A machine without Slurm (PATH without sbatch): one line, exit 2, before anything is written. */
    @Test
    void withoutSlurmOnThePathItIsOneLine() throws Exception {
        Path out = dir.resolve("cmp");
        Path empty = Files.createDirectories(dir.resolve("bin"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "org.psrnn.cli.Main"));
        cmd.addAll(List.of(ComparisonPlanTest.args("compare", "--executor", "slurm", "--wait", "--out", out.toString())));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", empty.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes()), stderr = new String(p.getErrorStream().readAllBytes());
        assertEquals(2, p.waitFor(), stdout + stderr);
        List<String> lines = stderr.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        assertEquals(List.of("psrnn compare: error: --executor slurm needs Slurm's sbatch, squeue, scontrol and scancel on PATH, and sbatch, "
                + "squeue, scontrol, scancel are not there (on a cluster, on its login node; some sites need 'module load slurm'); "
                + "--executor local trains on this machine"), lines);
        assertFalse(stdout.contains("job"), stdout);
        assertFalse(Files.exists(out), "nothing written");
    }

    /** Options of the other executor, a bad executor or --slurm string: one line each, exit 2, nothing written, Slurm or not. */
    @Test
    void misusedOptionsAreOneLine() {
        Path out = dir.resolve("cmp");
        String[][] cases = {
            {"--executor pbs", "--executor = 'pbs' is not allowed: must be local or slurm"},
            {"--slurm --time=1:00", "--slurm goes with --executor slurm (the runs here train on this machine)"},
            {"--wait", "--wait goes with --executor slurm (the runs here train on this machine)"},
            {"--max-parallel 2", "--max-parallel goes with --executor slurm (the runs here train on this machine)"},
            {"--executor slurm --parallel 2", "--parallel is for --executor local; with --executor slurm, --max-parallel K limits how many "
                    + "tasks of an array run at a time"},
            {"--executor slurm --max-parallel 0", "--max-parallel = 0"},
            {"--executor slurm --slurm --array=0-9", "--slurm '--array=0-9': --array is set by psrnn compare itself"},
            {"--executor slurm --slurm --time='1:00", "--slurm '--time='1:00': a ' is not closed"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(ComparisonPlanTest.args("compare", "--out", out.toString())));
            String[] words = c[0].split(" ");
            for (int i = 0; i < words.length; i++) {
                // the value after --slurm is one argument
                args.add(words[i]);
            }
            Result r = psrnn(args.toArray(String[]::new));
            assertEquals(2, r.code(), c[0] + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("psrnn compare: error: " + c[1]), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), c[0] + ": nothing written");
        }
    }
}
