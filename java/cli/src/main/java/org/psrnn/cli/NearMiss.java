package org.psrnn.cli;

import java.util.ArrayList;
import java.util.List;
import org.psrnn.Keyed;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The words for a command line picocli could not parse. An unknown option or command gets the
 * nearest one the command knows, by the same measure as configuration keys, so that a typo is one
 * line that says what was meant.
 */
final class NearMiss {
    private NearMiss() {}

    /** What went wrong with the command line, with a suggestion for a near miss. */
    static String describe(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return ex.getMessage();
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String arg = u.getUnmatched().get(0);
        if (arg.startsWith("-")) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> names = new ArrayList<>();
            for (OptionSpec o : spec.options()) names.addAll(List.of(o.names()));
            return "unknown option '" + name + "'" + hint(Keyed.closest(name, names));
        }
        if (!spec.subcommands().isEmpty()) {
            return "unknown command '" + arg + "'" + hint(Keyed.closest(arg, spec.subcommands().keySet()));
        }
        return ex.getMessage();
    }

    private static String hint(String near) {
        return near == null ? "" : " (did you mean " + near + "?)";
    }
}
