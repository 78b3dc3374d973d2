package io.midicrate.batch;

/** A job that could not finish, told in one line (exit code 1); the stack trace, if any, is in the log. */
public class JobFailedException extends RuntimeException {
    public JobFailedException(String message) {
        super(message, null, false, false);
    }
}
