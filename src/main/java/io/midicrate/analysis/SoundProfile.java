package io.midicrate.analysis;

import io.midicrate.smf.MidiFile;
import io.midicrate.smf.NoteTable;
import io.midicrate.smf.TimeSignature;

/**
 * What a file sounds like, as numbers that "more like this" compares by distance: two vectors computed in the analysis
 * pass from the notes, stored per content.
 * <ul>
 * <li>The <b>vector</b> ({@link #DIMENSIONS} numbers) that ranks: the pitch-class profile relative to the key's tonic
 * (so a file and its transposition coincide), the onset weight at each sixteenth of the bar for the pitched parts and
 * for the drums, the onset density per beat, the register, the instrument groups, the intervals it dwells on (in any key),
 * the tempo on a circle of octaves
 * (so half and double time coincide), and the meter's feel. Each group is scaled by its weight, so that a plain
 * Euclidean distance weighs them as chosen here; proportions are square-rooted (the Hellinger distance), so a small
 * part still counts.</li>
 * <li>The <b>summary</b> ({@link #SUMMARY_DIMENSIONS} numbers, each a blend of the vector's groups) that an index
 * can search: a GiST index over a million points stays fast in a few dimensions, not in sixty. The index finds the
 * nearest by summary; the vector orders them.</li>
 * </ul>
 * Every figure is relative to the beat, never to seconds, so a tempo change moves only the tempo numbers.
 */
public final class SoundProfile {

    public static final int DIMENSIONS = 64;
    public static final int SUMMARY_DIMENSIONS = 8;

    static final int PCP = 0;
    static final int PITCHED_RHYTHM = 12;
    static final int DRUM_RHYTHM = 28;
    static final int DENSITY = 44;
    static final int REGISTER = 45;
    static final int INSTRUMENTS = 47;
    static final int TEMPO = 55;
    static final int METER = 57;
    static final int INTERVALS = 58;

    static final double W_PCP = 1.0;
    static final double W_RHYTHM = 0.7;
    static final double W_DENSITY = 0.6;
    static final double W_REGISTER = 0.4;
    static final double W_INSTRUMENTS = 0.5;
    static final double W_TEMPO = 0.12;
    static final double W_INTERVALS = 0.6;
    static final double W_METER = 0.5;

    /** Instrument groups by General MIDI family (program / 8); drums are the last group. */
    // piano; mallets, organ, percussive; guitar, ethnic plucked; bass; strings, ensembles; brass, reeds, pipes; synths, effects
    private static final int[] GROUP_OF_FAMILY = {0, 1, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 2, 1, 6};
    private static final int GROUPS = 8;
    private static final int DRUM_GROUP = 7;

    private static final double[] COS = new double[12];
    private static final double[] SIN = new double[12];

    static {
        for (int i = 0; i < 12; i++) {
            COS[i] = Math.cos(2 * Math.PI * i / 12);
            SIN[i] = Math.sin(2 * Math.PI * i / 12);
        }
    }

    private final double[] pitchedOnsets = new double[16];
    private final double[] drumOnsets = new double[16];
    private final double[] groups = new double[GROUPS];

    /**
     * @param vector  {@link #DIMENSIONS} numbers
     * @param summary {@link #SUMMARY_DIMENSIONS} numbers
     */
    public record Profile(float[] vector, float[] summary) {
    }

    /**
     * The profile of a file, or null when it has no notes.
     *
     * @param pitchClassSeconds seconds sounded per pitch class, drums excluded ({@link Analysis.KeyFacts})
     * @param keyIndex          the file's key (0..23), or -1: the profile is then relative to C
     * @param bpm               the tempo in force longest
     */
    public Profile profile(MidiFile file, double[] pitchClassSeconds, int keyIndex, double bpm, Analysis.NoteFacts notes) {
        NoteTable table = file.notes();
        int n = table.count();
        if (n == 0) {
            return null;
        }
        float[] v = new float[DIMENSIONS];
        // pitch classes from the tonic
        double total = 0;
        for (double s : pitchClassSeconds) {
            total += s;
        }
        int tonic = keyIndex >= 0 ? Keys.tonic(keyIndex) : 0;
        if (total > 0) {
            for (int pc = 0; pc < 12; pc++) {
                v[PCP + pc] = (float) (W_PCP * Math.sqrt(pitchClassSeconds[(pc + tonic) % 12] / total));
            }
        }
        // onsets by sixteenth of the bar (of the first time signature), drums apart; instrument groups by notes
        java.util.Arrays.fill(pitchedOnsets, 0);
        java.util.Arrays.fill(drumOnsets, 0);
        java.util.Arrays.fill(groups, 0);
        int ppq = Math.max(1, file.ticksPerQuarter());
        TimeSignature first = file.timeSignatures().isEmpty() ? null : file.timeSignatures().get(0);
        int numerator = first == null ? 4 : Math.max(1, first.numerator());
        int denominator = first == null ? 4 : Math.max(1, first.denominator());
        long barTicks = Math.max(1, (long) numerator * ppq * 4 / denominator);
        long[] start = table.startTick();
        int[] info = table.info();
        long lastOnset = Long.MIN_VALUE;
        int lastOnsetDrum = -1;
        int onsets = 0;
        // notes come in start order: the bar they start in advances with them, no division to find it
        long barStart = 0;
        for (int i = 0; i < n; i++) {
            int packed = info[i];
            boolean drum = NoteTable.channelOf(packed) == NoteTable.DRUM_CHANNEL;
            // notes struck together are one onset of their part
            if (start[i] != lastOnset || lastOnsetDrum != (drum ? 1 : 0)) {
                if (start[i] - barStart >= barTicks || start[i] < barStart) {
                    barStart = start[i] - Math.floorMod(start[i], barTicks);
                }
                // the nearest sixteenth, so a note played a little early counts where it was meant
                int slot = (int) (((start[i] - barStart) * 32 / barTicks + 1) / 2) % 16;
                (drum ? drumOnsets : pitchedOnsets)[slot]++;
                onsets++;
                lastOnset = start[i];
                lastOnsetDrum = drum ? 1 : 0;
            }
            groups[drum ? DRUM_GROUP : GROUP_OF_FAMILY[NoteTable.programOf(packed) >> 3]]++;
        }
        proportions(pitchedOnsets, v, PITCHED_RHYTHM, W_RHYTHM);
        proportions(drumOnsets, v, DRUM_RHYTHM, W_RHYTHM);
        proportions(groups, v, INSTRUMENTS, W_INSTRUMENTS);
        double beats = Math.max(1.0, (double) file.lengthTicks() / ppq);
        v[DENSITY] = (float) (W_DENSITY * Math.log1p(onsets / beats) / Math.log(2) / 3);
        if (notes.pitchedCount() > 0) {
            v[REGISTER] = (float) (W_REGISTER * (notes.pitchMean() - 60) / 24);
            v[REGISTER + 1] = (float) (W_REGISTER * (notes.pitchMax() - notes.pitchMin()) / 48.0);
        }
        if (bpm > 0 && Double.isFinite(bpm)) {
            double turn = 2 * Math.PI * (Math.log(bpm / 60) / Math.log(2));
            v[TEMPO] = (float) (W_TEMPO * Math.cos(turn));
            v[TEMPO + 1] = (float) (W_TEMPO * Math.sin(turn));
        }
        v[METER] = (float) (numerator % 3 == 0 ? W_METER : 0);
        intervals(pitchClassSeconds, total, v);
        return new Profile(v, summary(v));
    }

    /**
     * The magnitudes of the pitch-class profile's discrete Fourier transform, coefficients 1 to 6: they say which
     * intervals the music dwells on (fifths, thirds, the whole-tone or chromatic colour) whatever its key, so they
     * hold where the key estimate of two versions of a file differs (A minor read as C major rotates the profile, not
     * these).
     */
    private static void intervals(double[] pitchClassSeconds, double total, float[] v) {
        if (total <= 0) {
            return;
        }
        for (int k = 1; k <= 6; k++) {
            double re = 0;
            double im = 0;
            for (int pc = 0; pc < 12; pc++) {
                double p = pitchClassSeconds[pc] / total;
                re += p * COS[(k * pc) % 12];
                im += p * SIN[(k * pc) % 12];
            }
            v[INTERVALS + k - 1] = (float) (W_INTERVALS * Math.sqrt(re * re + im * im));
        }
    }

    private static void proportions(double[] counts, float[] v, int at, double weight) {
        double sum = 0;
        for (double c : counts) {
            sum += c;
        }
        if (sum > 0) {
            for (int i = 0; i < counts.length; i++) {
                v[at + i] = (float) (weight * Math.sqrt(counts[i] / sum));
            }
        }
    }

    /**
     * Eight blends of the vector that similar files share and that changing key, tempo, voicing or one part moves
     * little: mode, tonic weight, chromaticism, where the pitched and drum onsets fall (on the beat, on the eighth,
     * elsewhere), density, register, and the bass and drum share.
     */
    public static float[] summary(float[] v) {
        float[] s = new float[SUMMARY_DIMENSIONS];
        s[0] = v[PCP + 3] + v[PCP + 8] + v[PCP + 10] - v[PCP + 4] - v[PCP + 9] - v[PCP + 11];
        s[1] = v[PCP] + v[PCP + 7];
        s[2] = v[PCP + 1] + v[PCP + 6];
        s[3] = onBeat(v, PITCHED_RHYTHM);
        s[4] = onBeat(v, DRUM_RHYTHM);
        s[5] = v[DENSITY] * 2;
        s[6] = v[REGISTER];
        s[7] = v[INSTRUMENTS + 3] - v[INSTRUMENTS + 0] + v[INSTRUMENTS + DRUM_GROUP];
        return s;
    }

    /** The share of a part's onset weight on the quarter beats minus that off the eighths. */
    private static float onBeat(float[] v, int at) {
        float beat = 0;
        float offEighth = 0;
        for (int i = 0; i < 16; i++) {
            if (i % 4 == 0) {
                beat += v[at + i];
            } else if (i % 2 == 1) {
                offEighth += v[at + i];
            }
        }
        return beat - offEighth;
    }

    /** A vector as PostgreSQL's {@code cube} reads it: "(0.1, 0.2, ...)". */
    public static String cubeText(float[] v) {
        StringBuilder b = new StringBuilder(v.length * 8).append('(');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(v[i]);
        }
        return b.append(')').toString();
    }

    /** A vector from PostgreSQL's {@code cube} text, "(0.1, 0.2, ...)". */
    public static float[] parseCube(String text) {
        String inner = text.strip();
        inner = inner.substring(1, inner.length() - 1);
        String[] parts = inner.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i].strip());
        }
        return v;
    }

    /**
     * How alike two vectors are, overall and by what a listener hears: 1 for the same, 0 for as far apart as two files
     * can be; each part is the cosine of its group (0 when either file has none of it).
     */
    public record Likeness(double overall, double harmony, double rhythm, double instruments) {
    }

    public static Likeness likeness(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        // the farthest two profiles can be: every weighted group orthogonal
        double far = Math.sqrt(2 * (W_PCP * W_PCP + 2 * W_RHYTHM * W_RHYTHM + W_INSTRUMENTS * W_INSTRUMENTS
                + W_DENSITY * W_DENSITY + W_REGISTER * W_REGISTER + W_TEMPO * W_TEMPO + W_METER * W_METER
                + W_INTERVALS * W_INTERVALS));
        return new Likeness(Math.max(0, 1 - Math.sqrt(d) / far), cosine(a, b, PCP, 12), cosine(a, b, PITCHED_RHYTHM, 32),
                cosine(a, b, INSTRUMENTS, GROUPS));
    }

    private static double cosine(float[] a, float[] b, int at, int length) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = at; i < at + length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
