package io.midicrate.analysis;

import io.midicrate.smf.NoteTable;
import java.util.Arrays;

/**
 * Estimates the key from the notes alone (it never sees a key signature). Drum-channel notes are excluded. Each key's
 * score is the Pearson correlation of a weighted pitch-class histogram with the key's profile, plus evidence from
 * where the music settles:
 * <ul>
 *   <li>the histogram counts each note's seconds, and the lowest note of each onset (the bass) again
 *       {@code bassWeight} times: a bass line spells roots, and tonic and dominant roots most;</li>
 *   <li>{@code finalBassBonus} for the key whose tonic is the lowest note sounding at the last onset, and
 *       {@code finalChordBonus} times the share of the final sonority on the key's tonic triad;</li>
 *   <li>{@code segmentWeight} times the mean of the correlations of {@link #SEGMENTS} equal stretches of the piece,
 *       so a key that holds locally throughout beats one that only fits the sum.</li>
 * </ul>
 * The confidence is the margin between the best and second score; {@code docs/accuracy.md} shows how the share of
 * right answers rises with it. Not thread-safe (work buffers); one per analyser.
 */
public final class KeyEstimator {

    /** The weights; {@link #DEFAULT} was chosen on the evaluation set's development part (docs/accuracy.md). */
    public record Params(KeyProfile profile, double bassWeight, double finalBassBonus, double finalChordBonus,
                         double segmentWeight) {
        /** One global duration-weighted histogram against a profile: what version 2 shipped. */
        public static Params histogram(KeyProfile profile) {
            return new Params(profile, 0, 0, 0, 0);
        }
    }

    public static final Params DEFAULT = new Params(KeyProfile.TEMPERLEY_KOSTKA_PAYNE, 1.0, 0, 0.1, 0.5);

    /** best and second key index (-1 when there are no pitched notes), the best score and the margin to the second. */
    public record Estimate(int best, int second, double bestScore, double secondScore) {
        public static final Estimate NONE = new Estimate(-1, -1, 0, 0);

        public double confidence() {
            return best < 0 ? 0 : bestScore - secondScore;
        }

        /** The best and second of 24 key scores (ties to the lower index). */
        static Estimate ofScores(double[] scores) {
            int best = 0;
            for (int k = 1; k < 24; k++) {
                if (scores[k] > scores[best]) {
                    best = k;
                }
            }
            int second = best == 0 ? 1 : 0;
            for (int k = 0; k < 24; k++) {
                if (k != best && scores[k] > scores[second]) {
                    second = k;
                }
            }
            return new Estimate(best, second, scores[best], scores[second]);
        }
    }

    static final int SEGMENTS = 8;
    /** A note of the final sonority (sounding at the last onset) weighs its seconds, up to this many. */
    static final double FINAL_SECONDS = 1.0;

    private final Params params;
    private final double[] histogram = new double[12];
    private final double[] bass = new double[12];
    private final double[] segments = new double[SEGMENTS * 12];
    private final double[] finalPcs = new double[12];
    private final double[] scores = new double[24];
    private final double[] correlations = new double[24];
    private final double[] local = new double[12];

    public KeyEstimator(Params params) {
        this.params = params;
    }

    public Params params() {
        return params;
    }

    /**
     * Seconds sounded per pitch class (drums excluded) by the notes of the last {@link #estimate}, before the bass
     * weighting: a copy.
     */
    public double[] pitchClassSeconds() {
        return Arrays.copyOf(histogram, 12);
    }

    /** Every key's score from the last {@link #estimate} (index as in {@link Keys}), copied into {@code out[24]}. */
    public void scores(double[] out) {
        System.arraycopy(scores, 0, out, 0, 24);
    }

    public Estimate estimate(NoteTable notes) {
        Arrays.fill(scores, 0);
        Arrays.fill(histogram, 0);
        Arrays.fill(bass, 0);
        Arrays.fill(segments, 0);
        Arrays.fill(finalPcs, 0);
        int n = notes.count();
        int[] info = notes.info();
        long[] startTick = notes.startTick();
        double[] start = notes.startSeconds();
        double[] end = notes.endSeconds();
        // notes come sorted by start: the first and last pitched onsets bound the segments without a pass of their own
        int from = 0;
        while (from < n && NoteTable.channelOf(info[from]) == NoteTable.DRUM_CHANNEL) {
            from++;
        }
        if (from == n) {
            return Estimate.NONE;
        }
        int to = n - 1;
        while (NoteTable.channelOf(info[to]) == NoteTable.DRUM_CHANNEL) {
            to--;
        }
        double first = start[from];
        double lastStart = start[to];
        double segmentsPerSecond = SEGMENTS / Math.max(lastStart - first, 1e-9);
        int finalBass = 128;
        // onset groups: notes sharing a start tick; the lowest pitched one is the bass of that onset
        long groupTick = Long.MIN_VALUE;
        int bassKey = 128;
        double bassSeconds = 0;
        for (int i = from; i <= to; i++) {
            int packed = info[i];
            if (NoteTable.channelOf(packed) == NoteTable.DRUM_CHANNEL) {
                continue;
            }
            if (startTick[i] != groupTick) {
                if (bassKey < 128) {
                    bass[bassKey % 12] += bassSeconds;
                }
                groupTick = startTick[i];
                bassKey = 128;
            }
            int key = NoteTable.keyOf(packed);
            double seconds = end[i] - start[i];
            int pc = key % 12;
            histogram[pc] += seconds;
            int segment = Math.min(SEGMENTS - 1, (int) ((start[i] - first) * segmentsPerSecond));
            segments[segment * 12 + pc] += seconds;
            if (key < bassKey) {
                bassKey = key;
                bassSeconds = seconds;
            }
            if (end[i] >= lastStart) { // still sounding at the last onset: the final sonority
                finalPcs[pc] += Math.min(seconds, FINAL_SECONDS) + 1e-3;
                finalBass = Math.min(finalBass, key);
            }
        }
        if (bassKey < 128) {
            bass[bassKey % 12] += bassSeconds;
        }
        double bassWeight = params.bassWeight();
        double[] weighted = local; // free until the segments below

        for (int pc = 0; pc < 12; pc++) {
            weighted[pc] = histogram[pc] + bassWeight * bass[pc];
        }
        if (!params.profile().correlate(weighted, scores)) {
            return Estimate.NONE;
        }
        double segmentWeight = params.segmentWeight();
        if (segmentWeight != 0) {
            double[] local = this.local;
            for (int s = 0; s < SEGMENTS; s++) {
                System.arraycopy(segments, s * 12, local, 0, 12);
                if (params.profile().correlate(local, correlations)) {
                    for (int k = 0; k < 24; k++) {
                        scores[k] += segmentWeight / SEGMENTS * correlations[k];
                    }
                }
            }
        }
        double finalTotal = 0;
        for (double v : finalPcs) {
            finalTotal += v;
        }
        for (int k = 0; k < 24; k++) {
            int tonic = k % 12;
            if (finalBass < 128 && finalBass % 12 == tonic) {
                scores[k] += params.finalBassBonus();
            }
            if (finalTotal > 0) {
                int third = (tonic + (k < 12 ? 4 : 3)) % 12;
                double triad = finalPcs[tonic] + finalPcs[third] + finalPcs[(tonic + 7) % 12];
                scores[k] += params.finalChordBonus() * triad / finalTotal;
            }
        }
        return Estimate.ofScores(scores);
    }
}
