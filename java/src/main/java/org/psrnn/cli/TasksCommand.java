package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.psrnn.task.Task;
import org.psrnn.task.TaskConfig;
import org.psrnn.task.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists the cognitive tasks with their periods, codings and what counts as correct. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "List the cognitive tasks: periods, input coding, outputs and what counts as correct (dt = 20 ms).")
final class TasksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        for (Map.Entry<String, String> e : Tasks.names().entrySet()) {
            Task t = Tasks.create(e.getKey(), TaskConfig.DEFAULT);
            o.printf("%s (%s): %d inputs, %d outputs, %d steps, loss %s%n", t.name(), e.getValue(), t.inputs(), t.outputs(),
                    t.maxSteps(), t.loss().key());
            o.println("  " + t.description());
            o.println();
        }
        return 0;
    }
}
