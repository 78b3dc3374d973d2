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
 *   <li>{@code finalBassBonus} for the key whose tonic is the lowest note sounding at the end, and
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
    }

    static final int SEGMENTS = 8;
    /** Notes ending this close to the last note's end (seconds) form the final sonority. */
    static final double FINAL_WINDOW_SECONDS = 0.5;

    private final Params params;
    private final double[] histogram = new double[12];
    private final double[] segments = new double[SEGMENTS * 12];
    private final double[] finalPcs = new double[12];
    private final double[] scores = new double[24];
    private final double[] correlations = new double[24];

    public KeyEstimator(Params params) {
        this.params = params;
    }

    public Params params() {
        return params;
    }

    /** The weighted histogram of the last {@link #estimate} (12 values; valid until the next call). */
    double[] histogram() {
        return histogram;
    }

    public Estimate estimate(NoteTable notes) {
        Arrays.fill(histogram, 0);
        Arrays.fill(segments, 0);
        Arrays.fill(finalPcs, 0);
        int n = notes.count();
        int[] info = notes.info();
        long[] startTick = notes.startTick();
        double[] start = notes.startSeconds();
        double[] end = notes.endSeconds();
        double first = Double.NaN;
        double last = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (NoteTable.channelOf(info[i]) != NoteTable.DRUM_CHANNEL) {
                if (Double.isNaN(first)) {
                    first = start[i];
                }
                last = Math.max(last, end[i]);
            }
        }
        if (Double.isNaN(first)) {
            return Estimate.NONE;
        }
        double span = Math.max(last - first, 1e-9);
        double segmentsPerSecond = SEGMENTS / span;
        double bassWeight = params.bassWeight();
        double finalFrom = last - FINAL_WINDOW_SECONDS;
        int finalBass = 128;
        // onset groups: notes sharing a start tick; the lowest pitched one is the bass of that onset
        long groupTick = Long.MIN_VALUE;
        int bassKey = 128;
        double bassSeconds = 0;
        for (int i = 0; i < n; i++) {
            int packed = info[i];
            if (NoteTable.channelOf(packed) == NoteTable.DRUM_CHANNEL) {
                continue;
            }
            if (startTick[i] != groupTick) {
                if (bassKey < 128) {
                    histogram[bassKey % 12] += bassWeight * bassSeconds;
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
            if (end[i] >= finalFrom) {
                finalPcs[pc] += Math.min(seconds, 2 * FINAL_WINDOW_SECONDS) + 1e-3;
                finalBass = Math.min(finalBass, key);
            }
        }
        if (bassKey < 128) {
            histogram[bassKey % 12] += bassWeight * bassSeconds;
        }
        if (!params.profile().correlate(histogram, scores)) {
            return Estimate.NONE;
        }
        double segmentWeight = params.segmentWeight();
        if (segmentWeight != 0) {
            double[] local = new double[12];
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
