package io.midicrate.names;

/**
 * One word or number of a path segment.
 *
 * @param raw    the characters as written (case kept: key detection needs it)
 * @param lower  {@code raw} lowercased
 * @param number true for an integer of digits only; {@link #value()} then holds it
 * @param decimal true for {@code 44.1}-style numbers (never a tempo unless labelled bpm)
 * @param glued  true when nothing separated it from the previous token ({@code 140} in {@code 140bpm}, {@code Hats} in {@code DarkHats})
 * @param before the separator character right before it ({@code '('}, {@code '_'}…), 0 when glued or first
 * @param after  the separator character right after it, 0 when something is glued to it or it is last
 */
record Token(String raw, String lower, boolean number, boolean decimal, int value, boolean glued, char before, char after) {

    boolean isWord() {
        return !number && !decimal;
    }

    /** Leading zero ({@code 01}, {@code 045}) marks track or pattern numbers, never tempos. */
    boolean leadingZero() {
        return number && raw.length() > 1 && raw.charAt(0) == '0';
    }
}
