package io.midicrate.common;

/** Messages shown to a person: one line each. */
public final class Messages {

    private Messages() {
    }

    /** The first line of a message (an exit description may hold a stack trace after it). */
    public static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
