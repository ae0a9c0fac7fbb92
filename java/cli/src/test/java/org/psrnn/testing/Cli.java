package org.psrnn.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.psrnn.cli.Main;

/** The command line in-process, as the launcher runs it. */
public final class Cli {
    private Cli() {}

    /** The exit code, standard output and standard error of one command line. */
    public record Result(int code, String out, String err) {}

    public static Result psrnn(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        return new Result(code, o.toString(), e.toString());
    }
}
