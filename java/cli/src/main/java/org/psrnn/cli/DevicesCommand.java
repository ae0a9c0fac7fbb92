package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.psrnn.engine.EngineProvider;
import org.psrnn.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists the engines, whether each can run here, and why not. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the engines available here and, for each unavailable one, why.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s %-12s %s%n", "engine", "status", "description");
        for (EngineProvider p : Engines.all()) {
            var why = p.unavailableReason();
            out.printf("%-10s %-12s %s%n", p.name(), why.isEmpty() ? "available" : "unavailable", p.description());
            for (String line : p.details()) out.printf("%-10s %-12s %s%n", "", "", line);
            why.ifPresent(reason -> out.printf("%-10s %-12s why: %s%n", "", "", reason));
        }
        out.printf("%nauto selects: %s%n", Engines.find(Engines.AUTO).name());
        return 0;
    }
}
