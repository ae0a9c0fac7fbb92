package org.psrnn.example;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.psrnn.train.Training;
import org.psrnn.train.TrainingRun;

/**
 * Trains a small psRNN (rule switch) on DelayMatchSample from Java, printing each evaluation, and
 * says where its weights are: what a program embedding psrnn-core looks like.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... org.psrnn.example.TrainPsrnn [FOLDER]</pre>
 */
public final class TrainPsrnn {
    private TrainPsrnn() {}

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "runs/example");
        TrainingRun.Outcome run = Training.of(Map.of("task", "dms", "rule", "switch", "hidden", "32", "batch", "16",
                        "iterations", "100", "eval_every", "25", "seed", "1"))
                .set("engine", "cpu")
                .overwrite(true)
                .onEvaluation((row, state, criterion) -> System.out.printf(Locale.ROOT,
                        "iteration %4d  performance %.3f  STRONG share %.3f%n", row.iteration(), row.performance(), row.strongFraction()))
                .trainInto(folder);
        Long trials = run.summary().trialsToCriterion();
        System.out.printf(Locale.ROOT, "%s after %d iterations; criterion %s; weights in %s (fingerprint %s)%n", run.summary().ending().key(),
                run.summary().iterations(), trials == null ? "not reached" : "reached after " + trials + " trials",
                run.dir().path("weights.npz"), run.fingerprint());
    }
}
