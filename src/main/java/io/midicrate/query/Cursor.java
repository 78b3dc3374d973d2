package io.midicrate.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page starts (keyset paging): the last row's sort value and id, in the order the page was sorted.
 * Printed as an opaque token for {@code --after}; a page read after new files were imported neither skips nor
 * repeats a row.
 *
 * @param sort    the order it belongs to
 * @param section 0 while rows have a sort value, 1 in the rows without one (they come last, by id); for
 *                {@link Sort#RELEVANCE} 0 for name matches, 1 for the rest
 * @param value   the last row's sort value as text (null in section 1 of the value sorts, and for {@link Sort#RECENT})
 * @param id      the last row's content id
 */
public record Cursor(Sort sort, int section, String value, long id) {

    private static final char SEP = '\u001f';

    /** The token printed for {@code --after}. */
    public String token() {
        String text = sort.name() + SEP + section + SEP + id + SEP + (value == null ? "" : "v" + value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return token();
    }

    /** Reads a token printed by {@link #token()}; anything else is an operator error. */
    public static Cursor parse(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
            String[] parts = text.split(String.valueOf(SEP), 4);
            if (parts.length != 4) {
                throw new IllegalArgumentException("fields");
            }
            String value = parts[3].isEmpty() ? null : parts[3].substring(1);
            int section = Integer.parseInt(parts[1]);
            if (section != 0 && section != 1) {
                throw new IllegalArgumentException("section");
            }
            return new Cursor(Sort.valueOf(parts[0]), section, value, Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new SearchOptionException("{after} takes the cursor printed at the end of a page, not '" + token + "'");
        }
    }
}
