package org.psrnn.train.slurm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.psrnn.InvalidInputException;

/**
 * Slurm through its user commands, and only these: sbatch, squeue, scontrol and scancel (not
 * sacct, whose accounting database many clusters keep from their users). Which jobs are still
 * queued comes from squeue; how a run ended comes from its folder, never from Slurm.
 */
public class Slurm {
    /** Every command psrnn runs. */
    public static final List<String> COMMANDS = List.of("sbatch", "squeue", "scontrol", "scancel");
    /** Slurm's default largest array index + 1, when scontrol does not say. */
    static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

    /** A finished command: its exit code and what it wrote. */
    public record Reply(int code, String out, String err) {
        /** The first line of its error output, without sbatch's "sbatch: error: " prefix. */
        public String firstError() {
            String text = err.isBlank() ? out : err;
            String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit code " + code);
            for (String prefix : List.of("sbatch: ", "squeue: ", "scontrol: ", "scancel: ", "error: ")) {
                if (line.startsWith(prefix)) line = line.substring(prefix.length());
            }
            return line;
        }
    }

    /** One array task (or job) squeue lists: its job id, array index (null for a job that is no array) and state. */
    public record Queued(String job, Integer index, String state) {}

    /** Runs {@code command} and waits for it. */
    protected Reply run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        try {
            return new Reply(p.waitFor(), out, err.join());
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " was interrupted");
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Each of {@link #COMMANDS} must be on PATH: one line naming those that are not. */
    public void requireCommands() {
        List<String> missing = new ArrayList<>();
        for (String c : COMMANDS) if (!onPath(c)) missing.add(c);
        if (!missing.isEmpty()) {
            throw new InvalidInputException("--executor slurm needs Slurm's sbatch, squeue, scontrol and scancel on PATH, and "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not there (on a cluster, on its login "
                    + "node; some sites need 'module load slurm'); --executor local trains on this machine");
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return true;
        }
        return false;
    }

    /**
     * sbatch's verdict on a job with {@code options}, submitting nothing ({@code --test-only}):
     * a refusal is one line, "{@code what} is refused by sbatch: REASON".
     */
    public void check(List<String> options, String what) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--test-only"));
        cmd.addAll(options);
        cmd.add("--wrap=true");
        Reply r = call(cmd);
        if (r.code() != 0) throw new InvalidInputException(what + " is refused by sbatch: " + r.firstError());
    }

    /** Submits {@code script} with {@code options}; its job id. A refusal is one line with sbatch's reason. */
    public String submit(List<String> options, Path script) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(options);
        cmd.add(script.toString());
        Reply r = call(cmd);
        String id = r.out().strip();
        int semicolon = id.indexOf(';'); // "ID;CLUSTER" on a federation
        if (semicolon >= 0) id = id.substring(0, semicolon);
        if (r.code() != 0 || !id.matches("\\d+")) throw new InvalidInputException("sbatch refuses the job " + script + ": " + r.firstError());
        return id;
    }

    /** This user's queued (pending, running, completing ...) array tasks and jobs among {@code jobs}, one entry per task. */
    public List<Queued> queued(Collection<String> jobs) throws IOException {
        if (jobs.isEmpty()) return List.of();
        Reply r = call(List.of("squeue", "--noheader", "--array", "--user=" + System.getProperty("user.name"), "--format=%F %K %T"));
        if (r.code() != 0) throw new IOException("squeue failed: " + r.firstError());
        List<Queued> all = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 3 || !jobs.contains(f[0])) continue;
            all.add(new Queued(f[0], f[1].matches("\\d+") ? Integer.valueOf(f[1]) : null, f[2]));
        }
        return all;
    }

    /** Cancels job {@code id} (all its tasks). */
    public void cancel(String id) throws IOException {
        Reply r = call(List.of("scancel", id));
        if (r.code() != 0) throw new IOException("scancel " + id + " failed: " + r.firstError());
    }

    /** The cluster's MaxArraySize: array indices must be below it. */
    public int maxArraySize() throws IOException {
        Reply r = call(List.of("scontrol", "show", "config"));
        if (r.code() != 0) throw new InvalidInputException("scontrol show config failed: " + r.firstError());
        for (String line : r.out().lines().toList()) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[0].strip().equals("MaxArraySize")) {
                try {
                    return Integer.parseInt(kv[1].strip());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return DEFAULT_MAX_ARRAY_SIZE;
    }

    /** Runs one of Slurm's commands; one that cannot start is Slurm missing, said in one line. */
    private Reply call(List<String> command) throws IOException {
        try {
            return run(command);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Cannot run program")) requireCommands();
            throw e;
        }
    }
}
