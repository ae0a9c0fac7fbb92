package org.psrnn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The default experiment: a psRNN and a BP-only network on a working-memory task. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a psRNN and a BP-only RNN on delayed match-to-sample and compare them.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("psrnn demo: not yet available in this version: it arrives with the cognitive tasks and the"
                + " training loop. Available now: 'psrnn step' (one training iteration on saved files) and 'psrnn devices'.");
        return 0;
    }
}
