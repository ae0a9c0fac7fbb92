package org.psrnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.psrnn.InvalidInputException;
import org.psrnn.results.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code psrnn} command line. Exit codes: 0 success, 1 failure, 2 a mistake in the user's input, 3 training diverged. */
@Command(name = "psrnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, resourceBundle = "org.psrnn.cli.KeyDefaults",
        description = "Train and analyse recurrent networks whose synapses switch between Hebbian and backprop learning.",
        subcommands = {DemoCommand.class, TrainCommand.class, CompareCommand.class, AnalyzeCommand.class, TasksCommand.class, StepCommand.class, KeysCommand.class, BenchCommand.class,
                DevicesCommand.class, RunTaskCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_DIVERGED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static {
        // Plots are drawn off-screen, also where a display exists.
        System.setProperty("java.awt.headless", "true");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            String what = NearMiss.describe(ex);
            ex.getCommandLine().getErr().println(command + ": " + what + (what.contains("did you mean") ? "" : " (see '" + command + " --help')"));
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            String command = commandLine.getCommandSpec().qualifiedName();
            if (ex instanceof InvalidInputException) {
                e.println(command + ": error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof org.psrnn.train.DivergedException) {
                e.println(command + ": error: " + ex.getMessage());
                return EXIT_DIVERGED;
            }
            if (ex instanceof org.psrnn.engine.EngineException) {
                e.println(command + ": error: " + ex.getMessage());
                return EXIT_FAILURE;
            }
            if (ex instanceof UncheckedIOException || ex instanceof IOException) {
                IOException io = ex instanceof UncheckedIOException u ? u.getCause() : (IOException) ex;
                e.println(command + ": error: " + describe(io));
                return EXIT_FAILURE;
            }
            e.println(command + ": internal error (please report it with the command that caused it):");
            ex.printStackTrace(e);
            return EXIT_FAILURE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** An I/O failure in words: which file, what happened. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) return "permission denied: " + a.getFile();
        if (e instanceof java.nio.file.NoSuchFileException n) return "no such file or folder: " + n.getFile();
        if (e instanceof java.nio.file.FileSystemException f) return f.getFile() + ": " + f.getReason();
        return e.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"psrnn " + Provenance.buildVersion() + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
        }
    }
}
