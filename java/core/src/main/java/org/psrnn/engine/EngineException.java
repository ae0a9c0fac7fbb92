package org.psrnn.engine;

/**
 * An engine could not do what was asked for a reason outside the user's input: a device error,
 * too little device memory, a library that does not match. The message says what happened and,
 * where there is one, what to do; the command line prints it as one line and exits with code 1.
 */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
