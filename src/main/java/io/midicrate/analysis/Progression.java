package io.midicrate.analysis;

import java.util.List;

/**
 * A file's progression: its root-position chords with repeats collapsed, reduced to one period when the sequence
 * loops ("Am F C G" played four times is "Am F C G", looped), at most {@link #CAP} chords.
 *
 * @param chords   the chords, in order
 * @param numerals their Roman numerals in the file's final key, same length (empty when the file has no key)
 * @param looped   whether the file repeats this sequence (so any rotation of it is the same progression)
 */
public record Progression(List<Chord> chords, List<String> numerals, boolean looped) {

    public static final int CAP = 64;

    public static final Progression EMPTY = new Progression(List.of(), List.of(), false);

    /** "Am F C G". */
    public String chordText() {
        StringBuilder b = new StringBuilder();
        for (Chord c : chords) {
            (b.isEmpty() ? b : b.append(' ')).append(c.name());
        }
        return b.toString();
    }

    /** "i VI III VII", or "" without numerals. */
    public String numeralText() {
        return String.join(" ", numerals);
    }
}
