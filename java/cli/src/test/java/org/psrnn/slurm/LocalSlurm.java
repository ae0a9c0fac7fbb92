package org.psrnn.slurm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Slurm the cluster tests submit to: the one SLURM_CONF (or Slurm's default configuration)
 * names, such as the one-node cluster {@code .ci/local-slurm.sh start} runs on this machine. Where
 * none answers, those tests skip and say why.
 */
final class LocalSlurm {
    /** Why no Slurm answers here, or null when one does. */
    static final String ABSENT = probe();

    private LocalSlurm() {}

    private static String probe() {
        try {
            Process p = new ProcessBuilder("scontrol", "ping").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "scontrol ping did not answer within 15 s";
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.exitValue() != 0 || !out.contains("UP")) return "scontrol ping: " + out.lines().findFirst().orElse("exit " + p.exitValue());
            return null;
        } catch (IOException e) {
            return "no scontrol on PATH";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Skips the calling test where no Slurm answers. */
    static void assume() {
        Assumptions.assumeTrue(ABSENT == null, "no Slurm to submit to (" + ABSENT + "); the Slurm tests skip: .ci/local-slurm.sh start "
                + "runs one on this machine, then export SLURM_CONF as it prints");
    }

    /** Runs one of Slurm's commands; its output. */
    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", command) + ": " + out);
        return out;
    }

    /** The tasks and jobs among {@code jobs} that squeue lists: "JOB INDEX STATE" each. */
    static List<String> queued(List<String> jobs) throws Exception {
        List<String> mine = new ArrayList<>();
        for (String line : run("squeue", "--noheader", "--array", "--format=%F %K %T").lines().toList()) {
            if (jobs.contains(line.strip().split("\\s+")[0])) mine.add(line.strip());
        }
        return mine;
    }

    /** Waits (up to {@code seconds}) until none of {@code jobs} is queued. */
    static void awaitGone(List<String> jobs, int seconds) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!queued(jobs).isEmpty()) {
            if (System.nanoTime() > until) throw new AssertionError("still queued after " + seconds + " s: " + queued(jobs));
            Thread.sleep(500);
        }
    }
}
