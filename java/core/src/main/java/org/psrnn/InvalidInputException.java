package org.psrnn;

/**
 * A mistake in what the user gave psrnn: a configuration value, a file, a shape. The command line
 * reports it as one line and exits with code 2, without a stack trace; the message must name the
 * key, file or array, the value, and what is allowed.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same error with a prefix saying where it came from, such as a file name. */
    public InvalidInputException within(String where) {
        return new InvalidInputException(where + ": " + getMessage(), this);
    }
}
