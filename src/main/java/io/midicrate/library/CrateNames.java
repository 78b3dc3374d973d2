package io.midicrate.library;

import io.midicrate.common.OperatorException;

/** What a crate may be called: one rule for the CLI and the web page. */
public final class CrateNames {

    public static final int MAX_LENGTH = 200;

    private CrateNames() {
    }

    /** The name as stored (stripped), or an operator error saying what is wrong with it. */
    public static String check(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new OperatorException("a crate needs a name");
        }
        if (n.length() > MAX_LENGTH) {
            throw new OperatorException("a crate name has at most " + MAX_LENGTH + " characters, not " + n.length());
        }
        if (n.contains(",")) {
            throw new OperatorException("a crate name without ',' (it separates alternatives in crate:A,B): '" + n + "'");
        }
        if (n.codePoints().anyMatch(Character::isISOControl)) {
            throw new OperatorException("a crate name without control characters");
        }
        return n;
    }
}
