package org.psrnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.psrnn.task.Task;
import org.psrnn.task.TaskConfig;
import org.psrnn.task.Tasks;
import org.psrnn.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists the cognitive tasks with their periods, codings and what counts as correct. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "List the cognitive tasks: periods, input coding, outputs, what counts as correct, the best performance "
                + "any network can reach and the default criterion (dt = 20 ms).")
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
            o.printf(Locale.ROOT, "  Chance %s; best achievable %.3f (an ideal observer of the inputs); default criterion %s.%n",
                    RunConfig.plain(t.chance()), t.ceiling(), RunConfig.plain(t.defaultCriterion()));
            o.println();
        }
        return 0;
    }
}
