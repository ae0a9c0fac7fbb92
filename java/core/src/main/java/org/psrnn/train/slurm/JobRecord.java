package org.psrnn.train.slurm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.psrnn.io.AtomicFiles;

/**
 * The jobs a comparison has submitted, in {@code slurm/jobs.json}, oldest first: how a second
 * {@code psrnn compare} knows which of the jobs squeue lists are its own, so that it submits
 * only runs that are neither finished nor queued.
 */
public final class JobRecord {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The three kinds of job. */
    public static final String SEARCH = "lr-search", RUNS = "comparison", SUMMARY = "summary";

    /** One submitted job: its id, kind, the run indices of an array (null for the summary) and when. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Job(String job, String kind, String runs, String submitted) {}

    private final Path file;
    private final List<Job> jobs;

    private JobRecord(Path file, List<Job> jobs) {
        this.file = file;
        this.jobs = jobs;
    }

    /** The record of the comparison in {@code root}: empty when it has submitted nothing, or when the file cannot be read. */
    public static JobRecord of(Path root) {
        Path file = ComparisonPlan.folder(root).resolve("jobs.json");
        List<Job> jobs = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            try {
                jobs.addAll(List.of(JSON.readValue(file.toFile(), Job[].class)));
            } catch (IOException e) {
                // A damaged record forgets which jobs are ours: runs still queued may then be submitted twice, and the
                // second task of a run finds it finished or continues its checkpoint; nothing is lost.
            }
        }
        return new JobRecord(file, jobs);
    }

    public List<Job> jobs() {
        return List.copyOf(jobs);
    }

    /** The ids of every job recorded. */
    public List<String> ids() {
        return jobs.stream().map(Job::job).toList();
    }

    /** The kind of job {@code id}, or null. */
    public String kind(String id) {
        return jobs.stream().filter(j -> j.job().equals(id)).map(Job::kind).findFirst().orElse(null);
    }

    /** Records job {@code id} and writes the file at once, so that no job is submitted without being recorded for long. */
    public Job add(String id, String kind, String runs) throws IOException {
        Job job = new Job(id, kind, runs, Instant.now().toString());
        jobs.add(job);
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, JSON.writeValueAsString(jobs) + "\n");
        return job;
    }
}
