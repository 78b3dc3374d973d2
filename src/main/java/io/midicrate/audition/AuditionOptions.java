package io.midicrate.audition;

import io.midicrate.common.OperatorException;

/**
 * How to render a preview: shift pitched notes by {@code transpose} semitones (drums never move), play at
 * {@code bpm} (null: the file's own tempo; the MIDI tempo changes, the audio is not stretched), what to do with the
 * drums, and how much: the first {@code bars} bars or {@code maxSeconds}, whichever ends first.
 */
public record AuditionOptions(int transpose, Double bpm, Drums drums, int bars, double maxSeconds) {

    public static final int DEFAULT_BARS = 8;
    public static final double DEFAULT_SECONDS = 30;
    public static final double MAX_BPM = 999;

    public AuditionOptions {
        if (transpose < -48 || transpose > 48) {
            throw new OperatorException("transpose by -48..48 semitones, not " + transpose);
        }
        if (bpm != null && (!(bpm > 0) || bpm > MAX_BPM)) {
            throw new OperatorException("a tempo is above 0 and at most 999 BPM, not " + bpm);
        }
        if (bars < 1) {
            throw new OperatorException("--bars takes a count of at least 1, not " + bars);
        }
        if (!(maxSeconds > 0)) {
            throw new OperatorException("a preview lasts more than 0 seconds, not " + maxSeconds);
        }
        drums = drums == null ? Drums.PLAY : drums;
    }

    /** The default preview: 8 bars or 30 s as the file plays. */
    public static AuditionOptions defaults() {
        return new AuditionOptions(0, null, Drums.PLAY, DEFAULT_BARS, DEFAULT_SECONDS);
    }

    /**
     * The semitones from one key to another by the smallest interval (-5..+6); keys as
     * {@link io.midicrate.analysis.Keys} indexes them (0..11 major, 12..23 minor). Across modes the target's
     * relative key is meant (a minor loop asked for C major goes to A minor: the same notes fit the song).
     */
    public static int interval(int fromKey, int toKey) {
        int toTonic = toKey % 12;
        boolean fromMinor = fromKey >= 12;
        boolean toMinor = toKey >= 12;
        if (fromMinor && !toMinor) {
            toTonic += 9;
        } else if (!fromMinor && toMinor) {
            toTonic += 3;
        }
        int up = ((toTonic - fromKey % 12) % 12 + 12) % 12;
        return up > 6 ? up - 12 : up;
    }
}
