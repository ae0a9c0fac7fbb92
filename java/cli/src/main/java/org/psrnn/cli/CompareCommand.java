package org.psrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.psrnn.InvalidInputException;
import org.psrnn.analysis.Describe;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import org.psrnn.io.ConfigFile;
import org.psrnn.report.ComparisonReport;
import org.psrnn.report.Headline;
import org.psrnn.report.RunReport;
import org.psrnn.results.Metric;
import org.psrnn.results.Provenance;
import org.psrnn.rules.Preset;
import org.psrnn.train.Comparison;
import org.psrnn.train.ComparisonJson;
import org.psrnn.train.ComparisonSummary;
import org.psrnn.train.LearningRateSearch;
import org.psrnn.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Every rule x seed as a run, in parallel and resumable; statistics, paired tests and report.html. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train every rule on every seed (paired: seed s gives every rule the same initial weights and trials), "
                + "each rule at its best learning rate from a search unless lr is set, then write summary.csv, summary.json and "
                + "report.html. Runs already finished are not redone: run the same command again to continue an interrupted comparison.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions options = new RunOptions();

    @Option(names = "--rules", defaultValue = "bp,switch", paramLabel = "LIST", description = "rules to compare (default ${DEFAULT-VALUE})")
    String rules;

    @Option(names = "--seeds", defaultValue = "10", paramLabel = "K", description = "seeds per rule (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", paramLabel = "S", description = "seeds are S .. S+K-1 (default ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--out", paramLabel = "DIR", description = "the comparison's folder (default runs/compare-<task>)")
    Path out;

    @Option(names = "--parallel", paramLabel = "P", description = "runs at a time (default: one per core)")
    Integer parallel;

    @Option(names = "--lr-search", paramLabel = "LIST", description = "give each rule its best learning rate among LIST over --search-seeds other seeds: fewest diverged "
            + "runs, then lowest median trials to criterion, then lowest mean, then highest final performance (default " + DEFAULT_LR_SEARCH + " unless lr is set; "
            + "'none': no search)")
    String lrSearch;

    /**
     * The search when neither {@code --lr-search} nor {@code lr} is given: every rule gets its best rate
     * from the same small grid, the fairest default we can justify (docs/EXPERIMENTS.md). It reaches one
     * rate below the grid of those experiments, because bp's best there was the grid's lowest.
     */
    static final String DEFAULT_LR_SEARCH = "0.001,0.003,0.01,0.03";

    @Option(names = "--search-seeds", defaultValue = "3", paramLabel = "K", description = "seeds of the learning-rate search (default ${DEFAULT-VALUE}), "
            + "numbered from 1001 so they never coincide with the comparison's")
    int searchSeeds;

    @Option(names = "--executor", defaultValue = "local", paramLabel = "NAME", description = "where the runs train: local (this machine, "
            + "--parallel at a time; the default) or slurm (job arrays submitted with sbatch: one for the learning-rate search, one for "
            + "the runs, a last job for the summary; run the same command again to submit what is missing)")
    String executor;

    @Option(names = "--slurm", paramLabel = "OPTIONS", description = "with --executor slurm: sbatch options for every job, as one "
            + "string, e.g. \"--partition=gpu --time=2:00:00 --account=lab\" (--engine cuda asks for --gres=gpu:1 unless these ask for GPUs)")
    String slurm;

    @Option(names = "--max-parallel", paramLabel = "K", description = "with --executor slurm: at most K tasks of an array at a time")
    Integer maxParallel;

    @Option(names = "--wait", description = "with --executor slurm: wait, with a line from squeue as the runs progress, until the "
            + "summary is written, then print it")
    boolean await;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        org.psrnn.Check.positive("seeds", seeds);
        List<String> ruleList = new ArrayList<>();
        for (String r : rules.split(",")) {
            String rule = Preset.parse(r.strip()).key();
            if (ruleList.contains(rule)) throw new InvalidInputException("rules = '" + rules + "' names " + rule + " twice");
            ruleList.add(rule);
        }
        ConfigFile base = options.withSets(options.withOptions(options.file()));
        RunConfig probe = RunConfig.from(base);
        boolean onSlurm = SlurmCompare.chosen(executor, parallel, slurm, maxParallel, await);
        if (!onSlurm) { // on Slurm the engine is the nodes' business
            Engines.find(probe.engine());
            Engines.autoNotice(probe.engine()).ifPresent(n -> spec.commandLine().getOut().println("psrnn compare: " + n));
        }
        Path root = out != null ? out : Path.of("runs", "compare-" + probe.task());
        int par = parallel != null ? org.psrnn.Check.positive("parallel", parallel) : Runtime.getRuntime().availableProcessors();

        List<String> notes = new ArrayList<>();
        Map<String, Map<String, String>> perRule = new LinkedHashMap<>();
        LearningRateSearch.Result searched = null;
        try (Interruption interruption = new Interruption(spec.commandLine().getErr())) {
            String grid = searchGrid(lrSearch, base);
            if (grid != null) {
                org.psrnn.Check.positive("--search-seeds", searchSeeds);
                // Searching first would end, many runs later, in runs of another lr than the ones kept there.
                requireSameSearch(root, ruleList, grid);
            }
            int needed = ComparisonSummary.pairsNeeded(ComparisonSummary.ALPHA);
            if (seeds < needed && ruleList.size() > 1) {
                // Not a mistake (a quick look is worth having), but its "not significant" is known now, not after the runs.
                o.printf(Locale.ROOT, "psrnn compare: with %d seeds no paired test can reach p < %s (the smallest two-sided p of %d pairs "
                        + "is %s); at least %d seeds can (--seeds %d)%n", seeds, ComparisonSummary.ALPHA, seeds,
                        ComparisonSummary.smallestPText(seeds), needed, needed);
            }
            if (onSlurm) {
                List<String> args = spec.commandLine().getParseResult().originalArgs();
                return new SlurmCompare(o, base, ruleList, firstSeed, seeds, grid, searchSeeds, root, args)
                        .run(slurm, maxParallel, await, interruption.stop());
            }
            if (grid != null) {
                LearningRateSearch search = new LearningRateSearch(base, ruleList, grid, searchSeeds, root);
                if (lrSearch == null) {
                    o.println("psrnn compare: each rule's learning rate is searched first, over " + grid + " on seeds " + search.seedRange()
                            + " (" + search.jobs().size() + " runs); --set lr=X or --lr-search none to skip");
                }
                List<Comparison.Finished> searchRuns = new ArrayList<>();
                searched = search.run(par, o, interruption.stop(), new RunReport(), searchRuns);
                if (searched == null) return stopped(o, root, "the learning-rate search", search.jobs(), searchRuns);
                perRule.putAll(searched.settings());
                notes.addAll(searched.notes());
            }
            List<Comparison.Job> jobs = Comparison.plan(base, ruleList, firstSeed, seeds, root, perRule);
            List<Comparison.Finished> done = Comparison.run(jobs, par, o, interruption.stop(), new RunReport());
            if (done.size() < jobs.size()) return stopped(o, root, "the comparison", jobs, done);
            EngineProvider engine = Engines.find(probe.engine());
            writeOutputs(o, root, ruleList, probe, searched, notes, done, engine.name(), engine.description(),
                    spec.commandLine().getParseResult().originalArgs());
        }
        return 0;
    }

    /**
     * summary.csv, summary.json and report.html of a finished comparison, and its table on {@code o};
     * the provenance names {@code engine} on {@code device} and the command line {@code args}.
     */
    static void writeOutputs(PrintWriter o, Path root, List<String> ruleList, RunConfig probe, LearningRateSearch.Result searched,
                             List<String> notes, List<Comparison.Finished> done, String engine, String device, List<String> args)
            throws IOException {
        ComparisonSummary summary = ComparisonSummary.of(done, ruleList);
        summary.writeCsv(root.resolve("summary.csv"));
        Provenance prov = Provenance.here(engine, device, "psrnn " + String.join(" ", args));
        ComparisonJson.write(root.resolve("summary.json"), summary, probe, searched, prov);
        ComparisonReport.write(root.resolve("report.html"), summary, done, probe, prov, searched != null, notes);
        print(o, summary, done, root);
    }

    /** The learning rates to search ({@code null}: none), checked: positive numbers, and not together with a set {@code lr}. */
    static String searchGrid(String option, ConfigFile base) {
        if (option == null) return base.has("lr") ? null : DEFAULT_LR_SEARCH;
        if (option.strip().equalsIgnoreCase("none")) return null;
        if (base.has("lr")) {
            throw new InvalidInputException("--lr-search = '" + option + "' and lr (from --set or --config) both given: the search "
                    + "chooses lr, so give one of them (or --lr-search none)");
        }
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (String lr : option.split(",", -1)) {
            double rate;
            try {
                rate = org.psrnn.Check.positive("--lr-search entry", Double.parseDouble(lr.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--lr-search = '" + option + "': '" + lr.strip() + "' is not a number (a comma-separated "
                        + "list of positive rates, e.g. " + DEFAULT_LR_SEARCH + ", or none)");
            }
            if (!seen.add(rate)) throw new InvalidInputException("--lr-search = '" + option + "' names the rate " + lr.strip() + " twice");
        }
        return option.strip();
    }

    /**
     * A folder that already holds comparison runs must hold a search over the same rates: runs made
     * without a search, or after a search over another grid, may be at other rates than this search
     * chooses, which would only show after the whole search. Refused at once, saying what continues it.
     */
    static void requireSameSearch(Path root, List<String> rules, String grid) throws IOException {
        java.util.Set<Double> want = new java.util.TreeSet<>();
        for (String lr : grid.split(",")) want.add(Double.parseDouble(lr.strip()));
        boolean runs = rules.stream().anyMatch(r -> java.nio.file.Files.isDirectory(root.resolve(r)));
        Path search = root.resolve("lr-search");
        if (!java.nio.file.Files.isDirectory(search)) {
            if (runs) {
                throw new InvalidInputException(root + " holds a comparison made without a learning-rate search (run folders, no "
                        + "lr-search/): add --lr-search none to continue it as it was, or choose another --out");
            }
            return;
        }
        for (String rule : rules) {
            Path dir = search.resolve(rule);
            if (!java.nio.file.Files.isDirectory(dir)) continue;
            java.util.Set<Double> have = new java.util.TreeSet<>();
            java.util.List<String> names = new java.util.ArrayList<>();
            try (var list = java.nio.file.Files.list(dir)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith("lr")) continue;
                    try {
                        have.add(Double.parseDouble(name.substring(2)));
                        names.add(name.substring(2));
                    } catch (NumberFormatException e) {
                        // not a rate folder
                    }
                }
            }
            // Without kept comparison runs a search stopped part way continues over the rates given.
            if (runs && !have.isEmpty() && !have.equals(want)) {
                java.util.Collections.sort(names, java.util.Comparator.comparingDouble(Double::parseDouble));
                throw new InvalidInputException(root + " holds a learning-rate search of " + rule + " over " + String.join(",", names)
                        + ", not " + grid + ": give --lr-search " + String.join(",", names) + " to continue it, or choose another --out");
            }
        }
    }

    /** After a signal: what became of every run, and the command that continues, ready to paste. */
    private int stopped(PrintWriter o, Path root, String phase, List<Comparison.Job> jobs, List<Comparison.Finished> done) {
        // A folder without a finished run is one that trained part way (now or before) and kept its checkpoint.
        long partWay = jobs.stream().filter(j -> java.nio.file.Files.isDirectory(j.dir())).count() - done.size();
        long notStarted = jobs.size() - done.size() - partWay;
        o.printf(Locale.ROOT, "psrnn compare: %s stopped by a signal: %d of %d runs finished, %d stopped part way (%s), %d not started; "
                + "all kept in %s%n", phase, done.size(), jobs.size(), partWay, partWay == 1 ? "it continues from its checkpoint"
                : "they continue from their checkpoints", notStarted, root);
        o.println("continue with: " + Launcher.command(spec.commandLine().getParseResult().originalArgs()));
        o.flush();
        return TrainCommand.EXIT_INTERRUPTED;
    }

    static void print(PrintWriter o, ComparisonSummary s, List<Comparison.Finished> runs, Path root) {
        o.println();
        for (String line : Headline.text(s)) o.println(line);
        o.println();
        o.printf(Locale.ROOT, "%-28s", "");
        for (String rule : s.rules()) o.printf(Locale.ROOT, "%24s", rule);
        o.println();
        o.printf(Locale.ROOT, "%-28s", "learning rate");
        for (String rule : s.rules()) {
            o.printf(Locale.ROOT, "%24s", Comparison.learningRate(runs, rule));
        }
        o.println();
        // The trials to criterion below average the runs that reached it only: how many did belongs next to them.
        o.printf(Locale.ROOT, "%-28s", "reached / runs");
        for (String rule : s.rules()) {
            o.printf(Locale.ROOT, "%24s", s.of(rule).reached() + " / " + s.of(rule).runs());
        }
        o.println();
        o.printf(Locale.ROOT, "%-28s", "diverged");
        for (String rule : s.rules()) o.printf(Locale.ROOT, "%24d", s.of(rule).diverged());
        o.println();
        for (Metric metric : Metric.values()) {
            if (metric.psychometric() && s.rules().stream().allMatch(rule -> s.of(rule).of(metric).n() == 0)) continue; // a task without one
            o.printf(Locale.ROOT, "%-28s", metric.key());
            for (String rule : s.rules()) {
                Describe d = s.of(rule).of(metric);
                o.printf(Locale.ROOT, "%24s", d.n() == 0 ? "-" : d.n() == 1 || !Double.isFinite(d.sem())
                        ? String.format(Locale.ROOT, "%.4g", d.mean()) : String.format(Locale.ROOT, "%.4g +- %.2g", d.mean(), d.sem()));
            }
            o.println();
        }
        o.println("(mean +- s.e.m. over seeds; trials_to_criterion over the runs that reached the criterion)");
        o.println();
        o.println("outputs: " + root + "/ (summary.csv, summary.json, report.html, one run folder per rule and seed)");
        o.flush();
    }
}
