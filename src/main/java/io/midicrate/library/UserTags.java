package io.midicrate.library;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words a user may tag files with: letters, digits, '-' and '_', 1 to 64 characters, kept in lower case so that
 * "Dark" and "dark" are one tag. One rule for the CLI, the query language and the store's check.
 */
public final class UserTags {

    public static final int MAX_LENGTH = 64;

    private UserTags() {
    }

    /** The tag as stored, or an {@link IllegalArgumentException} whose message says what is wrong with it. */
    public static String normalise(String word) {
        String tag = word.strip();
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("a tag needs at least one letter or digit");
        }
        if (tag.codePointCount(0, tag.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("a tag has at most " + MAX_LENGTH + " characters, not "
                    + tag.codePointCount(0, tag.length()));
        }
        Set<String> bad = new TreeSet<>();
        tag.codePoints().filter(c -> !Character.isLetterOrDigit(c) && c != '-' && c != '_')
                .forEach(c -> bad.add(Character.isISOControl(c) || Character.isWhitespace(c)
                        ? String.format(Locale.ROOT, "U+%04X", c) : "'" + Character.toString(c) + "'"));
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("a tag holds letters, digits, '-' and '_' only, not "
                    + String.join(" ", bad));
        }
        return tag.toLowerCase(Locale.ROOT);
    }
}
