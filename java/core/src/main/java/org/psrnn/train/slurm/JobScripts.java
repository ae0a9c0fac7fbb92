package org.psrnn.train.slurm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The batch scripts a comparison submits: {@code task.sh}, the array whose task I trains run I of
 * the plan, and {@code summary.sh}, the last job, which writes the summary and report. Each runs
 * psrnn with the Java, JVM options and class path of the psrnn that submitted it (absolute paths,
 * as the launcher starts it), so that a task needs nothing from its environment.
 */
public final class JobScripts {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private JobScripts() {}

    /** The array task's script: {@code java ... run-task --plan PLAN --index $SLURM_ARRAY_TASK_ID}. */
    public static String task(List<String> java, Path plan) {
        return "#!/bin/bash\n"
                + "# One task of the job array of psrnn compare --executor slurm: trains run $SLURM_ARRAY_TASK_ID of\n"
                + "# " + plan + " (psrnn run-task --help). A run stopped part way continues from its checkpoint.\n"
                + "exec " + line(java) + " run-task --plan " + quote(plan.toString()) + " --index \"$SLURM_ARRAY_TASK_ID\"\n";
    }

    /** The last job's script: {@code java ... run-task --plan PLAN --summary}. */
    public static String summary(List<String> java, Path plan) {
        return "#!/bin/bash\n"
                + "# The last job of psrnn compare --executor slurm: once every run has ended, summary.csv,\n"
                + "# summary.json and report.html of the comparison of " + plan + " (psrnn run-task --help).\n"
                + "exec " + line(java) + " run-task --plan " + quote(plan.toString()) + " --summary\n";
    }

    /**
     * The words that start psrnn as this JVM was started: its java, the JVM options the launcher
     * gives (the Vector API, native access, headless plots), every {@code psrnn.*} system property
     * (the source commit, the launcher's name, engine switches), {@code PSRNN_JAVA_OPTS} as it is
     * now, and this JVM's class path made absolute, then the main class {@code mainClass}.
     */
    public static List<String> java(String mainClass) {
        List<String> w = new ArrayList<>();
        w.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        w.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"));
        for (String key : new TreeSet<>(System.getProperties().stringPropertyNames())) {
            if (key.startsWith("psrnn.")) w.add("-D" + key + "=" + System.getProperty(key));
        }
        String opts = System.getenv("PSRNN_JAVA_OPTS");
        if (opts != null) for (String o : opts.strip().split("\\s+")) if (!o.isEmpty()) w.add(o);
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) cp.add(Path.of(e).toAbsolutePath().normalize().toString());
        }
        w.add("-cp");
        w.add(String.join(java.io.File.pathSeparator, cp));
        w.add(mainClass);
        return w;
    }

    /** Words as one shell command line. */
    static String line(List<String> words) {
        List<String> q = new ArrayList<>();
        for (String w : words) q.add(quote(w));
        return String.join(" ", q);
    }

    /** {@code word} as a shell reads it back: as it is, or single-quoted. */
    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Array indices as sbatch's --array takes them: "0-3,7,9-11". */
    public static String ranges(List<Integer> indices) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(indices));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
            if (s.length() > 0) s.append(',');
            s.append(sorted.get(i));
            if (j > i) s.append('-').append(sorted.get(j));
            i = j + 1;
        }
        return s.toString();
    }
}
