package io.midicrate.library;

/** A per-file failure with its family: recorded as an error row, never allowed to stop a run. */
public class FileProblem extends Exception {
    private final ErrorFamily family;

    public FileProblem(ErrorFamily family, String message) {
        super(message, null, false, false);
        this.family = family;
    }

    public ErrorFamily family() {
        return family;
    }

    /** A one-line description of an I/O or library exception for an error row. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
