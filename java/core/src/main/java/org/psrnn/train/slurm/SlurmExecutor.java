package org.psrnn.train.slurm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.psrnn.InvalidInputException;
import org.psrnn.io.AtomicFiles;
import org.psrnn.train.Comparison;
import org.psrnn.train.StopRequest;

/**
 * A comparison's runs as Slurm job arrays, through Slurm's own commands, nothing scheduled by
 * psrnn: one array for the learning-rate search, one for the comparison's runs that starts after
 * it (afterany: a run whose rule's search is incomplete says so in its log, the others train),
 * and a last job that writes the summary. Run again, it submits only what is neither finished in
 * the folder nor queued in Slurm, and a new last job in place of a pending one.
 */
public final class SlurmExecutor {
    /** How the jobs are submitted: the user's sbatch options, a GPU per task, at most K tasks at a time, the java command. */
    public record Settings(SlurmOptions options, boolean gpu, Integer maxParallel, List<String> java) {}

    /** Where the runs stand: finished in the folder, queued in Slurm (index -> squeue state), and which of the jobs are queued. */
    public record State(int size, Set<Integer> finished, Map<Integer, String> queued, Set<String> jobs, Set<String> summaries) {
        public boolean allFinished() {
            return finished.size() == size;
        }

        /** Runs neither finished nor queued: those to submit. */
        public List<Integer> missing() {
            List<Integer> m = new ArrayList<>();
            for (int i = 0; i < size; i++) if (!finished.contains(i) && !queued.containsKey(i)) m.add(i);
            return m;
        }

        /** Unfinished runs whose task squeue lists as running. */
        public long running() {
            return queued.entrySet().stream().filter(e -> !finished.contains(e.getKey()) && e.getValue().equals("RUNNING")).count();
        }

        /** Unfinished runs whose task squeue lists in another state: pending, mostly. */
        public long waiting() {
            return queued.keySet().stream().filter(i -> !finished.contains(i)).count() - running();
        }
    }

    private final Slurm slurm;
    private final ComparisonPlan plan;
    private final JobRecord record;
    private final PrintWriter log;
    /** Runs seen finished: a finished run stays finished, so its folder is read once. */
    private final Set<Integer> finished = new TreeSet<>();
    /** Runs named as ended unfinished. */
    private final Set<Integer> reported = new TreeSet<>();

    public SlurmExecutor(Slurm slurm, ComparisonPlan plan, PrintWriter log) {
        this.slurm = slurm;
        this.plan = plan;
        this.record = JobRecord.of(plan.root());
        this.log = log;
    }

    private Path logs() {
        return plan.log(0).getParent();
    }


    /** The state now: squeue first, then the folders, so that a task that ends in between counts as finished, not lost. */
    public State state() throws IOException {
        Map<Integer, String> queued = new TreeMap<>();
        Set<String> jobs = new LinkedHashSet<>(), summaries = new LinkedHashSet<>();
        for (Slurm.Queued q : slurm.queued(record.ids())) {
            jobs.add(q.job());
            if (JobRecord.SUMMARY.equals(record.kind(q.job()))) summaries.add(q.job());
            else if (q.index() != null) queued.put(q.index(), q.state());
        }
        for (ComparisonPlan.Entry e : plan.entries()) {
            if (!finished.contains(e.index()) && Comparison.finished(e.dir())) finished.add(e.index());
        }
        return new State(plan.size(), Set.copyOf(finished), queued, jobs, summaries);
    }

    /**
     * Everything that can refuse the submission, before any: queued jobs of another plan of this
     * folder (their indices would mean other runs), an index beyond the cluster's MaxArraySize,
     * and sbatch's verdict on the options ({@code --test-only}).
     */
    public void check(State s, Settings settings) throws IOException {
        if (!s.jobs().isEmpty() && Files.isRegularFile(plan.file()) && !ComparisonPlan.read(plan.file()).sameAs(plan)) {
            throw new InvalidInputException(plan.root() + " has jobs in Slurm (" + String.join(", ", s.jobs()) + ") of another plan (other "
                    + "rules, seeds or settings): let them end, or scancel them, before submitting this one");
        }
        int max = slurm.maxArraySize();
        if (plan.size() > max) {
            throw new InvalidInputException("the comparison has " + plan.size() + " runs, and this cluster's job arrays go up to index "
                    + (max - 1) + " (MaxArraySize " + max + "): split it into comparisons of at most " + max + " runs (fewer --seeds or "
                    + "--rules each, --first-seed to continue the seeds)");
        }
        SlurmOptions o = settings.options();
        String what = o.given() == null || o.given().isBlank() ? "a job" : "--slurm '" + o.given() + "'";
        if (settings.gpu() && !o.requestGpus()) what += " with " + SlurmOptions.ONE_GPU + " (for --engine cuda)";
        slurm.check(o.forTasks(settings.gpu()), what);
    }

    /**
     * Writes the plan and scripts, submits the missing runs (search array, then the comparison's
     * array after every search array still queued) and, when anything was submitted or no last
     * job is queued, a last job after all of them; a pending last job it replaces is cancelled.
     * Each job is recorded the moment it is submitted. Returns the jobs submitted.
     */
    public List<JobRecord.Job> submit(State s, Settings settings) throws IOException {
        Path folder = ComparisonPlan.folder(plan.root());
        Files.createDirectories(logs());
        plan.write();
        Path task = script(folder.resolve("task.sh"), JobScripts.task(settings.java(), plan.file()));
        Path summary = script(folder.resolve("summary.sh"), JobScripts.summary(settings.java(), plan.file()));
        int searchSize = plan.searchJobs().size();
        List<Integer> search = new ArrayList<>(), runs = new ArrayList<>();
        for (int i : s.missing()) (i < searchSize ? search : runs).add(i);
        Set<String> searchJobs = new LinkedHashSet<>(), arrays = new LinkedHashSet<>();
        for (String id : s.jobs()) {
            String kind = record.kind(id);
            if (JobRecord.SEARCH.equals(kind)) searchJobs.add(id);
            if (!JobRecord.SUMMARY.equals(kind)) arrays.add(id);
        }
        List<JobRecord.Job> submitted = new ArrayList<>();
        String name = "psrnn-" + plan.root().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (!search.isEmpty()) {
            JobRecord.Job job = array(search, Set.of(), settings, task, name + "-lr-search", JobRecord.SEARCH);
            searchJobs.add(job.job());
            arrays.add(job.job());
            submitted.add(job);
        }
        if (!runs.isEmpty()) {
            JobRecord.Job job = array(runs, searchJobs, settings, task, name, JobRecord.RUNS);
            arrays.add(job.job());
            submitted.add(job);
        }
        if (!submitted.isEmpty() || s.summaries().isEmpty()) {
            List<String> options = new ArrayList<>(List.of("--job-name=" + name + "-summary", "--output=" + logs().resolve("summary.log"),
                    "--open-mode=append"));
            if (!arrays.isEmpty()) options.add("--dependency=afterany:" + String.join(":", arrays));
            options.addAll(settings.options().words());
            submitted.add(record.add(slurm.submit(options, summary), JobRecord.SUMMARY, null));
            for (String old : s.summaries()) slurm.cancel(old); // replaced by the new last job, which waits for all
        }
        return submitted;
    }

    private JobRecord.Job array(List<Integer> indices, Set<String> after, Settings settings, Path script, String name, String kind)
            throws IOException {
        String spec = JobScripts.ranges(indices) + (settings.maxParallel() == null ? "" : "%" + settings.maxParallel());
        Path log = logs().resolve(ComparisonPlan.TASK_LOG.replace("#", "%a"));
        List<String> options = new ArrayList<>(List.of("--job-name=" + name, "--array=" + spec, "--output=" + log, "--open-mode=append"));
        if (!after.isEmpty()) options.add("--dependency=afterany:" + String.join(":", after));
        options.addAll(settings.options().forTasks(settings.gpu()));
        return record.add(slurm.submit(options, script), kind, JobScripts.ranges(indices));
    }

    private static Path script(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // sbatch runs the script with its #! interpreter either way
        }
        return file;
    }

    /**
     * Blocks until no job of the comparison is queued, printing a line from squeue whenever the
     * counts change and naming, with its log, each run whose task left the queue unfinished.
     * squeue is asked every second at first, then less often, at most every {@code maxPollSeconds}.
     * A request on {@code stop} (Ctrl-C) ends the wait at once, the jobs untouched: null then.
     */
    public State await(State start, int maxPollSeconds, StopRequest stop) throws IOException, InterruptedException {
        Set<Integer> seen = new TreeSet<>(start.queued().keySet());
        String last = null;
        long delay = 1000;
        int failures = 0;
        while (true) {
            State now;
            try {
                now = state();
                failures = 0;
            } catch (IOException e) {
                if (++failures >= 5) throw e;
                log.println("psrnn compare: " + e.getMessage() + "; trying again");
                log.flush();
                if (!pause(delay, stop)) return null;
                continue;
            }
            for (int i : seen) {
                if (!now.queued().containsKey(i) && !now.finished().contains(i) && reported.add(i)) log.println(unfinished(i));
            }
            seen.addAll(now.queued().keySet());
            String line = String.format(Locale.ROOT, "psrnn compare: %d of %d runs finished, %d running, %d waiting in Slurm%s",
                    now.finished().size(), now.size(), now.running(), now.waiting(), now.summaries().isEmpty() ? "" : "; then the summary");
            if (!line.equals(last)) log.println(line);
            last = line;
            log.flush();
            if (now.jobs().isEmpty()) return now;
            if (!pause(delay, stop)) return null;
            delay = Math.min(delay * 2, maxPollSeconds * 1000L);
        }
    }

    /** Sleeps {@code millis}, watching {@code stop}: false when it was requested. */
    private static boolean pause(long millis, StopRequest stop) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < until) {
            if (stop != null && stop.requested(0)) return false;
            Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000L)));
        }
        return stop == null || !stop.requested(0);
    }

    /** The unfinished runs of {@code s} not named yet, named: "run 3 (bp seed 2) ended unfinished: LAST LOG LINE (log: PATH)". */
    public List<String> unreported(State s) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) if (!s.finished().contains(i) && reported.add(i)) lines.add(unfinished(i));
        return lines;
    }

    /** "run 3 (bp seed 2) ended unfinished: LAST LOG LINE (log: PATH)". */
    public String unfinished(int index) {
        ComparisonPlan.Entry e = plan.entry(index);
        Path log = plan.log(index);
        String tail = "";
        try {
            List<String> lines = Files.isRegularFile(log) ? Files.readAllLines(log) : List.of();
            for (int k = lines.size() - 1; k >= 0 && tail.isEmpty(); k--) tail = lines.get(k).strip();
        } catch (IOException | java.io.UncheckedIOException ex) {
            tail = "";
        }
        return "psrnn compare: run " + index + " (" + e.label() + ") ended unfinished" + (tail.isEmpty() ? "" : ": " + tail) + " (log: " + log + ")";
    }
}
