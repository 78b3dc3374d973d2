package io.midicrate.analysis;

import java.util.Arrays;

/**
 * Tonic evidence from the chords ({@link ChordRecognizer}) added to the pitch-profile scores of {@link KeyEstimator}:
 * what tells A minor from C major when both use the same seven notes. For each of the 24 keys, in [0, 1] each:
 * <ul>
 *   <li>{@code tonic}: the share of chord time (beats) on the key's tonic chord, bar-line chords counted double;</li>
 *   <li>{@code first}: the first chord is the tonic chord, in a short file ({@link #SHORT_BEATS}, 16 bars of
 *       4/4): a chord pack starts on its tonic, a long piece's first chord often does not;</li>
 *   <li>{@code last}: the last chord is the tonic chord, unless the chords loop (a loop stops wherever the file
 *       ends);</li>
 *   <li>{@code cadence}: a dominant (V or V7, or viio / viio7 / viih7) followed by the tonic chord, V-I or V-i: 1
 *       when there is one, more ones up to a quarter of the changes adding nothing;</li>
 *   <li>{@code diatonic}: the share of chord time on chords whose triad lies in the key's scale (a minor key's with
 *       its raised seventh, so V and viio count; sevenths left out, so a blues I7 IV7 V7 is in its major key): the G
 *       major of Am F C G rules out F major;</li>
 *   <li>{@code leadingTone} (minor keys only): the share of chord time on the major dominant or the leading-tone
 *       diminished chords, the raised seventh that the relative major does not have.</li>
 * </ul>
 * Only files whose chords span at most {@link #CHORD_PACK_BEATS} beats get the evidence: chord packs and loops,
 * the files the profile gets wrong (a long piece keeps the profile's key).
 * The tonic chord is the root's triad in the key's mode or a chord holding it (I, I6, Imaj7, Isus in major; i, i6,
 * i7 in minor). Evidence is zero without chords, so the profile alone decides. Not thread-safe; one per analyser.
 */
public final class HarmonicKey {

    /** The weights of each kind of evidence, added to the profile score; chosen on the development parts. */
    /**
     * @param window only keys whose profile score is within this of the best profile score, and the best's relative
     *               key, get evidence: the chords decide between the keys the notes leave open (relative keys, which
     *               share their notes; keys a fifth apart), never for a key the notes clearly contradict
     */
    public record Params(double tonic, double first, double last, double cadence, double leadingTone, double diatonic,
                         double window) {
    }

    public static final Params DEFAULT = new Params(0.1, 0.5, 0, 0, 0.2, 0.6, 0.6);

    /** No evidence: the profile alone. */
    public static final Params NONE = new Params(0, 0, 0, 0, 0, 0, 0);

    /**
     * For each chord code, a bit per key (0-23) in whose scale all notes of its triad lie (minor: with the raised
     * seventh).
     */
    private static final int[] DIATONIC = new int[12 * 16];

    static {
        int major = 0b101010110101; // C D E F G A B as bits 0..11
        int minor = 0b110110101101; // C D Eb F G Ab Bb and the raised seventh B
        for (int root = 0; root < 12; root++) {
            for (ChordQuality q : ChordQuality.values()) {
                int chord = 0;
                int[] intervals = q.intervals();
                for (int i = 0; i < 3; i++) { // the triad: a blues I7 IV7 V7 is in its major key
                    chord |= 1 << ((root + intervals[i]) % 12);
                }
                int keys = 0;
                for (int k = 0; k < 24; k++) {
                    int scale = rotate(k < 12 ? major : minor, k % 12);
                    if ((chord & ~scale) == 0) {
                        keys |= 1 << k;
                    }
                }
                DIATONIC[root * 16 + q.ordinal()] = keys;
            }
        }
    }

    /** The relative key: A minor for C major and C major for A minor. */
    static int relative(int key) {
        return Keys.minor(key) ? Keys.index(Keys.tonic(key) + 3, false) : Keys.index(Keys.tonic(key) + 9, true);
    }

    private static int rotate(int pcs, int by) {
        return ((pcs << by) | (pcs >>> (12 - by))) & 0xFFF;
    }

    /**
     * Below this margin between the best key and its relative, the file does not say which of the two it is in
     * ({@link Analysis.KeyFacts#ambiguous}).
     */
    public static final double AMBIGUOUS_MARGIN = 0.25;

    /** Chords over at most this many beats (16 bars of 4/4) make a short file, whose first chord counts. */
    static final int SHORT_BEATS = 64;
    /**
     * Evidence is added only when the chords span at most this many beats (32 bars of 4/4): chord packs and loops.
     * A longer piece keeps the profile's key ({@code docs/harmony.md}: on the real files the chord evidence did not
     * improve it).
     */
    static final int CHORD_PACK_BEATS = 128;

    private static final ChordQuality[] QUALITIES = ChordQuality.values();

    private final Params params;
    private final double[] evidence = new double[24];
    private final double[] tonicBeats = new double[24];
    private final double[] diatonicBeats = new double[24];
    private final int[] cadences = new int[24];
    private final double[] leadingBeats = new double[12];
    private int[] sequence = new int[64];
    private final double[] combined = new double[24];
    private final double[] evidenceOut = new double[24];

    public HarmonicKey(Params params) {
        this.params = params;
    }

    public Params params() {
        return params;
    }

    /**
     * The key estimate from the notes: {@code estimator}'s profile scores for its last estimate ({@code profile}) plus
     * the chord evidence of {@code chords}' last recognition (same notes). No estimate when the profile gave none or
     * the notes hold fewer than two pitch classes (one note has no key).
     */
    public KeyEstimator.Estimate combine(KeyEstimator estimator, KeyEstimator.Estimate profile, ChordRecognizer chords) {
        if (profile.best() < 0) {
            return profile;
        }
        int pitchClasses = 0;
        for (double seconds : estimator.pitchClassSeconds()) {
            pitchClasses += seconds > 0 ? 1 : 0;
        }
        if (pitchClasses < 2) {
            return KeyEstimator.Estimate.NONE;
        }
        double[] scores = combined;
        estimator.scores(scores);
        Arrays.fill(evidenceOut, 0);
        addEvidence(chords, evidenceOut);
        double floor = profile.bestScore() - params.window();
        int relative = relative(profile.best());
        for (int k = 0; k < 24; k++) {
            if (scores[k] >= floor || k == relative) {
                scores[k] += evidenceOut[k];
            }
        }
        return KeyEstimator.Estimate.ofScores(scores);
    }

    /** Adds the chord evidence of {@code chords}' last recognition to {@code scores[24]}. */
    public void addEvidence(ChordRecognizer chords, double[] scores) {
        Arrays.fill(evidence, 0);
        Arrays.fill(tonicBeats, 0);
        Arrays.fill(diatonicBeats, 0);
        Arrays.fill(cadences, 0);
        Arrays.fill(leadingBeats, 0);
        int n = chords.segments();
        double total = 0;
        int plainBeats = 0;
        int firstCode = -1;
        int lastCode = -1;
        int previous = -1;
        int changes = 0;
        if (sequence.length < n) {
            sequence = new int[n];
        }
        int length = 0;
        for (int s = 0; s < n; s++) {
            int code = chords.code(s);
            if (code < 0) {
                continue;
            }
            plainBeats += chords.beats(s);
            double beats = chords.beats(s) * (chords.onBarLine(s) ? 2 : 1);
            total += beats;
            int root = code / 16;
            for (int keys = DIATONIC[code]; keys != 0; keys &= keys - 1) {
                diatonicBeats[Integer.numberOfTrailingZeros(keys)] += beats;
            }
            ChordQuality q = QUALITIES[code % 16];
            int major = tonicMode(q);
            if (major >= 0) {
                tonicBeats[root + (major == 1 ? 0 : 12)] += beats;
            }
            if (dominant(q)) {
                leadingBeats[(root + 5) % 12] += beats; // V of the minor key a fifth below
            } else if (leadingToneChord(q)) {
                leadingBeats[(root + 1) % 12] += beats;
            }
            if (previous != code) {
                sequence[length++] = code;
            }
            if (previous >= 0 && previous != code) {
                changes++;
                if (major >= 0) {
                    int key = root + (major == 1 ? 0 : 12);
                    int prevRoot = previous / 16;
                    ChordQuality pq = QUALITIES[previous % 16];
                    if ((dominant(pq) && prevRoot == (root + 7) % 12) || (leadingToneChord(pq) && prevRoot == (root + 11) % 12)) {
                        cadences[key]++;
                    }
                }
            }
            if (firstCode < 0) {
                firstCode = code;
            }
            lastCode = code;
            previous = code;
        }
        if (total == 0 || plainBeats > CHORD_PACK_BEATS) {
            return; // a long piece keeps the profile's key: on the real files the chords did not improve it
        }
        boolean looped = Progression.period(sequence, length) < length;
        // a chord pack starts on its tonic; a long piece's first chord says less
        int firstKey = plainBeats <= SHORT_BEATS ? tonicKey(firstCode) : -1;
        int lastKey = looped ? -1 : tonicKey(lastCode);
        double cadenceUnit = Math.max(1, changes / 4.0);
        for (int k = 0; k < 24; k++) {
            double e = params.tonic() * tonicBeats[k] / total + params.diatonic() * diatonicBeats[k] / total;
            if (k == firstKey) {
                e += params.first();
            }
            if (k == lastKey) {
                e += params.last();
            }
            if (cadences[k] > 0) {
                e += params.cadence() * (0.5 + 0.5 * Math.min(1, cadences[k] / cadenceUnit));
            }
            if (k >= 12) {
                e += params.leadingTone() * leadingBeats[k - 12] / total;
            }
            scores[k] += e;
        }
    }

    /** 1 when the quality can be a major key's tonic chord, 0 a minor key's, -1 neither. */
    private static int tonicMode(ChordQuality q) {
        return switch (q) {
            case MAJOR, SIXTH, MAJOR_SEVENTH, SUS2, SUS4 -> 1;
            case MINOR, MINOR_SIXTH, MINOR_SEVENTH -> 0;
            default -> -1;
        };
    }

    private static int tonicKey(int code) {
        int mode = tonicMode(QUALITIES[code % 16]);
        return mode < 0 ? -1 : code / 16 + (mode == 1 ? 0 : 12);
    }

    private static boolean dominant(ChordQuality q) {
        return q == ChordQuality.MAJOR || q == ChordQuality.DOMINANT_SEVENTH;
    }

    private static boolean leadingToneChord(ChordQuality q) {
        return q == ChordQuality.DIMINISHED || q == ChordQuality.DIMINISHED_SEVENTH || q == ChordQuality.HALF_DIMINISHED;
    }
}
