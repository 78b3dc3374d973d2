package io.midicrate.common;

/** An operator's mistake (a missing folder, a bad option, nothing to restart): exit code 2, one line, no trace. */
public class OperatorException extends RuntimeException {
    public OperatorException(String message) {
        super(message, null, false, false);
    }
}
