package io.midicrate.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes one musically plausible Standard MIDI File for a {@link Spec}: a key, a tempo, a chord progression and parts
 * (drums on channel 10, bass, chords, melody …) repeated with small variations until the file reaches its target size.
 * Everything comes from the spec's own random stream, so the same content id always gives the same bytes; that is
 * how the generator writes exact duplicates without keeping earlier files in memory.
 */
final class MidiContent {

    /** Musical parts; {@code program} is the General MIDI program (ignored for drums). */
    enum Part {
        DRUMS(0, "Drums"), BASS(38, "Bass"), CHORDS(4, "Chords"), MELODY(80, "Melody"), LEAD(81, "Lead"),
        PAD(89, "Pad"), ARP(81, "Arp"), KEYS(4, "Keys"), PIANO(0, "Piano"), STRINGS(48, "Strings");

        final int program;
        final String label;

        Part(int program, String label) {
            this.program = program;
            this.label = label;
        }
    }

    /** Which drums a drum part plays: a full kit or a single-instrument loop as packs sell them. */
    enum DrumSet {
        FULL("Drums"), HATS("Hats"), KICK("Kick"), SNARE("Snare"), CLAP("Clap"), PERC("Perc");

        final String label;

        DrumSet(String label) {
            this.label = label;
        }
    }

    /**
     * What one content id sounds like; names are built from it.
     *
     * @param parts      the note tracks; one part in a type 0 file
     * @param type1      format 1 (conductor track + one track per part) or format 0
     * @param tonic      0 = C … 11 = B
     * @param flats      spell the tonic with flats (Bb) rather than sharps (A#)
     * @param targetBytes size the file grows to (a few percent over)
     */
    record Spec(Genre genre, Part[] parts, DrumSet drums, boolean type1, int bpm, int tonic, boolean minor, boolean flats,
                int beatsPerBar, int beatUnit, int division, int targetBytes, boolean runningStatus, boolean noteOffAsZeroVelocity,
                long seed) {

        Part main() {
            return parts[0];
        }
    }

    enum Genre {
        TRAP("Trap", 130, 160), HOUSE("House", 118, 128), DEEP_HOUSE("Deep House", 118, 124), TECHNO("Techno", 124, 140),
        HIP_HOP("Hip Hop", 80, 100), LOFI("Lofi", 65, 90), DNB("DnB", 170, 176), RNB("RnB", 60, 100), POP("Pop", 95, 130),
        FUTURE_BASS("Future Bass", 140, 160), AMBIENT("Ambient", 60, 90), CINEMATIC("Cinematic", 60, 120),
        AFROBEAT("Afrobeat", 100, 115), REGGAETON("Reggaeton", 88, 100), DRILL("Drill", 138, 146), JAZZ("Jazz", 80, 180);

        final String label;
        final int minBpm;
        final int maxBpm;

        Genre(String label, int minBpm, int maxBpm) {
            this.label = label;
            this.minBpm = minBpm;
            this.maxBpm = maxBpm;
        }
    }

    static final String[] SHARP_NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    static final String[] FLAT_NAMES = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};

    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
    private static final int[][] MAJOR_PROGRESSIONS = {{0, 4, 5, 3}, {0, 3, 4, 4}, {1, 4, 0, 0}, {0, 5, 3, 4}, {3, 4, 2, 5}};
    private static final int[][] MINOR_PROGRESSIONS = {{0, 5, 2, 6}, {0, 3, 4, 0}, {0, 5, 3, 4}, {0, 6, 5, 6}, {3, 4, 0, 0}};
    /** Sharps (+) or flats (-) in the key signature of each major tonic; minor keys use their relative major. */
    private static final int[] MAJOR_SIGNATURE = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};

    private static final int KICK = 36, RIM = 37, SNARE = 38, CLAP = 39, CLOSED_HAT = 42, OPEN_HAT = 46, CRASH = 49,
            SHAKER = 70, CONGA = 63, COWBELL = 56, TOM = 45;

    /** Log-normal sizes: median 13 KB targets (files come out ~8 % smaller: 12 KB), σ 0.9 and a 190 KB cap give a tail to ~200 KB as in real libraries. */
    static final double MEDIAN_BYTES = 13_000;
    private static final double SIGMA = 0.9;
    static final int MAX_BYTES = 190_000;

    private long[] events = new long[4096];
    private int eventCount;

    static Spec spec(long seed, Genre genre) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean type1 = r.nextInt(100) < 60;
        Part[] parts;
        DrumSet drums = DrumSet.FULL;
        if (type1) {
            Part[] pool = {Part.DRUMS, Part.BASS, Part.CHORDS, Part.MELODY, Part.PAD, Part.ARP, Part.KEYS, Part.LEAD, Part.STRINGS};
            int n = 2 + r.nextInt(5);
            parts = new Part[n];
            for (int i = 0; i < n; i++) {
                parts[i] = i < 3 ? pool[(i + r.nextInt(2)) % pool.length] : pool[r.nextInt(pool.length)];
            }
        } else {
            Part[] pool = {Part.DRUMS, Part.DRUMS, Part.BASS, Part.CHORDS, Part.MELODY, Part.LEAD, Part.PAD, Part.ARP, Part.KEYS,
                    Part.PIANO};
            parts = new Part[] {pool[r.nextInt(pool.length)]};
            if (parts[0] == Part.DRUMS) {
                drums = DrumSet.values()[r.nextInt(DrumSet.values().length)];
            }
        }
        int bpm = r.nextInt(100) < 85 ? genre.minBpm + r.nextInt(genre.maxBpm - genre.minBpm + 1) : 60 + r.nextInt(121);
        int meter = r.nextInt(100);
        int beats = meter < 90 ? 4 : meter < 95 ? 3 : 6;
        int unit = beats == 6 ? 8 : 4;
        int[] divisions = {96, 192, 480, 480, 480, 960, 960, 384};
        int division = divisions[r.nextInt(divisions.length)];
        double gaussian = gaussian(r);
        int target = (int) Math.max(300, Math.min(MAX_BYTES, MEDIAN_BYTES * Math.exp(SIGMA * gaussian)));
        return new Spec(genre, parts, drums, type1, bpm, r.nextInt(12), r.nextInt(100) < 65, r.nextBoolean(), beats, unit,
                division, target, r.nextInt(100) < 70, r.nextBoolean(), r.nextLong());
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static String keyName(Spec s) {
        return (s.flats() ? FLAT_NAMES : SHARP_NAMES)[s.tonic()];
    }

    /** Writes the whole file into {@code out} (reset first). */
    void write(Spec s, ByteBuf out) {
        SplittableRandom r = new SplittableRandom(s.seed());
        out.reset();
        int tracks = s.type1() ? s.parts().length + 1 : 1;
        out.putAscii("MThd");
        out.putU32(6);
        out.putU16(s.type1() ? 1 : 0);
        out.putU16(tracks);
        out.putU16(s.division());
        int[][] progressions = s.minor() ? MINOR_PROGRESSIONS : MAJOR_PROGRESSIONS;
        int[] progression = progressions[r.nextInt(progressions.length)];
        int budget = (s.targetBytes() - 14) / s.parts().length;
        if (s.type1()) {
            int at = beginTrack(out);
            conductor(s, out, s.genre().label + " " + s.main().label);
            endTrack(out, at, 0);
            budget -= 60 / s.parts().length;
        }
        for (int i = 0; i < s.parts().length; i++) {
            Part part = s.parts()[i];
            int at = beginTrack(out);
            if (!s.type1()) {
                conductor(s, out, null);
            }
            int channel = part == Part.DRUMS ? 9 : i % 9;
            String name = part == Part.DRUMS && !s.type1() ? s.drums().label : part.label;
            meta(out, 0x03, name);
            if (part != Part.DRUMS) {
                out.putVlq(0);
                out.put(0xC0 | channel);
                out.put(part.program);
                out.putVlq(0);
                out.put(0xB0 | channel, 7, 90 + r.nextInt(38)); // channel volume
                out.putVlq(0);
                out.put(0xB0 | channel, 10, 32 + r.nextInt(64)); // pan
            }
            eventCount = 0;
            int lastTick = compose(s, part, progression, r, Math.max(64, budget - 40));
            endTrack(out, at, encode(s, out, channel, lastTick));
        }
    }

    private static int beginTrack(ByteBuf out) {
        out.putAscii("MTrk");
        out.putU32(0);
        return out.size;
    }

    private static void endTrack(ByteBuf out, int at, int delta) {
        out.putVlq(delta);
        out.put(0xFF, 0x2F, 0x00);
        out.setU32(at - 4, out.size - at);
    }

    private static void conductor(Spec s, ByteBuf out, String name) {
        if (name != null) {
            meta(out, 0x03, name);
        }
        int microsPerQuarter = 60_000_000 / s.bpm();
        out.putVlq(0);
        out.put(0xFF, 0x51, 0x03);
        out.put(microsPerQuarter >>> 16, microsPerQuarter >>> 8, microsPerQuarter);
        out.putVlq(0);
        out.put(0xFF, 0x58, 0x04);
        out.put(s.beatsPerBar());
        out.put(Integer.numberOfTrailingZeros(s.beatUnit()));
        out.put(24, 8, 0); // 24 clocks per click, 8 32nds per quarter; the 0 is the next delta
        out.put(0xFF, 0x59, 0x02);
        int relativeMajor = s.minor() ? (s.tonic() + 3) % 12 : s.tonic();
        out.put(MAJOR_SIGNATURE[relativeMajor] & 0xFF);
        out.put(s.minor() ? 1 : 0);
    }

    private static void meta(ByteBuf out, int type, String text) {
        out.putVlq(0);
        out.put(0xFF);
        out.put(type);
        out.putVlq(text.length());
        out.putAscii(text);
    }

    // ------------------------------------------------------------ composing

    /** Fills {@link #events} bar by bar until the encoded track would reach about {@code budgetBytes}; returns the end tick. */
    private int compose(Spec s, Part part, int[] progression, SplittableRandom r, int budgetBytes) {
        int stepsPerBar = s.beatsPerBar() * 16 / s.beatUnit();
        int stepTicks = s.division() / 4;
        int barTicks = stepsPerBar * stepTicks;
        // bytes per event: a 1–2 byte delta, the status unless running, two data bytes
        double bytesPerEvent = (s.division() >= 384 ? 1.9 : 1.3) + (s.runningStatus() ? 2.15 : 3);
        int maxEvents = (int) (budgetBytes / bytesPerEvent);
        int[] scale = s.minor() ? MINOR : MAJOR;
        // a one- or two-bar pattern repeated with variation, as loops are
        long patternSeed = r.nextLong();
        int patternBars = 1 + r.nextInt(2);
        int bar = 0;
        while ((eventCount < maxEvents || bar == 0) && bar < 10_000) {
            int before = eventCount;
            int degree = progression[bar % progression.length];
            boolean fill = bar % 8 == 7;
            SplittableRandom p = new SplittableRandom(patternSeed + bar % patternBars);
            int t0 = bar * barTicks;
            switch (part) {
                case DRUMS -> drums(s, p, r, t0, stepsPerBar, stepTicks, fill);
                case BASS -> bass(s, p, r, t0, stepsPerBar, stepTicks, scale, degree);
                case CHORDS, KEYS, PIANO -> chords(s, p, r, t0, stepsPerBar, stepTicks, scale, degree, part != Part.CHORDS);
                case PAD, STRINGS -> pad(s, r, t0, barTicks, scale, degree);
                case ARP -> arp(s, p, r, t0, stepsPerBar, stepTicks, scale, degree);
                case MELODY, LEAD -> melody(s, p, r, t0, stepsPerBar, stepTicks, scale, degree);
            }
            if (eventCount == before) { // a pattern of rests would repeat forever: hold the chord root instead
                note(t0, barTicks - 1, 48 + tone(s, scale, degree), vel(r, 80));
            }
            bar++;
        }
        return bar * barTicks;
    }

    private void drums(Spec s, SplittableRandom p, SplittableRandom r, int t0, int steps, int stepTicks, boolean fill) {
        DrumSet set = s.drums();
        boolean trap = s.genre() == Genre.TRAP || s.genre() == Genre.DRILL;
        boolean fourOnFloor = s.genre() == Genre.HOUSE || s.genre() == Genre.DEEP_HOUSE || s.genre() == Genre.TECHNO;
        int beat = Math.max(2, 16 / s.beatUnit()); // 16th steps per beat: 4 in x/4, 2 in 6/8
        for (int st = 0; st < steps; st++) {
            int t = t0 + st * stepTicks;
            boolean onBeat = st % beat == 0;
            if (set == DrumSet.FULL || set == DrumSet.KICK) {
                if (fourOnFloor ? onBeat : st == 0 || p.nextInt(100) < 18) {
                    note(t, stepTicks, KICK, vel(r, 110));
                }
            }
            if (set == DrumSet.FULL || set == DrumSet.SNARE || set == DrumSet.CLAP) {
                boolean backbeat = onBeat && (st / beat) % 2 == 1;
                if (backbeat || (fill && st >= steps - 4 && p.nextBoolean())) {
                    note(t, stepTicks, set == DrumSet.CLAP || (set == DrumSet.FULL && trap) ? CLAP : SNARE, vel(r, 105));
                }
            }
            if (set == DrumSet.FULL || set == DrumSet.HATS) {
                if (trap && p.nextInt(100) < 20) { // hi-hat rolls: 32nd or triplet ratchets
                    int n = p.nextBoolean() ? 2 : 3;
                    for (int k = 0; k < n; k++) {
                        note(t + k * stepTicks / n, stepTicks / n, CLOSED_HAT, vel(r, 70 + k * 10));
                    }
                } else if (st % 2 == 0 || trap || p.nextInt(100) < 30) {
                    note(t, stepTicks / 2, CLOSED_HAT, vel(r, st % 4 == 0 ? 100 : 75));
                }
                if (fourOnFloor && st % beat == beat / 2) {
                    note(t, stepTicks, OPEN_HAT, vel(r, 90));
                }
            }
            if ((set == DrumSet.FULL || set == DrumSet.PERC) && p.nextInt(100) < (set == DrumSet.PERC ? 45 : 12)) {
                int[] perc = {RIM, SHAKER, CONGA, COWBELL, TOM};
                note(t, stepTicks, perc[p.nextInt(perc.length)], vel(r, 80));
            }
        }
        if (fill && set == DrumSet.FULL) {
            note(t0 + steps * stepTicks, stepTicks * 2, CRASH, vel(r, 100));
        }
    }

    private void bass(Spec s, SplittableRandom p, SplittableRandom r, int t0, int steps, int stepTicks, int[] scale, int degree) {
        int root = 36 + s.tonic() + scale[degree];
        int st = 0;
        while (st < steps) {
            int len = 1 + p.nextInt(4);
            if (p.nextInt(100) < 75) {
                int interval = p.nextInt(100) < 70 ? 0 : p.nextBoolean() ? 7 : 12;
                note(t0 + st * stepTicks, len * stepTicks - 1, root + interval, vel(r, 100));
            }
            st += len;
        }
    }

    private void chords(Spec s, SplittableRandom p, SplittableRandom r, int t0, int steps, int stepTicks, int[] scale, int degree,
                        boolean comp) {
        int hits = comp ? 2 + p.nextInt(4) : 1 + p.nextInt(2);
        int len = steps / hits;
        boolean seventh = p.nextBoolean();
        for (int h = 0; h < hits; h++) {
            int t = t0 + h * len * stepTicks;
            for (int k = 0; k < (seventh ? 4 : 3); k++) {
                note(t, len * stepTicks - 2, 60 + tone(s, scale, degree + 2 * k), vel(r, 85));
            }
            if (comp && p.nextBoolean()) { // keys double the root an octave down
                note(t, len * stepTicks - 2, 48 + tone(s, scale, degree), vel(r, 80));
            }
        }
    }

    private void pad(Spec s, SplittableRandom r, int t0, int barTicks, int[] scale, int degree) {
        for (int k = 0; k < 4; k++) {
            note(t0, barTicks - 1, 55 + tone(s, scale, degree + 2 * k), vel(r, 70));
        }
    }

    private void arp(Spec s, SplittableRandom p, SplittableRandom r, int t0, int steps, int stepTicks, int[] scale, int degree) {
        int pattern = p.nextInt(3);
        for (int st = 0; st < steps; st++) {
            int idx = pattern == 0 ? st % 4 : pattern == 1 ? 3 - st % 4 : (st * 3) % 5;
            note(t0 + st * stepTicks, stepTicks - 1, 60 + tone(s, scale, degree + 2 * idx), vel(r, 90));
        }
    }

    private void melody(Spec s, SplittableRandom p, SplittableRandom r, int t0, int steps, int stepTicks, int[] scale, int degree) {
        int pos = degree + 7;
        int st = 0;
        while (st < steps) {
            int len = new int[] {1, 2, 2, 2, 4, 4, 6, 8}[p.nextInt(8)];
            if (p.nextInt(100) < 80) {
                note(t0 + st * stepTicks, len * stepTicks - 1, 60 + tone(s, scale, pos), vel(r, 95));
            }
            pos += p.nextInt(5) - 2;
            pos = Math.max(3, Math.min(14, pos));
            st += len;
        }
    }

    private static int tone(Spec s, int[] scale, int degree) {
        return s.tonic() + scale[degree % 7] + 12 * (degree / 7) - (s.tonic() > 6 ? 12 : 0);
    }

    private static int vel(SplittableRandom r, int base) {
        return Math.max(1, Math.min(127, base - 8 + r.nextInt(17)));
    }

    /** Adds a note as two packed events: tick in the high bits, note-off (0) sorting before note-on (1) at equal ticks. */
    private void note(int tick, int length, int key, int velocity) {
        if (eventCount + 2 > events.length) {
            events = Arrays.copyOf(events, events.length * 2);
        }
        key = Math.max(0, Math.min(127, key));
        events[eventCount++] = ((long) tick << 24) | (1L << 23) | ((long) key << 16) | ((long) velocity << 8);
        events[eventCount++] = ((long) (tick + Math.max(1, length)) << 24) | ((long) key << 16);
    }

    /** Writes the sorted events with delta times; returns the delta from the last event to the end of the track. */
    private int encode(Spec s, ByteBuf out, int channel, int lastTick) {
        Arrays.sort(events, 0, eventCount);
        long tick = 0;
        int status = -1;
        for (int i = 0; i < eventCount; i++) {
            long e = events[i];
            long t = e >>> 24;
            boolean on = (e & (1L << 23)) != 0;
            int key = (int) (e >>> 16) & 0x7F;
            int velocity = on ? (int) (e >>> 8) & 0x7F : s.noteOffAsZeroVelocity() ? 0 : 64;
            int st = (on || s.noteOffAsZeroVelocity() ? 0x90 : 0x80) | channel;
            out.putVlq((int) (t - tick));
            tick = t;
            if (st != status || !s.runningStatus()) {
                out.put(st);
                status = st;
            }
            out.put(key);
            out.put(velocity);
        }
        return (int) Math.max(0, lastTick - tick); // delta before end-of-track
    }
}
