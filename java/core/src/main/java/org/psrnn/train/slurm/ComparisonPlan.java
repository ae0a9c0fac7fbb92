package org.psrnn.train.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.InvalidInputException;
import org.psrnn.io.ConfigFile;
import org.psrnn.train.Comparison;
import org.psrnn.train.LearningRateSearch;
import org.psrnn.train.RunConfig;

/**
 * A comparison written down for tasks that run elsewhere (Slurm's array tasks): its settings and
 * every run by index, the learning-rate search's first (0 .. S-1), then the comparison's, rule by
 * rule and seed by seed (S .. S+M-1). The runs are those the local executor trains, made by the
 * same code from the same settings; a comparison run's learning rate, where a search chooses it,
 * is read from the search's finished runs in the folder when the run starts. {@code
 * ROOT/slurm/plan.json} holds it, with each run's resolved configuration for the reader and as a
 * check: a run whose settings now give another configuration (an edited plan, another psrnn) is
 * refused rather than trained differently.
 */
public final class ComparisonPlan {
    /** The plan file's format; another is refused. */
    public static final int FORMAT = 1;

    private final Path root;
    private final List<String> command;
    private final Map<String, Object> settings;
    private final List<String> rules;
    private final long firstSeed;
    private final int seeds;
    private final String lrSearch;
    private final int searchSeeds;
    /** index -> the configuration the plan file lists (null for a plan not read from a file). */
    private final List<JsonNode> listed;
    private List<Comparison.Job> searchJobs;
    private final Map<String, Map<String, Map<String, String>>> chosen = new LinkedHashMap<>();

    ComparisonPlan(Path root, List<String> command, Map<String, Object> settings, List<String> rules, long firstSeed, int seeds,
                           String lrSearch, int searchSeeds, List<JsonNode> listed) {
        this.root = root.toAbsolutePath().normalize();
        this.command = List.copyOf(command);
        this.settings = settings;
        this.rules = List.copyOf(rules);
        this.firstSeed = firstSeed;
        this.seeds = seeds;
        this.lrSearch = lrSearch;
        this.searchSeeds = searchSeeds;
        this.listed = listed;
    }

    /**
     * The comparison of {@code rules} x {@code seeds} seeds from {@code firstSeed}, each run set up
     * as {@code base}, under {@code root}, after a search over {@code lrSearch} (null: none) on
     * {@code searchSeeds} seeds; {@code command} is the compare command line (summary provenance).
     */
    public static ComparisonPlan of(ConfigFile base, List<String> rules, long firstSeed, int seeds, String lrSearch, int searchSeeds,
                                    Path root, List<String> command) {
        return new ComparisonPlan(root, command, base.asMap(), rules, firstSeed, seeds, lrSearch, searchSeeds, null);
    }

    /** Where a comparison in {@code root} keeps its plan, job scripts, job record and logs. */
    public static Path folder(Path root) {
        return root.toAbsolutePath().normalize().resolve("slurm");
    }

    public Path root() {
        return root;
    }

    public Path file() {
        return folder(root).resolve("plan.json");
    }

    /** The log file name of a run's task, # standing for its index. */
    public static final String TASK_LOG = "task-#.log";

    /** Where the task of run {@code index} writes its output, all its attempts one after the other. */
    public Path log(int index) {
        return folder(root).resolve("logs").resolve(TASK_LOG.replace("#", Integer.toString(index)));
    }

    /** The compare command line after the program name, as given. */
    public List<String> command() {
        return command;
    }

    public List<String> rules() {
        return rules;
    }

    Map<String, Object> settings() {
        return settings;
    }

    long firstSeed() {
        return firstSeed;
    }

    int seeds() {
        return seeds;
    }

    String lrSearch() {
        return lrSearch;
    }

    int searchSeeds() {
        return searchSeeds;
    }

    /** The settings every run starts from. */
    public ConfigFile base() {
        return ConfigFile.fromMap(file().toString(), settings, RunConfig.allKeys());
    }

    /** The learning-rate search of {@code rules} (empty: no search). */
    private LearningRateSearch search(List<String> of) {
        return lrSearch == null ? null : new LearningRateSearch(base(), of, lrSearch, searchSeeds, root);
    }

    /** The whole search, or null where the comparison has none. */
    public LearningRateSearch search() {
        return search(rules);
    }

    /** The search's runs, indices 0 .. S-1. */
    public synchronized List<Comparison.Job> searchJobs() {
        if (searchJobs == null) searchJobs = lrSearch == null ? List.of() : search().jobs();
        return searchJobs;
    }

    /** The comparison's runs, indices S .. S+M-1, each rule with the settings of {@code perRule} (its chosen rate). */
    public List<Comparison.Job> runJobs(Map<String, Map<String, String>> perRule) {
        return Comparison.plan(base(), rules, firstSeed, seeds, root, perRule);
    }

    /** How many runs: the search's and the comparison's. */
    public int size() {
        return searchJobs().size() + rules.size() * seeds;
    }

    /** Which run index {@code index} is: its rule, seed and folder, and whether it belongs to the search. */
    public record Entry(int index, boolean search, String rule, long seed, Path dir) {
        /** "bp seed 3", or "bp lr 0.01 seed 1001" for a search run. */
        public String label() {
            String lr = search ? " lr " + dir.getParent().getParent().getFileName().toString().substring(2) : "";
            return rule + lr + " seed " + seed;
        }
    }

    public Entry entry(int index) {
        int s = searchJobs().size();
        if (index < 0 || index >= size()) {
            throw new InvalidInputException("--index " + index + " is not a run of " + file() + ": it has runs 0 to " + (size() - 1));
        }
        if (index < s) {
            Comparison.Job j = searchJobs().get(index);
            return new Entry(index, true, j.rule(), j.seed(), j.dir());
        }
        String rule = rules.get((index - s) / seeds);
        long seed = firstSeed + (index - s) % seeds;
        return new Entry(index, false, rule, seed, root.resolve(rule).resolve("seed" + seed));
    }

    /** Every run's entry, in index order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < size(); i++) all.add(entry(i));
        return all;
    }

    /**
     * Run {@code index}, configured: a comparison run at the rate its rule's search chose, read from
     * the search's runs in the folder ({@link SearchNotFinished} while one of them has not finished).
     */
    public Comparison.Job job(int index) {
        Entry e = entry(index);
        Comparison.Job job = e.search() ? searchJobs().get(index)
                : Comparison.plan(base(), List.of(e.rule()), e.seed(), 1, root, chosen(e.rule())).get(0);
        if (listed != null) requireListed(e, job.config().toMap());
        return job;
    }

    /** {rule: {lr: chosen}} from the search's finished runs of {@code rule}; empty without a search. */
    public synchronized Map<String, Map<String, String>> chosen(String rule) {
        LearningRateSearch search = search(List.of(rule));
        if (search == null) return Map.of();
        // Once a rule's search runs have all finished, its choice cannot change: it is read once.
        return chosen.computeIfAbsent(rule, r -> search.choose(finished(search.jobs())).settings());
    }

    /** The search's outcome over every rule (null without a search); {@link SearchNotFinished} while a run is missing. */
    public LearningRateSearch.Result searchResult() {
        LearningRateSearch search = search();
        return search == null ? null : search.choose(finished(searchJobs()));
    }

    private List<Comparison.Finished> finished(List<Comparison.Job> jobs) {
        List<Comparison.Finished> done = new ArrayList<>();
        for (Comparison.Job j : jobs) {
            if (!Comparison.finished(j.dir())) throw new SearchNotFinished(j);
            done.add(Comparison.read(j));
        }
        return done;
    }

    /** A comparison run cannot start yet: a search run of its rule has not finished. */
    public static final class SearchNotFinished extends RuntimeException {
        private final transient Comparison.Job job;

        SearchNotFinished(Comparison.Job job) {
            super("the learning-rate search run " + job.dir() + " has not finished, so " + job.rule() + "'s learning rate is not chosen yet");
            this.job = job;
        }

        public Comparison.Job job() {
            return job;
        }
    }

    private void requireListed(Entry e, Map<String, Object> config) {
        JsonNode want = listed.get(e.index());
        JsonNode have = PlanFile.tree(listedConfig(e, config));
        if (want.equals(have)) return;
        String key = "?";
        for (var it = have.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!have.get(k).equals(want.get(k))) {
                key = k + " = " + want.get(k) + " there, " + have.get(k) + " from its settings";
                break;
            }
        }
        throw new InvalidInputException(file() + ": run " + e.index() + " (" + e.label() + ") is listed with another configuration than "
                + "its settings give now (" + key + "): the plan was edited, or psrnn changed since it was written; run the same psrnn "
                + "compare again to write it anew");
    }

    /** What the plan lists for a run: its configuration, without the rate a search chooses. */
    Map<String, Object> listedConfig(Entry e, Map<String, Object> config) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        if (!e.search() && lrSearch != null) c.remove("lr");
        return c;
    }

    /** Writes the plan to {@link #file()} (atomically). */
    public void write() throws IOException {
        PlanFile.write(this);
    }

    /** Reads a plan file; a file that is not one is one line naming it and what is wrong. */
    public static ComparisonPlan read(Path file) {
        return PlanFile.read(file);
    }

    /** The same comparison: settings, runs and folder (the command line may differ). */
    public boolean sameAs(ComparisonPlan other) {
        return PlanFile.sameAs(this, other);
    }
}
