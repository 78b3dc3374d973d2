package io.midicrate.analysis;

import java.util.Locale;

/**
 * Roman numerals of chords in a key, in ASCII so they can be typed ({@code docs/harmony.md} has the table).
 *
 * <ul>
 *   <li>The degree counts from the major scale in a major key and from the natural minor scale in a minor key, so
 *       {@code i VI III VII} is Am F C G in A minor and {@code I V vi IV} is C G Am F in C major. A root off the
 *       scale is written with {@code b} or {@code #} before the numeral ({@code bVII} in major, {@code #iv} in minor);
 *       the tritone is {@code #IV} in both modes.</li>
 *   <li>Diminished-family chords (dim, dim7, m7b5) on the seventh degree count from the leading tone in both modes:
 *       {@code viio}, {@code viio7}, {@code viih7} are G#dim, G#dim7, G#m7b5 in A minor (and Bdim... in C major), so a
 *       Gdim in A minor is {@code bviio}. A major or dominant chord on the fifth is {@code V} / {@code V7} in both.</li>
 *   <li>Case from the third: lower case for a minor third (min, dim, m6, m7, m7b5, dim7), upper case otherwise.</li>
 *   <li>Suffix by quality: dim {@code o}, aug {@code +}, {@code sus2}, {@code sus4}, 6 and m6 {@code 6}, 7 and m7
 *       {@code 7}, {@code maj7}, m7b5 {@code h7}, dim7 {@code o7}. {@link #parse} also reads {@code ø7}, {@code ø},
 *       {@code m7b5} and {@code °} for the half-diminished and diminished suffixes.</li>
 * </ul>
 * A numeral names the root-position chord; an inversion's numeral is its root position's (the bass is in the name).
 */
public final class RomanNumerals {

    private static final String[] UPPER = {"I", "II", "III", "IV", "V", "VI", "VII"};
    private static final int[] MAJOR_SCALE = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR_SCALE = {0, 2, 3, 5, 7, 8, 10};
    /** Degree (0-6) and accidental (-1, 0, +1) of each semitone above the tonic, major then minor. */
    private static final int[][] MAJOR_SPELLING = {{0, 0}, {1, -1}, {1, 0}, {2, -1}, {2, 0}, {3, 0}, {3, 1}, {4, 0},
            {5, -1}, {5, 0}, {6, -1}, {6, 0}};
    private static final int[][] MINOR_SPELLING = {{0, 0}, {1, -1}, {1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {4, 0},
            {5, 0}, {5, 1}, {6, 0}, {6, 1}};

    private RomanNumerals() {
    }

    /** A numeral read back: semitones above the tonic (0-11) and the quality. */
    public record Degree(int offset, ChordQuality quality) {
    }

    /** The numeral of {@code chord}'s root position in key {@code keyIndex} (as in {@link Keys}: 0-11 major, 12-23 minor). */
    public static String numeral(Chord chord, int keyIndex) {
        if (keyIndex < 0 || keyIndex > 23) {
            throw new IllegalArgumentException("not a key index: " + keyIndex);
        }
        boolean minorKey = Keys.minor(keyIndex);
        int offset = Math.floorMod(chord.root() - Keys.tonic(keyIndex), 12);
        ChordQuality q = chord.quality();
        int degree;
        int accidental;
        if (diminishedFamily(q) && (offset == 11 || offset == 10)) {
            degree = 6; // counted from the leading tone in both modes
            accidental = offset - 11;
        } else {
            int[] spelling = (minorKey ? MINOR_SPELLING : MAJOR_SPELLING)[offset];
            degree = spelling[0];
            accidental = spelling[1];
        }
        String roman = q.minorThird() ? UPPER[degree].toLowerCase(Locale.ROOT) : UPPER[degree];
        String prefix = accidental < 0 ? "b" : accidental > 0 ? "#" : "";
        return prefix + roman + suffix(q);
    }

    private static boolean diminishedFamily(ChordQuality q) {
        return q == ChordQuality.DIMINISHED || q == ChordQuality.DIMINISHED_SEVENTH || q == ChordQuality.HALF_DIMINISHED;
    }

    private static String suffix(ChordQuality q) {
        return switch (q) {
            case MAJOR, MINOR -> "";
            case DIMINISHED -> "o";
            case AUGMENTED -> "+";
            case SUS2 -> "sus2";
            case SUS4 -> "sus4";
            case SIXTH, MINOR_SIXTH -> "6";
            case DOMINANT_SEVENTH, MINOR_SEVENTH -> "7";
            case MAJOR_SEVENTH -> "maj7";
            case HALF_DIMINISHED -> "h7";
            case DIMINISHED_SEVENTH -> "o7";
        };
    }

    /**
     * Reads a numeral ({@code bVII}, {@code viio7}, {@code ii7}, {@code #ivh7}, {@code IVmaj7}); throws
     * {@link IllegalArgumentException} with a one-line message naming what it could not read.
     */
    public static Degree parse(String numeral, boolean minorKey) {
        if (numeral == null || numeral.isBlank()) {
            throw new IllegalArgumentException("not a numeral: empty (numerals look like I, ii7, bVII, viio7)");
        }
        String s = numeral.strip();
        int i = 0;
        int accidental = 0;
        while (i < s.length() && (s.charAt(i) == 'b' || s.charAt(i) == '#' || s.charAt(i) == '♭' || s.charAt(i) == '♯')) {
            accidental += s.charAt(i) == 'b' || s.charAt(i) == '♭' ? -1 : 1;
            i++;
        }
        int start = i;
        while (i < s.length() && (s.charAt(i) == 'I' || s.charAt(i) == 'V' || s.charAt(i) == 'i' || s.charAt(i) == 'v')) {
            i++;
        }
        String roman = s.substring(start, i);
        int degree = -1;
        for (int d = 0; d < UPPER.length; d++) {
            if (UPPER[d].equals(roman) || UPPER[d].toLowerCase(Locale.ROOT).equals(roman)) {
                degree = d;
            }
        }
        if (degree < 0) {
            throw new IllegalArgumentException("not a numeral: '" + numeral + "' (the degree is I to VII, upper or lower "
                    + "case, after an optional b or #)");
        }
        boolean lower = Character.isLowerCase(roman.charAt(0));
        String suffix = s.substring(i).replace("ø", "h").replace("°", "o");
        ChordQuality quality = switch (suffix) {
            case "" -> lower ? ChordQuality.MINOR : ChordQuality.MAJOR;
            case "o" -> ChordQuality.DIMINISHED;
            case "+" -> ChordQuality.AUGMENTED;
            case "sus2" -> ChordQuality.SUS2;
            case "sus4", "sus" -> ChordQuality.SUS4;
            case "6" -> lower ? ChordQuality.MINOR_SIXTH : ChordQuality.SIXTH;
            case "7" -> lower ? ChordQuality.MINOR_SEVENTH : ChordQuality.DOMINANT_SEVENTH;
            case "maj7", "M7" -> lower ? null : ChordQuality.MAJOR_SEVENTH;
            case "h7", "h", "m7b5" -> ChordQuality.HALF_DIMINISHED;
            case "o7" -> ChordQuality.DIMINISHED_SEVENTH;
            default -> null;
        };
        if (quality == null) {
            throw new IllegalArgumentException("not a numeral: '" + numeral + "' (suffixes: o + sus2 sus4 6 7 maj7 h7 o7; "
                    + "lower case for a minor third, and maj7 only on upper case)");
        }
        int base;
        if (degree == 6 && diminishedFamily(quality)) {
            base = 11; // the leading tone in both modes
        } else {
            base = (minorKey ? MINOR_SCALE : MAJOR_SCALE)[degree];
        }
        return new Degree(Math.floorMod(base + accidental, 12), quality);
    }

    /** The chord a numeral names in a key (root position). */
    public static Chord chord(String numeral, int keyIndex) {
        Degree d = parse(numeral, Keys.minor(keyIndex));
        return new Chord((Keys.tonic(keyIndex) + d.offset()) % 12, d.quality());
    }
}
