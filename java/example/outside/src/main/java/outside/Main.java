package outside;

import java.nio.file.Path;
import java.util.Map;
import org.psrnn.engine.Engines;
import org.psrnn.results.RunSummary;
import org.psrnn.train.Training;

/** Trains a small psRNN through psrnn-core's public API and checks what came back. */
public final class Main {
    public static void main(String[] args) throws Exception {
        var run = Training.of(Map.of("task", "gonogo", "rule", "switch", "hidden", "16", "batch", "8", "iterations", "20",
                "eval_every", "10", "engine", "reference")).overwrite(true).trainInto(Path.of(args[0]));
        RunSummary s = run.summary();
        if (s.iterations() != 20 || run.fingerprint().length() != 64) throw new IllegalStateException("unexpected run: " + s);
        System.out.println("outside project: trained " + s.task() + " with rule " + s.rule() + " on " + s.engine() + " ("
                + Engines.all().size() + " engines known); weights " + run.fingerprint());
    }
}
