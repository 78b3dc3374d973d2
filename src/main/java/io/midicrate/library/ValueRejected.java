package io.midicrate.library;

/**
 * A value read from a file that no column can hold faithfully, found while binding the file's rows: the file is
 * recorded with {@link #family()} and the rest of its chunk is written (a data error, like PostgreSQL's own).
 */
public class ValueRejected extends RuntimeException {
    private final ErrorFamily family;

    public ValueRejected(ErrorFamily family, String message) {
        super(message, null, false, false);
        this.family = family;
    }

    public ErrorFamily family() {
        return family;
    }
}
