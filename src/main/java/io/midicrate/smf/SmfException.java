package io.midicrate.smf;

/** A file the parser rejects, with a typed family and a message for the error row. */
public class SmfException extends RuntimeException {
    private final SmfErrorFamily family;

    public SmfException(SmfErrorFamily family, String message) {
        super(message, null, false, false);
        this.family = family;
    }

    public SmfErrorFamily family() {
        return family;
    }
}
