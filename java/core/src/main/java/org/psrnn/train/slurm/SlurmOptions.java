package org.psrnn.train.slurm;

import java.util.ArrayList;
import java.util.List;
import org.psrnn.InvalidInputException;

/**
 * The sbatch options a user gives with {@code --slurm "OPTIONS"} (partition, account, time,
 * memory, CPUs, GPUs ...), split into words as a POSIX shell splits them (quotes and backslashes
 * included). Those psrnn sets itself are refused: the array, the dependency between the jobs and
 * where the logs go.
 */
public record SlurmOptions(String given, List<String> words) {
    /** Options psrnn sets itself, long and short forms. */
    static final List<String> RESERVED = List.of("--array", "-a", "--dependency", "-d", "--output", "-o", "--error", "-e", "--open-mode",
            "--parsable", "--wait", "-W", "--wrap", "--test-only");
    /** Options that ask for GPUs: with one of them {@code --engine cuda} adds no {@code --gres=gpu:1}. */
    static final List<String> GPU = List.of("--gres", "--gpus", "-G", "--gpus-per-node", "--gpus-per-task", "--gpus-per-socket", "--tres-per-task");
    /** What {@code --engine cuda} asks for unless the options ask for GPUs themselves. */
    public static final String ONE_GPU = "--gres=gpu:1";

    public SlurmOptions {
        words = List.copyOf(words);
    }

    /** The options in {@code given} (null: none), checked. */
    public static SlurmOptions parse(String given) {
        if (given == null) return new SlurmOptions(null, List.of());
        List<String> words = split(given);
        for (String w : words) {
            String name = name(w);
            if (name != null && RESERVED.contains(name)) {
                throw new InvalidInputException("--slurm '" + given + "': " + name + " is set by psrnn compare itself (one array per phase, "
                        + "logs in the comparison's slurm/logs/); give the other sbatch options (--partition, --time, --mem, --gres ...)");
            }
        }
        return new SlurmOptions(given, words);
    }

    /** The option a word names ("--time" for "--time=1:00:00", "-o" for "-ofile"), or null for a value. */
    static String name(String word) {
        if (word.startsWith("--")) {
            int eq = word.indexOf('=');
            return eq < 0 ? word : word.substring(0, eq);
        }
        if (word.length() >= 2 && word.charAt(0) == '-' && Character.isLetter(word.charAt(1))) return word.substring(0, 2);
        return null;
    }

    /** Whether the options ask for GPUs themselves. */
    public boolean requestGpus() {
        return words.stream().map(SlurmOptions::name).anyMatch(GPU::contains);
    }

    /** The options of a training task: with {@code gpu}, one GPU unless the user's options ask for GPUs. */
    public List<String> forTasks(boolean gpu) {
        List<String> all = new ArrayList<>();
        if (gpu && !requestGpus()) all.add(ONE_GPU);
        all.addAll(words);
        return all;
    }

    /** {@code text} split into words as a POSIX shell does: blanks separate, quotes and backslashes group and escape. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) throw unterminated(text, '\'');
                w.append(text, i + 1, end);
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < text.length() && text.charAt(j) != '"'; j++) {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < text.length() && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) d = text.charAt(++j);
                    w.append(d);
                }
                if (j >= text.length()) throw unterminated(text, '"');
                i = j;
            } else if (c == '\\' && i + 1 < text.length()) {
                w.append(text.charAt(++i));
            } else {
                w.append(c);
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }

    private static InvalidInputException unterminated(String text, char quote) {
        return new InvalidInputException("--slurm '" + text + "': a " + quote + " is not closed (the options are split into words as a shell "
                + "splits them)");
    }
}
