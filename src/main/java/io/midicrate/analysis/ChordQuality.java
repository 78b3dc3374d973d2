package io.midicrate.analysis;

import java.util.List;

/**
 * The chord qualities the recognizer names, with their intervals above the root. Ninths and larger are reduced to
 * their seventh chord (a C9 is a C7), as MIREX's "sevenths" vocabulary does.
 */
public enum ChordQuality {
    MAJOR("", "maj", 0, 4, 7),
    MINOR("m", "min", 0, 3, 7),
    DIMINISHED("dim", "dim", 0, 3, 6),
    AUGMENTED("aug", "aug", 0, 4, 8),
    SUS2("sus2", "sus2", 0, 2, 7),
    SUS4("sus4", "sus4", 0, 5, 7),
    SIXTH("6", "maj6", 0, 4, 7, 9),
    MINOR_SIXTH("m6", "min6", 0, 3, 7, 9),
    DOMINANT_SEVENTH("7", "7", 0, 4, 7, 10),
    MAJOR_SEVENTH("maj7", "maj7", 0, 4, 7, 11),
    MINOR_SEVENTH("m7", "min7", 0, 3, 7, 10),
    HALF_DIMINISHED("m7b5", "hdim7", 0, 3, 6, 10),
    DIMINISHED_SEVENTH("dim7", "dim7", 0, 3, 6, 9);

    private final String suffix;
    private final String harte;
    private final int[] intervals;

    ChordQuality(String suffix, String harte, int... intervals) {
        this.suffix = suffix;
        this.harte = harte;
        this.intervals = intervals;
    }

    /** The suffix after the root in a chord name: "", "m", "maj7", "m7b5"... (ASCII, typeable). */
    public String suffix() {
        return suffix;
    }

    /** The quality in Harte's chord syntax, as MIREX evaluation and mir_eval spell it. */
    public String harte() {
        return harte;
    }

    /** Semitones above the root, root first. */
    public int[] intervals() {
        return intervals.clone();
    }

    /** Whether the third is minor (min, dim, m6, m7, m7b5, dim7): the numeral is written in lower case. */
    public boolean minorThird() {
        for (int i : intervals) {
            if (i == 3) {
                return true;
            }
        }
        return false;
    }

    /** MIREX "majmin" reduction: the triad's major or minor third, or null for chords outside that vocabulary. */
    public ChordQuality majMin() {
        return switch (this) {
            case MAJOR, SIXTH, DOMINANT_SEVENTH, MAJOR_SEVENTH -> MAJOR;
            case MINOR, MINOR_SIXTH, MINOR_SEVENTH -> MINOR;
            default -> null;
        };
    }

    /** Every quality, longest suffix first, so a parser matches "m7b5" before "m7" before "m". */
    static final List<ChordQuality> BY_SUFFIX_LENGTH = List.of(HALF_DIMINISHED, DIMINISHED_SEVENTH, MAJOR_SEVENTH,
            MINOR_SEVENTH, MINOR_SIXTH, SUS2, SUS4, DIMINISHED, AUGMENTED, DOMINANT_SEVENTH, SIXTH, MINOR, MAJOR);
}
