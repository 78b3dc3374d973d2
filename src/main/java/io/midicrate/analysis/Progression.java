package io.midicrate.analysis;

import java.util.ArrayList;
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

    /**
     * The progression of a chord sequence ({@link Chord#code}s, repeats already collapsed): reduced to its shortest
     * period when the whole sequence repeats it (a partial last repeat allowed) at least once and two chords more,
     * else the sequence itself; capped at {@link #CAP}; numerals in {@code keyIndex} (-1: none).
     */
    public static Progression of(int[] codes, int length, int keyIndex) {
        if (length == 0) {
            return EMPTY;
        }
        int period = period(codes, length);
        boolean looped = period < length;
        int kept = Math.min(looped ? period : length, CAP);
        List<Chord> chords = new ArrayList<>(kept);
        List<String> numerals = new ArrayList<>(keyIndex < 0 ? 0 : kept);
        for (int i = 0; i < kept; i++) {
            Chord c = Chord.fromCode(codes[i]);
            chords.add(c);
            if (keyIndex >= 0) {
                numerals.add(RomanNumerals.numeral(c, keyIndex));
            }
        }
        return new Progression(List.copyOf(chords), List.copyOf(numerals), looped);
    }

    /**
     * The shortest p with {@code seq[i] == seq[i - p]} for every i, counted as a loop only when the sequence holds
     * a full period and at least half of the next, two chords at least ({@code length >= p + max(2, ceil(p / 2))}:
     * "C G Am F C G" loops, "C G Am F C" is one pass ending home); {@code length} when there is none.
     */
    static int period(int[] seq, int length) {
        for (int p = 1; p < length; p++) {
            if (length < p + Math.max(2, (p + 1) / 2)) {
                break;
            }
            boolean repeats = true;
            for (int i = p; i < length && repeats; i++) {
                repeats = seq[i] == seq[i - p];
            }
            if (repeats) {
                return p;
            }
        }
        return length;
    }
}
