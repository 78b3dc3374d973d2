package io.midicrate.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * How a progression is stored for search and how a {@code prog:} query finds it, as plain text that a trigram index
 * serves with {@code LIKE}:
 * <ul>
 * <li>the <b>shape</b> writes each chord as the interval from the chord before it (one hex digit, {@code -} for the
 * first) and its quality (one letter), so "Am F C G" and "Em C G D" are both {@code " -b 8a 7a 7a "}: a run of
 * numerals or chords is found in every key, and whatever key the file was read in;</li>
 * <li>the <b>chords</b> are the names, for a query of exact chords ({@code " Am F C G "}).</li>
 * </ul>
 * A looped progression is written repeated ({@link #LOOP_SPAN}), so that every rotation of it, and a run longer than
 * one period, is a contiguous run of the text.
 */
public final class ProgressionSearch {

    /** A loop is repeated to at least twice its period and at least this many chords. */
    static final int LOOP_SPAN = 16;

    private ProgressionSearch() {
    }

    /** The stored shape text, with a space at each end; "" for no chords. */
    public static String shapeText(Progression progression) {
        return text(written(progression), true);
    }

    /** The stored chord names, with a space at each end; "" for no chords. */
    public static String chordText(Progression progression) {
        return text(written(progression), false);
    }

    /** The {@code LIKE} pattern that finds {@code run} (root-position chords) in a shape text, in any key. */
    public static String shapePattern(List<Chord> run) {
        StringBuilder b = new StringBuilder("% _").append(quality(run.get(0)));
        for (int i = 1; i < run.size(); i++) {
            b.append(' ').append(token(run.get(i - 1), run.get(i)));
        }
        return b.append(" %").toString();
    }

    /** The {@code LIKE} pattern that finds {@code run} by its chord names in a chord text. */
    public static String chordPattern(List<Chord> run) {
        StringBuilder b = new StringBuilder("%");
        for (Chord c : run) {
            b.append(' ').append(c.rootPosition().name());
        }
        return b.append(" %").toString();
    }

    private static List<Chord> written(Progression progression) {
        List<Chord> chords = progression.chords();
        if (!progression.looped() || chords.isEmpty()) {
            return chords;
        }
        List<Chord> repeated = new ArrayList<>();
        while (repeated.size() < 2 * chords.size() || repeated.size() < LOOP_SPAN) {
            repeated.addAll(chords);
        }
        return repeated;
    }

    private static String text(List<Chord> chords, boolean shape) {
        if (chords.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < chords.size(); i++) {
            b.append(' ');
            if (shape) {
                b.append(i == 0 ? "-" + quality(chords.get(0)) : token(chords.get(i - 1), chords.get(i)));
            } else {
                b.append(chords.get(i).rootPosition().name());
            }
        }
        return b.append(' ').toString();
    }

    private static String token(Chord previous, Chord chord) {
        return Character.forDigit(Math.floorMod(chord.root() - previous.root(), 12), 16) + "" + quality(chord);
    }

    private static char quality(Chord chord) {
        return (char) ('a' + chord.quality().ordinal());
    }
}
