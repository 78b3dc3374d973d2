package io.midicrate.analysis;

import java.util.Arrays;

/**
 * Tonic evidence from the chords ({@link ChordRecognizer}) added to the pitch-profile scores of {@link KeyEstimator}:
 * what tells A minor from C major when both use the same seven notes. For each of the 24 keys, in [0, 1] each:
 * <ul>
 *   <li>{@code tonic}: the share of chord time (beats) on the key's tonic chord, bar-line chords counted double;</li>
 *   <li>{@code first} and {@code last}: the first and last chord is the tonic chord;</li>
 *   <li>{@code cadence}: a dominant (V or V7, or viio / viio7 / viih7) followed by the tonic chord, V-I or V-i: 1
 *       when there is one, more ones up to a quarter of the changes adding nothing;</li>
 *   <li>{@code leadingTone} (minor keys only): the share of chord time on the major dominant or the leading-tone
 *       diminished chords, the raised seventh that the relative major does not have.</li>
 * </ul>
 * The tonic chord is the root's triad in the key's mode or a chord holding it (I, I6, Imaj7, Isus in major; i, i6,
 * i7 in minor). Evidence is zero without chords, so the profile alone decides. Not thread-safe; one per analyser.
 */
public final class HarmonicKey {

    /** The weights of each kind of evidence, added to the profile score; chosen on the development parts. */
    public record Params(double tonic, double first, double last, double cadence, double leadingTone) {
    }

    public static final Params DEFAULT = new Params(0.3, 0.15, 0.2, 0.2, 0.4);

    /** No evidence: the profile alone. */
    public static final Params NONE = new Params(0, 0, 0, 0, 0);

    private final Params params;
    private final double[] evidence = new double[24];
    private final double[] tonicBeats = new double[24];
    private final int[] cadences = new int[24];
    private final double[] leadingBeats = new double[12];

    public HarmonicKey(Params params) {
        this.params = params;
    }

    public Params params() {
        return params;
    }

    /** Adds the chord evidence of {@code chords}' last recognition to {@code scores[24]}. */
    public void addEvidence(ChordRecognizer chords, double[] scores) {
        Arrays.fill(evidence, 0);
        Arrays.fill(tonicBeats, 0);
        Arrays.fill(cadences, 0);
        Arrays.fill(leadingBeats, 0);
        int n = chords.segments();
        double total = 0;
        int firstCode = -1;
        int lastCode = -1;
        int previous = -1;
        int changes = 0;
        for (int s = 0; s < n; s++) {
            int code = chords.code(s);
            if (code < 0) {
                continue;
            }
            double beats = chords.beats(s) * (chords.onBarLine(s) ? 2 : 1);
            total += beats;
            int root = code / 16;
            ChordQuality q = ChordQuality.values()[code % 16];
            int major = tonicMode(q);
            if (major >= 0) {
                tonicBeats[root + (major == 1 ? 0 : 12)] += beats;
            }
            if (dominant(q)) {
                leadingBeats[(root + 5) % 12] += beats; // V of the minor key a fifth below
            } else if (leadingToneChord(q)) {
                leadingBeats[(root + 1) % 12] += beats;
            }
            if (previous >= 0 && previous != code) {
                changes++;
                if (major >= 0) {
                    int key = root + (major == 1 ? 0 : 12);
                    int prevRoot = previous / 16;
                    ChordQuality pq = ChordQuality.values()[previous % 16];
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
        if (total == 0) {
            return;
        }
        int firstKey = tonicKey(firstCode);
        int lastKey = tonicKey(lastCode);
        double cadenceUnit = Math.max(1, changes / 4.0);
        for (int k = 0; k < 24; k++) {
            double e = params.tonic() * tonicBeats[k] / total;
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
        int mode = tonicMode(ChordQuality.values()[code % 16]);
        return mode < 0 ? -1 : code / 16 + (mode == 1 ? 0 : 12);
    }

    private static boolean dominant(ChordQuality q) {
        return q == ChordQuality.MAJOR || q == ChordQuality.DOMINANT_SEVENTH;
    }

    private static boolean leadingToneChord(ChordQuality q) {
        return q == ChordQuality.DIMINISHED || q == ChordQuality.DIMINISHED_SEVENTH || q == ChordQuality.HALF_DIMINISHED;
    }
}
