package io.midicrate.analysis;

import java.util.List;

/**
 * The harmony of a file: its chords over time, their numerals in the file's final key, and the progression they make.
 *
 * @param segments       chord segments in time order (a "no chord" segment has a null chord), the first
 *                       {@link #SEGMENT_CAP} only
 * @param segmentsTruncated whether the file had more segments than are kept
 * @param progression    the chord sequence with repeats collapsed and a loop reduced to its period; empty when the
 *                       file has no chords
 * @param distinctChords distinct root-position chords over the whole file as read (segments beyond the cap included;
 *                       the recognizer reads the first {@link ChordRecognizer#MAX_BEATS} beats)
 * @param chordCodes     {@link Chord#code} of every distinct root-position chord, ascending (what {@code chord:} finds)
 */
public record HarmonyFacts(List<ChordSegment> segments, boolean segmentsTruncated, Progression progression,
                           int distinctChords, int[] chordCodes) {

    public static final int SEGMENT_CAP = 512;

    public static final HarmonyFacts NONE = new HarmonyFacts(List.of(), false, Progression.EMPTY, 0, new int[0]);

    /**
     * One stretch of time under one chord.
     *
     * @param chord   the chord, null for "no chord" (nothing pitched sounds, or nothing chord-like)
     * @param numeral the chord's Roman numeral in the file's final key ({@link RomanNumerals}), null without a chord or key
     */
    public record ChordSegment(long startTick, long endTick, double startSeconds, double endSeconds, Chord chord,
                               String numeral) {
    }
}
