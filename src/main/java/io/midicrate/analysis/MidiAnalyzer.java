package io.midicrate.analysis;

import io.midicrate.analysis.Analysis.ChannelInstrument;
import io.midicrate.analysis.Analysis.DrumKit;
import io.midicrate.analysis.Analysis.FileFacts;
import io.midicrate.analysis.Analysis.InstrumentFacts;
import io.midicrate.analysis.Analysis.KeyCandidate;
import io.midicrate.analysis.Analysis.KeyFacts;
import io.midicrate.analysis.Analysis.KeySource;
import io.midicrate.analysis.Analysis.NoteFacts;
import io.midicrate.analysis.Analysis.TempoFacts;
import io.midicrate.analysis.Analysis.TempoPoint;
import io.midicrate.analysis.Analysis.TextFacts;
import io.midicrate.analysis.Analysis.TimeFacts;
import io.midicrate.smf.KeySignature;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.NoteTable;
import io.midicrate.smf.SmfParser;
import io.midicrate.smf.TempoMap;
import io.midicrate.smf.TextEvent;
import io.midicrate.smf.TimeSignature;
import io.midicrate.smf.TrackInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a parsed MIDI file into {@link Analysis} facts.
 *
 * <p><b>Not thread-safe.</b> Holds a parser, FFT plans and work buffers; use one per thread.
 */
public final class MidiAnalyzer {

    /** Bump whenever any analysis result can change, so stored rows can be recomputed. */
    // 2: seconds by one multiplication per tempo segment; onset BPM from the first 17.5 s
    // 3: key from KeyEstimator.DEFAULT (bass, final chord, segments); onset BPM by the meter-aware period choice
    // 4: the parser keeps long rests in repaired tracks (a clipped data byte no longer costs the notes after one);
    //    one spelling per key (a declared D# minor is Eb minor); "drums" tags only from the notes
    // 5: chords, numerals and progression (ChordRecognizer); the key estimate adds tonic evidence from the chords
    public static final int ANALYSIS_VERSION = 5;


    public static final int TEMPO_MAP_CAP = 64;
    static final int TEXT_LIST_CAP = 64;
    /** Fingerprint grid: onsets and durations are rounded to 1/48 of a beat (covers 32nds and 16th triplets). */
    static final int FINGERPRINT_STEPS_PER_BEAT = 48;
    /** An out-of-order note moved further back than this makes the fingerprint sort its whole onset group. */
    private static final int FINGERPRINT_INSERT_LIMIT = 32;

    private static final java.lang.invoke.VarHandle LONG_BIG_ENDIAN =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final int[] MAJOR_SCALE = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR_SCALE = {0, 2, 3, 5, 7, 8, 10};

    private final SmfParser parser;
    private final KeyEstimator keyEstimator;
    private final ChordRecognizer chords;
    private final HarmonicKey harmonicKey;
    private final OnsetTempoEstimator tempoEstimator = new OnsetTempoEstimator();
    private final SoundProfile soundProfile = new SoundProfile();
    private final MessageDigest sha256;
    private long[] scratch = new long[1024];
    private byte[] hashBytes = new byte[8192];
    private final int[] programNotes = new int[16 * 128];

    public MidiAnalyzer() {
        this(new SmfParser(), KeyEstimator.DEFAULT);
    }

    public MidiAnalyzer(SmfParser parser, KeyEstimator.Params keyParams) {
        this(parser, keyParams, ChordRecognizer.DEFAULT, HarmonicKey.DEFAULT);
    }

    public MidiAnalyzer(SmfParser parser, KeyEstimator.Params keyParams, ChordRecognizer.Params chordParams,
                        HarmonicKey.Params harmonicKeyParams) {
        this.parser = parser;
        this.keyEstimator = new KeyEstimator(keyParams);
        this.chords = new ChordRecognizer(chordParams);
        this.harmonicKey = new HarmonicKey(harmonicKeyParams);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses then analyses; throws {@link io.midicrate.smf.SmfException} for files holding no music. */
    public Analysis analyze(byte[] data, int length) {
        return analyze(parser.parseTransient(data, length)); // the parsed file does not outlive this call
    }

    public Analysis analyze(MidiFile file) {
        NoteTable notes = file.notes();
        FileFacts fileFacts = new FileFacts(file.format(), file.tracks().size(), file.declaredTracks(),
                file.ticksPerQuarter(), file.smpte(), file.rmid(), file.eventCount(), file.warnings());
        scanNotes(notes);
        TimeFacts time = time(file);
        TempoFacts tempo = tempo(file, time);
        chords.recognize(notes, file.ticksPerQuarter(), file.timeSignatures());
        KeyFacts key = key(file);
        NoteFacts noteFacts = noteFacts(file);
        double bpm = tempo.declared() || !Double.isFinite(tempo.estimatedBpm()) ? tempo.dominantBpm() : tempo.estimatedBpm();
        return new Analysis(ANALYSIS_VERSION, fileFacts, tempo, key, time, noteFacts, instruments(notes), text(file),
                chords.facts(key.finalIndex(), file.tempoMap()),
                soundProfile.profile(file, key.pitchClassSeconds(), key.finalIndex(), bpm, noteFacts),
                fingerprint(file));
    }

    // ------------------------------------------------------------------------------------------------ tempo

    private TempoFacts tempo(MidiFile file, TimeFacts time) {
        TempoMap map = file.tempoMap();
        int segments = map.segments();
        double initial = map.segmentBpm(0);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int changes = 0;
        List<TempoPoint> points = new ArrayList<>(Math.min(segments, TEMPO_MAP_CAP));
        for (int i = 0; i < segments; i++) {
            double bpm = map.segmentBpm(i);
            min = Math.min(min, bpm);
            max = Math.max(max, bpm);
            if (i > 0 && map.segmentUsPerQuarter(i) != map.segmentUsPerQuarter(i - 1)) {
                changes++;
            }
            if (points.size() < TEMPO_MAP_CAP) {
                points.add(new TempoPoint(map.segmentTick(i), map.segmentSeconds(i), bpm));
            }
        }
        double dominant = dominantBpm(file);
        // the meter in force at the first note (4/4 when none is declared): it names the metrical levels, not their speed
        OnsetTempoEstimator.Estimate estimate = tempoEstimator.estimate(file.notes(), time.numerator(), time.denominator());
        boolean disagrees = !map.declared() && estimate.present() && estimate.confidence() >= 0.2
                && !near(estimate.bpm(), 120) && !near(estimate.bpm(), 60) && !near(estimate.bpm(), 240);
        return new TempoFacts(map.declared(), initial, dominant, min, max, map.declaredCount(), changes,
                List.copyOf(points), segments > TEMPO_MAP_CAP, estimate.bpm(), estimate.confidence(), disagrees);
    }

    /** The tempo in force for the longest time (seconds, within the file's length), equal tempi summed over segments. */
    static double dominantBpm(MidiFile file) {
        TempoMap map = file.tempoMap();
        int segments = map.segments();
        double endSeconds = file.durationSeconds();
        long[] byTempo = new long[segments];
        for (int i = 0; i < segments; i++) {
            byTempo[i] = ((long) map.segmentUsPerQuarter(i) << 32) | i;
        }
        Arrays.sort(byTempo);
        double dominant = map.segmentBpm(0);
        double dominantSeconds = -1;
        int dominantFirst = Integer.MAX_VALUE;
        for (int i = 0; i < segments; ) {
            int us = (int) (byTempo[i] >>> 32);
            double total = 0;
            int first = Integer.MAX_VALUE;
            for (; i < segments && (int) (byTempo[i] >>> 32) == us; i++) {
                int seg = (int) byTempo[i];
                double from = map.segmentSeconds(seg);
                double to = seg + 1 < segments ? map.segmentSeconds(seg + 1) : Math.max(endSeconds, from);
                total += Math.max(0, Math.min(to, endSeconds) - from);
                first = Math.min(first, seg);
            }
            if (total > dominantSeconds || (total == dominantSeconds && first < dominantFirst)) {
                dominantSeconds = total;
                dominantFirst = first;
                dominant = 60_000_000.0 / us;
            }
        }
        return dominant;
    }

    private static boolean near(double bpm, double reference) {
        return Math.abs(bpm - reference) <= 0.04 * reference;
    }

    // ------------------------------------------------------------------------------------------------ key

    /**
     * The key facts: the estimate from the notes alone (pitch profile plus the tonic evidence of the chords found
     * by {@link #chords}), and the key signature beside it. Fewer than two pitch classes give no estimate.
     */
    private KeyFacts key(MidiFile file) {
        KeyEstimator.Estimate estimate = keyEstimator.estimate(file.notes());
        double[] histogram = keyEstimator.pitchClassSeconds();
        KeyEstimator.Estimate combined = harmonicKey.combine(keyEstimator, estimate, chords);
        KeyCandidate best = null;
        KeyCandidate second = null;
        if (combined.best() >= 0) {
            best = new KeyCandidate(combined.best(), Keys.name(combined.best()), combined.bestScore());
            second = new KeyCandidate(combined.second(), Keys.name(combined.second()), combined.secondScore());
        }
        List<KeySignature> sigs = file.keySignatures();
        int declared = -1;
        String declaredName = null;
        boolean declaredCMajor = false;
        if (!sigs.isEmpty()) {
            KeySignature first = sigs.get(0);
            declared = Keys.fromSignature(first.sharps(), first.minor());
            declaredName = Keys.name(declared); // one spelling per key, whichever signature declared it
            declaredCMajor = first.sharps() == 0 && !first.minor();
        }
        int finalIndex;
        String finalName;
        KeySource source;
        if (declared >= 0 && !declaredCMajor) {
            finalIndex = declared;
            finalName = declaredName;
            source = KeySource.KEY_SIGNATURE;
        } else if (best != null) {
            finalIndex = best.index();
            finalName = best.name();
            source = KeySource.ESTIMATE;
        } else {
            finalIndex = -1;
            finalName = null;
            source = KeySource.NONE;
        }
        return new KeyFacts(keyEstimator.params().profile().name(), best, second, combined.confidence(), declared, declaredName, sigs.size(),
                finalIndex, finalName, source, histogram);
    }


    // ------------------------------------------------------------------------------------------------ time

    private static TimeFacts time(MidiFile file) {
        List<TimeSignature> sigs = file.timeSignatures();
        NoteTable notes = file.notes();
        long firstNote = notes.count() > 0 ? notes.startTick()[0] : Long.MAX_VALUE;
        int num = 4;
        int den = 4;
        boolean declared = false;
        if (!sigs.isEmpty() && sigs.get(0).tick() <= Math.max(0, firstNote == Long.MAX_VALUE ? 0 : firstNote)) {
            num = sigs.get(0).numerator();
            den = sigs.get(0).denominator();
            declared = true;
        }
        int changes = 0;
        double bars = 0;
        long length = file.lengthTicks();
        int ppq = file.ticksPerQuarter();
        long segStart = 0;
        int curNum = 4;
        int curDen = 4;
        int inForceNum = num;
        int inForceDen = den;
        for (int i = 0; i < sigs.size(); i++) {
            TimeSignature ts = sigs.get(i);
            long at = Math.min(ts.tick(), length);
            bars += (at - segStart) / (curNum * ppq * 4.0 / curDen);
            segStart = at;
            curNum = ts.numerator();
            curDen = ts.denominator();
            if (i == 0 && declared) {
                continue; // the start's own signature
            }
            if (curNum != inForceNum || curDen != inForceDen) {
                changes++;
            }
            inForceNum = curNum;
            inForceDen = curDen;
        }
        bars += (length - segStart) / (curNum * ppq * 4.0 / curDen);
        return new TimeFacts(num, den, declared, changes, length, file.durationSeconds(), bars);
    }

    // ------------------------------------------------------------------------------------------------ notes

    // filled by scanNotes for the file being analysed
    private final int[] keyNotes = new int[256]; // pitched keys at 0..127, drum keys at 128..255
    private long velocitySum;
    private long velocitySquares;

    /**
     * The one pass over the notes that the note and instrument facts share: notes per key (drums apart), per
     * channel and program, and velocity sums (the key estimator makes its own pass, which it needs in onset groups).
     * Drums go to spare slots rather than through a branch: drum and pitched notes interleave at random.
     */
    private void scanNotes(NoteTable notes) {
        Arrays.fill(keyNotes, 0);
        Arrays.fill(programNotes, 0);
        int[] info = notes.info();
        long velSum = 0;
        long velSq = 0;
        for (int i = 0; i < notes.count(); i++) {
            int packed = info[i];
            int ch = NoteTable.channelOf(packed);
            int k = NoteTable.keyOf(packed);
            int v = NoteTable.velocityOf(packed);
            int drum = ((ch ^ NoteTable.DRUM_CHANNEL) - 1) >>> 31; // 1 on the drum channel
            velSum += v;
            velSq += v * v;
            programNotes[(ch << 7) | NoteTable.programOf(packed)]++;
            keyNotes[k | (drum << 7)]++;
        }
        velocitySum = velSum;
        velocitySquares = velSq;
    }

    private NoteFacts noteFacts(MidiFile file) {
        NoteTable notes = file.notes();
        int n = notes.count();
        int pitched = 0;
        int pitchMin = 128;
        int pitchMax = -1;
        long pitchSum = 0;
        int distinct = 0;
        int[] pcCount = new int[12];
        for (int k = 0; k < 128; k++) {
            int c = keyNotes[k];
            if (c > 0) {
                pitched += c;
                pitchSum += (long) k * c;
                pitchMin = Math.min(pitchMin, k);
                pitchMax = k;
                pcCount[k % 12] += c;
                distinct++;
            }
        }
        double velSum = velocitySum;
        double velSq = velocitySquares;
        double velMean = n > 0 ? velSum / n : Double.NaN;
        double velStd = n > 0 ? Math.sqrt(Math.max(0, velSq / n - velMean * velMean)) : Double.NaN;
        double entropy = Double.NaN;
        double scale = Double.NaN;
        if (pitched > 0) {
            entropy = 0;
            for (int c : pcCount) {
                if (c > 0) {
                    double p = (double) c / pitched;
                    entropy -= p * Math.log(p) / Math.log(2);
                }
            }
            int bestIn = 0;
            for (int tonic = 0; tonic < 12; tonic++) {
                bestIn = Math.max(bestIn, inScale(pcCount, tonic, MAJOR_SCALE));
                bestIn = Math.max(bestIn, inScale(pcCount, tonic, MINOR_SCALE));
            }
            scale = (double) bestIn / pitched;
        }
        double seconds = file.durationSeconds();
        double perSecond = seconds > 0 ? n / seconds : Double.NaN;
        return new NoteFacts(n, pitched, n - pitched, distinct, pitched > 0 ? pitchMin : -1, pitched > 0 ? pitchMax : -1,
                pitched > 0 ? (double) pitchSum / pitched : Double.NaN, velMean, velStd, polyphonyMean(notes, pitched),
                polyphonyMax, perSecond, entropy, scale, emptyBeatRate(file), file.unterminatedNotes());
    }

    private int polyphonyMax;

    /**
     * Time-weighted mean count of sounding pitched notes over the time any sounds; sets {@link #polyphonyMax}.
     * Sweeps notes in start order with a primitive min-heap of the sounding notes' ends (log of polyphony per note).
     */
    private double polyphonyMean(NoteTable notes, int pitched) {
        polyphonyMax = 0;
        if (pitched == 0) {
            return Double.NaN;
        }
        if (scratch.length < pitched + 1) {
            scratch = new long[Math.max(pitched + 1, scratch.length * 2)];
        }
        long[] heap = scratch;
        int size = 0;
        long last = 0;
        double weighted = 0;
        double covered = 0;
        long[] starts = notes.startTick();
        long[] ends = notes.endTick();
        for (int i = 0; i < notes.count(); i++) {
            if (notes.isDrum(i) || ends[i] <= starts[i]) {
                continue;
            }
            long t = starts[i];
            // retire notes ending at or before this start (an end at the same tick is no overlap)
            while (size > 0 && heap[0] <= t) {
                long end = heap[0];
                weighted += (double) size * (end - last);
                covered += end - last;
                last = end;
                heap[0] = heap[--size];
                siftDown(heap, size);
            }
            if (size > 0) {
                weighted += (double) size * (t - last);
                covered += t - last;
            }
            last = t;
            int k = size++;
            heap[k] = ends[i];
            while (k > 0 && heap[(k - 1) >> 1] > heap[k]) {
                long tmp = heap[k];
                heap[k] = heap[(k - 1) >> 1];
                heap[(k - 1) >> 1] = tmp;
                k = (k - 1) >> 1;
            }
            polyphonyMax = Math.max(polyphonyMax, size);
        }
        while (size > 0) {
            long end = heap[0];
            weighted += (double) size * (end - last);
            covered += end - last;
            last = end;
            heap[0] = heap[--size];
            siftDown(heap, size);
        }
        return covered > 0 ? weighted / covered : Double.NaN;
    }

    private static void siftDown(long[] heap, int size) {
        int k = 0;
        while (true) {
            int c = 2 * k + 1;
            if (c >= size) {
                return;
            }
            if (c + 1 < size && heap[c + 1] < heap[c]) {
                c++;
            }
            if (heap[k] <= heap[c]) {
                return;
            }
            long tmp = heap[k];
            heap[k] = heap[c];
            heap[c] = tmp;
            k = c;
        }
    }

    private static int inScale(int[] pcCount, int tonic, int[] scale) {
        int in = 0;
        for (int step : scale) {
            in += pcCount[(tonic + step) % 12];
        }
        return in;
    }

    /** Share of quarter-note beats within the file's length where no note starts; no allocation by length. */
    private static double emptyBeatRate(MidiFile file) {
        long ppq = file.ticksPerQuarter();
        long beats = (file.lengthTicks() + ppq - 1) / ppq;
        if (beats <= 0) {
            return Double.NaN;
        }
        NoteTable notes = file.notes();
        long withOnset = 0;
        long nextBeatTick = Long.MIN_VALUE; // starts are sorted: divide only when a note starts past the current beat
        long[] start = notes.startTick();
        for (int i = 0; i < notes.count(); i++) {
            long tick = start[i];
            if (tick >= nextBeatTick) {
                long beat = tick / ppq;
                if (beat >= beats) {
                    break;
                }
                withOnset++;
                nextBeatTick = (beat + 1) * ppq;
            }
        }
        return 1.0 - (double) withOnset / beats;
    }

    // ------------------------------------------------------------------------------------------------ instruments

    /** From the counts of {@link #scanNotes}. */
    private InstrumentFacts instruments(NoteTable notes) {
        int[] pieces = new int[GeneralMidi.KitPiece.values().length];
        int drums = 0;
        for (int k = 0; k < 128; k++) {
            int c = keyNotes[128 + k];
            drums += c;
            pieces[GeneralMidi.kitPiece(k).ordinal()] += c;
        }
        List<ChannelInstrument> channels = new ArrayList<>();
        for (int slot = 0; slot < programNotes.length; slot++) {
            int count = programNotes[slot];
            if (count > 0) {
                int ch = slot >> 7;
                int program = slot & 0x7F;
                boolean drum = ch == NoteTable.DRUM_CHANNEL;
                channels.add(new ChannelInstrument(ch, program,
                        drum ? GeneralMidi.drumKitName(program) : GeneralMidi.programName(program),
                        drum ? GeneralMidi.DRUM_FAMILY : GeneralMidi.family(program), drum, count));
            }
        }
        DrumKit kit = new DrumKit(pieces[0], pieces[1], pieces[2], pieces[3], pieces[4], pieces[5]);
        return new InstrumentFacts(List.copyOf(channels), drums > 0, drums > 0 && drums == notes.count(), kit);
    }

    // ------------------------------------------------------------------------------------------------ text

    private static TextFacts text(MidiFile file) {
        List<String> trackNames = new ArrayList<>();
        for (TrackInfo t : file.tracks()) {
            if (t.name() != null && !t.name().isEmpty() && trackNames.size() < TEXT_LIST_CAP) {
                trackNames.add(t.name());
            }
        }
        Set<String> instruments = new LinkedHashSet<>();
        List<String> markers = new ArrayList<>();
        String copyright = null;
        int textCount = 0;
        for (TextEvent e : file.texts()) {
            switch (e.type()) {
                case TextEvent.INSTRUMENT_NAME -> {
                    if (instruments.size() < TEXT_LIST_CAP) {
                        instruments.add(e.text());
                    }
                }
                case TextEvent.COPYRIGHT -> {
                    if (copyright == null) {
                        copyright = e.text();
                    }
                }
                case TextEvent.MARKER -> {
                    if (markers.size() < TEXT_LIST_CAP) {
                        markers.add(e.text());
                    }
                }
                case TextEvent.TEXT -> textCount++;
                default -> {
                }
            }
        }
        return new TextFacts(List.copyOf(trackNames), List.copyOf(instruments), copyright, List.copyOf(markers),
                file.lyricCount(), textCount);
    }

    // ------------------------------------------------------------------------------------------------ fingerprint

    /**
     * SHA-256 (first 16 bytes, hex) over the sorted normalised notes: onset in 1/48 beats from the first note,
     * drum flag and key, duration in 1/48 beats. Channels, tracks, tempo, PPQ and meta events do not enter it, so
     * re-saved copies of the same music hash alike. Empty string for files with no notes.
     */
    private String fingerprint(MidiFile file) {
        NoteTable notes = file.notes();
        int n = notes.count();
        if (n == 0) {
            return "";
        }
        if (scratch.length < n) {
            scratch = new long[Math.max(n, scratch.length * 2)];
        }
        long[] items = scratch;
        double stepsPerTick = (double) FINGERPRINT_STEPS_PER_BEAT / file.ticksPerQuarter();
        long[] startTick = notes.startTick();
        long[] endTick = notes.endTick();
        int[] info = notes.info();
        long origin = startTick[0];
        for (int i = 0; i < n; i++) {
            long start = startTick[i];
            // both are at least 0, where adding a half and truncating rounds half up like Math.round, cheaper
            long onset = Math.min((long) ((start - origin) * stepsPerTick + 0.5), (1L << 39) - 1);
            long duration = Math.min((long) ((endTick[i] - start) * stepsPerTick + 0.5), 0xFFFFL);
            int packed = info[i];
            long pitch = NoteTable.keyOf(packed) | (NoteTable.channelOf(packed) == NoteTable.DRUM_CHANNEL ? 0x80 : 0);
            items[i] = (onset << 24) | (pitch << 16) | duration;
        }
        // onsets never decrease (notes come sorted by start), so only notes sharing an onset can be out of order: an
        // insertion sort, except that a group needing longer moves is sorted whole (no input makes this quadratic)
        for (int i = 1; i < n; i++) {
            long v = items[i];
            if (items[i - 1] <= v) {
                continue;
            }
            int j = i - 1;
            int floor = i - FINGERPRINT_INSERT_LIMIT;
            while (j >= 0 && j > floor && items[j] > v) {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = v;
            if (j >= 0 && items[j] > v) {
                long onset = v >>> 24;
                int from = j;
                while (from > 0 && items[from - 1] >>> 24 == onset) {
                    from--;
                }
                int to = i + 1;
                while (to < n && items[to] >>> 24 == onset) {
                    to++;
                }
                Arrays.sort(items, from, to);
                i = to - 1;
            }
        }
        sha256.reset();
        byte[] buf = hashBytes;
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (pos + 8 > buf.length) {
                sha256.update(buf, 0, pos);
                pos = 0;
            }
            LONG_BIG_ENDIAN.set(buf, pos, items[i]);
            pos += 8;
        }
        sha256.update(buf, 0, pos);
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }
}
