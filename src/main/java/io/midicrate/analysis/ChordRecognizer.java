package io.midicrate.analysis;

import io.midicrate.smf.NoteTable;
import io.midicrate.smf.TempoMap;
import io.midicrate.smf.TimeSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chords over time from the notes (drums excluded): template matching after Pardo and Birmingham, on a beat grid
 * from the time-signature map, with the harmonic rhythm chosen per bar by the music ({@code docs/harmony.md}).
 *
 * <ol>
 *   <li>Each beat gets a pitch-class vector: every pitched note adds the share of the beat it sounds, times 1 when it
 *       starts on a beat and {@link Params#offBeatWeight} when it starts between beats (passing notes fall there), and
 *       the beat's bass: its lowest key sounding for at least a quarter of the beat.</li>
 *   <li>A stretch of beats is scored against every root and {@link ChordQuality}: Pardo and Birmingham's
 *       {@code P - N - M} (weight on chord tones, minus weight off them, minus what the chord tones lack below
 *       {@link Params#presence} of the strongest pitch class), plus the share of beats whose bass is the root (so
 *       Am7 over A is not C6) and a small prior per quality (a triad over its seventh chord when the seventh is
 *       faint). A stretch where fewer than two of the best chord's tones reach {@link #AUDIBLE} of the strongest pitch
 *       class (one note, an octave, silence) is "no chord".</li>
 *   <li>Within each bar the segmentation maximises the summed scores less a change penalty that is smallest at the
 *       half bar and larger on other beats (times the bar's mean weight per beat): a bar keeps one chord unless a
 *       change pays for itself. Equal neighbours merge across bars.</li>
 * </ol>
 * Work is bounded: the grid stops after {@link #MAX_BEATS} beats (the notes after it are not read), each note touches
 * at most {@link #BASS_SPAN} beats beyond two difference-array writes, and a bar has at most seven candidate stretches
 * for its meter's beats. <b>Not thread-safe</b> (reused work buffers); one per analyser.
 */
public final class ChordRecognizer {

    /** Beats read at most (256 bars of 4/4, eight and a half minutes at 120); later notes are not read. */
    public static final int MAX_BEATS = 512;
    /** A pitch class weaker than this share of the strongest is not heard as a chord tone at all. */
    static final double AUDIBLE = 0.1;
    /** A note is a beat's bass candidate in at most this many beats from its start. */
    static final int BASS_SPAN = 8;

    /**
     * The weights; {@link #DEFAULT} was chosen on the development part of the harmony evaluation set.
     *
     * @param offBeatWeight   weight of a note starting between beats, against 1 on a beat
     * @param presence        a chord tone weaker than this share of the strongest pitch class counts as partly missing
     * @param bassRoot        bonus per share of beats whose bass is the candidate root
     * @param seventhPrior    added to four-note chords (6, m6, 7, maj7, m7, m7b5, dim7), as a share of the weight
     * @param rarePrior       added to dim, aug, sus2, sus4
     * @param halfBarPenalty  cost of a change at the half bar, in the bar's mean weight per beat
     * @param beatPenalty     cost of a change on another beat
     * @param firstBass       weight of a stretch's first beat in its bass count, against 1 for the others (a walking
     *                        bass states the root on the chord's first beat, then passes)
     * @param keepBar         a bar whose best chord scores at least this share of its weight is not split (the
     *                        segmentation's search is skipped: most bars of most music hold one chord)
     */
    public record Params(double offBeatWeight, double presence, double bassRoot, double seventhPrior, double rarePrior,
                         double halfBarPenalty, double beatPenalty, double firstBass, double keepBar) {
    }

    public static final Params DEFAULT = new Params(1.0, 0.3, 0.1, -0.08, -0.15, 0.6, 0.1, 3, 0.7);

    private static final ChordQuality[] QUALITIES = ChordQuality.values();
    private static final int Q = QUALITIES.length;
    /** Chord-tone intervals per quality. */
    private static final int[][] TONES = new int[Q][];
    private static final double[] PRIOR_CLASS = new double[Q]; // 0 triad, 1 four-note, 2 rare
    /** Pitch classes of each chord code (root * 16 + quality) as 12 bits. */
    private static final int[] CHORD_MASK = new int[12 * 16];

    /** Every chord (root, quality, bass) and every root-position numeral per key, made once: segments share them. */
    private static final Chord[] CHORDS = new Chord[12 * Q * 12];
    private static final String[][] NUMERALS = new String[24][12 * Q];

    static {
        for (int root = 0; root < 12; root++) {
            for (ChordQuality q : QUALITIES) {
                for (int bass = 0; bass < 12; bass++) {
                    CHORDS[(root * Q + q.ordinal()) * 12 + bass] = new Chord(root, q, bass);
                }
                for (int key = 0; key < 24; key++) {
                    NUMERALS[key][root * Q + q.ordinal()] = RomanNumerals.numeral(new Chord(root, q), key);
                }
            }
        }
        for (ChordQuality q : QUALITIES) {
            TONES[q.ordinal()] = q.intervals();
            for (int root = 0; root < 12; root++) {
                for (int t : q.intervals()) {
                    CHORD_MASK[root * 16 + q.ordinal()] |= 1 << ((root + t) % 12);
                }
            }
            PRIOR_CLASS[q.ordinal()] = switch (q) {
                case MAJOR, MINOR -> 0;
                case DIMINISHED, AUGMENTED, SUS2, SUS4 -> 2;
                default -> 1;
            };
        }
    }

    /** Candidates kept per presence pattern: the best by the pattern alone, scored on the weights afterwards. */
    static final int CANDIDATES = 4;

    private final Params params;
    private final double[] prior = new double[Q];
    /**
     * Per pattern of present pitch classes (12 bits) and bass (0-11, 12 none): up to {@link #CANDIDATES} chord codes
     * + 1, a byte each, 0 when not yet computed. Filled on first use: a file has few patterns.
     */
    private final int[] candidateCache = new int[4096 * 13];

    // per-beat work, grown up to MAX_BEATS
    private long[] beatTick = new long[257];
    private double[] perTick = new double[256]; // 1 / the beat's length in ticks
    private int[] beatInBar = new int[256];
    private int[] barBeats = new int[256];
    private double[] weight = new double[256 * 12];
    private double[] diff = new double[257 * 12];
    private int[] bassKey = new int[256];
    private int beats;

    // segments found, grown as needed (merged segments are never more than beats)
    private int[] segStart = new int[64];
    private int[] segEnd = new int[64];
    private int[] segCode = new int[64];
    private int[] segBass = new int[64];
    private int segments;

    // one stretch's evaluation
    private final double[] v = new double[12];
    private final double[] bassBeats = new double[12];
    private double bestScore;
    private int bestCode;
    private int bestBass;

    // the in-bar segmentation
    private final double[] dp = new double[13];
    private final int[] dpFrom = new int[13];
    private final int[] dpCode = new int[13];
    private final int[] dpBass = new int[13];
    private final int[] barEnds = new int[13];

    public ChordRecognizer(Params params) {
        this.params = params;
        for (int q = 0; q < Q; q++) {
            prior[q] = PRIOR_CLASS[q] == 0 ? 0 : PRIOR_CLASS[q] == 1 ? params.seventhPrior() : params.rarePrior();
        }
    }

    public ChordRecognizer() {
        this(DEFAULT);
    }

    public Params params() {
        return params;
    }

    /** Finds the chord segments of a file; read them with {@link #segments()} and the accessors until the next call. */
    public void recognize(NoteTable notes, int ticksPerQuarter, List<TimeSignature> timeSignatures) {
        segments = 0;
        beats = 0;
        int[] info = notes.info();
        int last = notes.count() - 1;
        while (last >= 0 && NoteTable.channelOf(info[last]) == NoteTable.DRUM_CHANNEL) {
            last--;
        }
        if (last < 0) {
            return;
        }
        // notes come sorted by start: the grid runs to the last pitched onset and two bars on (a held last chord)
        grid(Math.max(1, ticksPerQuarter), timeSignatures, notes.startTick()[last] + 1);
        if (beats == 0) {
            return;
        }
        fill(notes);
        segment();
        while (segments > 0 && segCode[segments - 1] < 0) {
            segments--; // the grid's bars after the music are not a "no chord" stretch of it
        }
    }


    /** Beats from tick 0 to {@code end} and two bars on (capped), bars restarting at each time signature. */
    private void grid(int ppq, List<TimeSignature> sigs, long end) {
        int num = 4;
        int den = 4;
        int sig = 0;
        long tick = 0;
        int b = 0;
        int barsAfterEnd = 0;
        while (barsAfterEnd < 2 && b < MAX_BEATS) {
            if (tick >= end) {
                barsAfterEnd++;
            }
            while (sig < sigs.size() && sigs.get(sig).tick() <= tick) {
                num = Math.max(1, sigs.get(sig).numerator());
                den = Math.max(1, sigs.get(sig).denominator());
                sig++;
            }
            boolean compound = den == 8 && num % 3 == 0 && num >= 6;
            long beatLength = Math.max(1, compound ? 3L * ppq / 2 : 4L * ppq / den);
            int perBar = Math.min(12, compound ? num / 3 : num);
            long nextSig = sig < sigs.size() ? sigs.get(sig).tick() : Long.MAX_VALUE;
            int barStart = b;
            for (int i = 0; i < perBar && b < MAX_BEATS; i++) {
                if (i > 0 && tick >= nextSig) {
                    break; // a signature mid-bar starts a new bar
                }
                ensureBeats(b + 1);
                beatTick[b] = tick;
                perTick[b] = 1.0 / beatLength;
                beatInBar[b] = i;
                tick += beatLength;
                b++;
            }
            for (int i = barStart; i < b; i++) {
                barBeats[i] = b - barStart;
            }
        }
        beats = b;
        beatTick[b] = tick;
    }

    private void ensureBeats(int count) {
        if (beatInBar.length < count) {
            int size = Math.min(MAX_BEATS, Math.max(count, beatInBar.length * 2));
            beatTick = Arrays.copyOf(beatTick, size + 1);
            perTick = Arrays.copyOf(perTick, size);
            beatInBar = Arrays.copyOf(beatInBar, size);
            barBeats = Arrays.copyOf(barBeats, size);
            weight = new double[size * 12];
            diff = new double[(size + 1) * 12];
            bassKey = new int[size];
        }
    }

    /** Pitch-class weight and bass per beat. */
    private void fill(NoteTable notes) {
        int nb = beats;
        Arrays.fill(weight, 0, nb * 12, 0);
        Arrays.fill(diff, 0, (nb + 1) * 12, 0);
        Arrays.fill(bassKey, 0, nb, 128);
        long[] startTick = notes.startTick();
        long[] endTick = notes.endTick();
        int[] info = notes.info();
        long gridEnd = beatTick[nb];
        double offBeat = params.offBeatWeight();
        int b = 0;
        for (int i = 0; i < notes.count(); i++) {
            int packed = info[i];
            if (NoteTable.channelOf(packed) == NoteTable.DRUM_CHANNEL) {
                continue;
            }
            long start = startTick[i];
            if (start >= gridEnd) {
                break; // sorted by start: the rest are past the cap
            }
            long end = Math.min(endTick[i], gridEnd);
            if (end <= start) {
                continue;
            }
            while (beatTick[b + 1] <= start) {
                b++;
            }
            int last = b;
            if (beatTick[b + 1] < end) {
                last = Arrays.binarySearch(beatTick, b + 1, nb + 1, end);
                last = last >= 0 ? last - 1 : -last - 2;
            }
            int key = NoteTable.keyOf(packed);
            int pc = key % 12;
            double w = start == beatTick[b] ? 1 : offBeat;
            if (last == b) {
                double share = (end - start) * perTick[b];
                weight[b * 12 + pc] += w * share;
                if (share >= 0.25 && key < bassKey[b]) {
                    bassKey[b] = key;
                }
                continue;
            }
            double first = (beatTick[b + 1] - start) * perTick[b];
            double lastShare = (end - beatTick[last]) * perTick[last];
            weight[b * 12 + pc] += w * first;
            weight[last * 12 + pc] += w * lastShare;
            if (last > b + 1) {
                diff[(b + 1) * 12 + pc] += w;
                diff[last * 12 + pc] -= w;
            }
            int bassTo = Math.min(last, b + BASS_SPAN - 1);
            for (int x = b; x <= bassTo; x++) {
                if (key < bassKey[x] && (x != b || first >= 0.25) && (x != last || lastShare >= 0.25)) {
                    bassKey[x] = key;
                }
            }
        }
        for (int pc = 0; pc < 12; pc++) {
            double run = 0;
            for (int x = 0; x < nb; x++) {
                run += diff[x * 12 + pc];
                weight[x * 12 + pc] += run;
            }
        }
        // a bass line that rests within the bar still sounds as the bass: a beat whose lowest note is an octave or
        // more above the last beat's keeps that bass (a bass on beats 1 and 3 under a comping guitar)
        for (int x = 1; x < nb; x++) {
            if (beatInBar[x] != 0 && bassKey[x - 1] < 128 && bassKey[x] >= bassKey[x - 1] + 12) {
                bassKey[x] = bassKey[x - 1];
            }
        }
    }

    /** Segments bar by bar, then merges equal neighbours. */
    private void segment() {
        int bar = 0;
        while (bar < beats) {
            int n = barBeats[bar];
            segmentBar(bar, n);
            bar += n;
        }
    }

    /**
     * The best segmentation of one bar of {@code n} beats: stretches are the whole bar, its halves (even n) and each
     * beat, plus two-beat stretches at even positions.
     */
    private void segmentBar(int from, int n) {
        double total = 0;
        for (int x = from * 12; x < (from + n) * 12; x++) {
            total += weight[x];
        }
        double unit = total / n;
        evaluate(from, from + n);
        if (n == 1 || total == 0 || bestScore >= params.keepBar() * total) {
            append(from, from + n, bestCode, bestBass); // one chord explains the bar: no change can pay for itself
            return;
        }
        dp[0] = 0;
        int half = n % 2 == 0 ? n / 2 : -1;
        for (int j = 1; j <= n; j++) {
            dp[j] = Double.NEGATIVE_INFINITY;
            for (int i = j - 1; i >= 0; i--) {
                int len = j - i;
                boolean allowed = len == 1 || (i == 0 && j == n) || (half > 0 && (i == 0 || i == half) && len == half)
                        || (len == 2 && i % 2 == 0 && j <= n);
                if (!allowed || dp[i] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                evaluate(from + i, from + j);
                double penalty = i == 0 ? 0 : (i == half ? params.halfBarPenalty() : params.beatPenalty()) * unit;
                double score = dp[i] + bestScore - penalty;
                if (score > dp[j]) {
                    dp[j] = score;
                    dpFrom[j] = i;
                    dpCode[j] = bestCode;
                    dpBass[j] = bestBass;
                }
            }
        }
        // walk back (ends in reverse), then append in order
        int count = 0;
        for (int j = n; j > 0; j = dpFrom[j]) {
            barEnds[count++] = j;
        }
        int start = 0;
        for (int k = count - 1; k >= 0; k--) {
            int end = barEnds[k];
            append(from + start, from + end, dpCode[end], dpBass[end]);
            start = end;
        }
    }

    private void append(int start, int end, int code, int bass) {
        if (segments > 0 && segCode[segments - 1] == code && segBass[segments - 1] == bass) {
            segEnd[segments - 1] = end;
            return;
        }
        if (segments == segStart.length) {
            int size = segments * 2;
            segStart = Arrays.copyOf(segStart, size);
            segEnd = Arrays.copyOf(segEnd, size);
            segCode = Arrays.copyOf(segCode, size);
            segBass = Arrays.copyOf(segBass, size);
        }
        segStart[segments] = start;
        segEnd[segments] = end;
        segCode[segments] = code;
        segBass[segments] = bass;
        segments++;
    }

    /**
     * The {@link #CANDIDATES} best chords for a pattern of present pitch classes and a bass, Pardo and Birmingham's
     * score on presence alone (tones present minus absent minus extra, the root present, half a point for the root in
     * the bass, the quality priors as tie-breaks), packed a byte each as code + 1 (255: none).
     */
    private int candidates(int mask, int bass) {
        int[] codes = new int[CANDIDATES];
        double[] scores = new double[CANDIDATES];
        Arrays.fill(codes, 254);
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        int size = Integer.bitCount(mask);
        for (int root = 0; root < 12; root++) {
            if ((mask & 1 << root) == 0) {
                continue;
            }
            for (int q = 0; q < Q; q++) {
                int chord = CHORD_MASK[root * 16 + q];
                int hit = Integer.bitCount(chord & mask);
                double score = 2 * hit - size - Integer.bitCount(chord & ~mask) + (root == bass ? 0.5 : 0)
                        + 0.1 * PRIOR_CLASS[q] * -1;
                for (int i = 0; i < CANDIDATES; i++) {
                    if (score > scores[i]) {
                        System.arraycopy(scores, i, scores, i + 1, CANDIDATES - 1 - i);
                        System.arraycopy(codes, i, codes, i + 1, CANDIDATES - 1 - i);
                        scores[i] = score;
                        codes[i] = root * 16 + q;
                        break;
                    }
                }
            }
        }
        int packed = 0;
        for (int i = 0; i < CANDIDATES; i++) {
            packed |= (codes[i] + 1) << (8 * i);
        }
        return packed;
    }

    /** Scores the stretch of beats [from, to): sets {@link #bestScore}, {@link #bestCode} (-1: no chord), {@link #bestBass}. */
    private void evaluate(int from, int to) {
        double[] v = this.v;
        Arrays.fill(v, 0);
        Arrays.fill(bassBeats, 0);
        for (int x = from; x < to; x++) {
            int base = x * 12;
            for (int pc = 0; pc < 12; pc++) {
                v[pc] += weight[base + pc];
            }
            if (bassKey[x] < 128) {
                bassBeats[bassKey[x] % 12] += x == from ? params.firstBass() : 1;
            }
        }
        double total = 0;
        double max = 0;
        for (int pc = 0; pc < 12; pc++) {
            total += v[pc];
            max = Math.max(max, v[pc]);
        }
        bestScore = 0;
        bestCode = -1;
        bestBass = -1;
        if (total <= 0) {
            return;
        }
        double tau = params.presence() * max;
        double audible = AUDIBLE * max;
        int mask = 0;
        int audibleMask = 0;
        int bassPc = 12;
        double bassMost = 0;
        for (int pc = 0; pc < 12; pc++) {
            if (v[pc] >= tau) {
                mask |= 1 << pc;
            }
            if (v[pc] >= audible) {
                audibleMask |= 1 << pc;
            }
            if (bassBeats[pc] > bassMost) {
                bassMost = bassBeats[pc];
                bassPc = pc;
            }
        }
        int slot = mask * 13 + bassPc;
        int candidates = candidateCache[slot];
        if (candidates == 0) {
            candidates = candidates(mask, bassPc);
            candidateCache[slot] = candidates;
        }
        double len = to - from - 1 + params.firstBass();
        double best = Double.NEGATIVE_INFINITY;
        int bestRoot = -1;
        int bestQuality = -1;
        for (int c = 0; c < 32; c += 8) {
            int code = (candidates >>> c & 0xFF) - 1;
            if (code < 0 || code >= 12 * 16) {
                continue;
            }
            int root = code >> 4;
            int q = code & 15;
            if (Integer.bitCount(audibleMask & CHORD_MASK[code]) < 2) {
                continue;
            }
            double p = 0;
            double miss = 0;
            for (int t : TONES[q]) {
                double x = v[(root + t) % 12];
                p += x;
                if (x < tau) {
                    miss += tau - x;
                }
            }
            double score = 2 * p - total - miss + params.bassRoot() * total * bassBeats[root] / len + prior[q] * total;
            if (score > best) {
                best = score;
                bestRoot = root;
                bestQuality = q;
            }
        }
        if (bestRoot < 0 || best <= 0) {
            return;
        }
        bestScore = best;
        bestCode = bestRoot * 16 + bestQuality;
        // the bass: the chord tone most often lowest
        int bass = bestRoot;
        double bassCount = 0;
        for (int t : TONES[bestQuality]) {
            int pc = (bestRoot + t) % 12;
            if (bassBeats[pc] > bassCount) {
                bassCount = bassBeats[pc];
                bass = pc;
            }
        }
        bestBass = bass;
    }

    // ------------------------------------------------------------------------------------------------ results

    /** Segments found by the last {@link #recognize}, in time order, equal neighbours merged. */
    public int segments() {
        return segments;
    }

    /** The chord of segment {@code s}, null for "no chord". */
    public Chord chord(int s) {
        int code = segCode[s];
        return code < 0 ? null : CHORDS[(code / 16 * Q + code % 16) * 12 + segBass[s]];
    }

    /** {@link Chord#code} of segment {@code s}'s root position, -1 for "no chord". */
    public int code(int s) {
        return segCode[s];
    }

    public long startTick(int s) {
        return beatTick[segStart[s]];
    }

    public long endTick(int s) {
        return beatTick[segEnd[s]];
    }

    /** Length of segment {@code s} in beats. */
    public int beats(int s) {
        return segEnd[s] - segStart[s];
    }

    /** Whether segment {@code s} starts on a bar line. */
    public boolean onBarLine(int s) {
        return beatInBar[segStart[s]] == 0;
    }

    /** Pitch class of segment {@code s}'s bass (its root unless inverted), -1 for "no chord". */
    public int bass(int s) {
        return segBass[s];
    }

    /**
     * The harmony facts of the last {@link #recognize}, numerals in {@code keyIndex} (-1: none), seconds through
     * {@code tempo}.
     */
    public HarmonyFacts facts(int keyIndex, TempoMap tempo) {
        if (segments == 0) {
            return HarmonyFacts.NONE;
        }
        int kept = Math.min(segments, HarmonyFacts.SEGMENT_CAP);
        List<HarmonyFacts.ChordSegment> list = new ArrayList<>(kept);
        for (int s = 0; s < kept; s++) {
            Chord c = chord(s);
            long start = startTick(s);
            long end = endTick(s);
            list.add(new HarmonyFacts.ChordSegment(start, end, tempo.seconds(start), tempo.seconds(end), c,
                    c == null || keyIndex < 0 ? null : NUMERALS[keyIndex][c.root() * Q + c.quality().ordinal()]));
        }
        int[] codes = new int[segments];
        int distinct = 0;
        for (int s = 0; s < segments; s++) {
            if (segCode[s] >= 0) {
                codes[distinct++] = segCode[s];
            }
        }
        Arrays.sort(codes, 0, distinct);
        int unique = 0;
        for (int i = 0; i < distinct; i++) {
            if (unique == 0 || codes[unique - 1] != codes[i]) {
                codes[unique++] = codes[i];
            }
        }
        int[] sequence = new int[segments];
        int length = 0;
        for (int s = 0; s < segments; s++) {
            int code = segCode[s];
            if (code >= 0 && (length == 0 || sequence[length - 1] != code)) {
                sequence[length++] = code;
            }
        }
        return new HarmonyFacts(List.copyOf(list), segments > kept, Progression.of(sequence, length, keyIndex), unique,
                Arrays.copyOf(codes, unique));
    }
}
