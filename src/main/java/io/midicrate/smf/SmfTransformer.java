package io.midicrate.smf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a Standard MIDI File into another key and tempo, byte for byte everywhere else: note numbers (note on, note
 * off, poly pressure) move by the semitones on every channel but 10 (drums), key signatures name the moved key, and
 * every tempo event is scaled so that the tempo at tick 0 becomes the target BPM (the tempo map keeps its shape).
 * Nothing is re-encoded: running status, deltas, chunk order and unknown chunks stay as they are. A file without a
 * tempo at tick 0 (it plays at 120 BPM) gets one tempo event at the start of its first track, the one insertion.
 * A note moved past 0..127 moves by octaves back into range. Rewriting a result again with the same target changes
 * nothing.
 *
 * <p>The file is read strictly, as {@link SmfSplitter} reads it: one that needs a repair to be read is refused
 * ({@link SmfSplitter.CannotSplit}), because a repaired reading is a guess.
 */
public final class SmfTransformer {

    private static final int META = 0xFF;
    private static final int TEMPO = 0x51;
    private static final int KEY_SIGNATURE = 0x59;
    private static final int DEFAULT_TEMPO = 500_000;
    private static final int DRUM_CHANNEL = NoteTable.DRUM_CHANNEL;
    /** sharps (negative: flats) of the major key on each tonic, C..B, as they are usually written */
    private static final int[] MAJOR_SHARPS = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};

    private SmfTransformer() {
    }

    /**
     * The first {@code length} bytes of {@code data} moved by {@code semitones} and played at {@code bpm} (null: its
     * own tempo). With nothing to change the bytes come back as they are.
     *
     * @throws SmfException when the file is not MIDI or holds too many events
     * @throws SmfSplitter.CannotSplit when it needs a repair to be read
     */
    public static byte[] transform(byte[] data, int length, int semitones, Double bpm) {
        length = Math.min(length, data.length);
        List<SmfSplitter.SourceTrack> tracks = new SmfSplitter().tracks(data, length);
        byte[] out = Arrays.copyOf(data, length);
        List<SmfSplitter.Event> tempi = new ArrayList<>();
        SmfSplitter.Event start = null;
        for (SmfSplitter.SourceTrack track : tracks) {
            for (SmfSplitter.Event e : track.events()) {
                if (semitones != 0 && e.isChannel() && e.channel() != DRUM_CHANNEL && isNote(e.status())) {
                    out[e.offset()] = (byte) move(data[e.offset()], semitones);
                } else if (e.status() == META && e.type() == KEY_SIGNATURE && e.length() == 2 && semitones != 0) {
                    out[e.offset()] = (byte) moveSignature(data[e.offset()], semitones);
                } else if (e.status() == META && e.type() == TEMPO && e.length() == 3) {
                    tempi.add(e);
                    if (e.tick() == 0 && start == null) {
                        start = e;
                    }
                }
            }
        }
        if (bpm == null) {
            return out;
        }
        if (!(bpm > 0) || bpm > 999) {
            throw new IllegalArgumentException("a tempo is above 0 and at most 999 BPM, not " + bpm);
        }
        long target = Math.round(60_000_000.0 / bpm);
        long from = start == null ? DEFAULT_TEMPO : tempo(data, start.offset());
        for (SmfSplitter.Event e : tempi) {
            long scaled = Math.round((double) tempo(data, e.offset()) * target / from);
            put(out, e.offset(), (int) Math.max(1, Math.min(0xFFFFFF, scaled)));
        }
        return start == null ? withStartTempo(out, tracks.get(0).chunkStart(), (int) Math.min(0xFFFFFF, target)) : out;
    }

    private static boolean isNote(int status) {
        int command = status & 0xF0;
        return command == 0x80 || command == 0x90 || command == 0xA0;
    }

    static int move(byte note, int semitones) {
        int n = (note & 0x7F) + semitones;
        while (n > 127) {
            n -= 12;
        }
        while (n < 0) {
            n += 12;
        }
        return n;
    }

    /** A key signature's sharps after the key moves (its mode byte stays). */
    static int moveSignature(byte sharps, int semitones) {
        int tonic = Math.floorMod(sharps * 7, 12); // each sharp is a fifth up from C (a minor key: its relative major)
        return MAJOR_SHARPS[Math.floorMod(tonic + semitones, 12)];
    }

    private static int tempo(byte[] d, int at) {
        int t = (d[at] & 0xFF) << 16 | (d[at + 1] & 0xFF) << 8 | (d[at + 2] & 0xFF);
        return t > 0 ? t : DEFAULT_TEMPO;
    }

    private static void put(byte[] d, int at, int tempo) {
        d[at] = (byte) (tempo >>> 16);
        d[at + 1] = (byte) (tempo >>> 8);
        d[at + 2] = (byte) tempo;
    }

    private static void addLittleEndian(byte[] d, int at, int add) {
        long v = (d[at] & 0xFFL) | (d[at + 1] & 0xFFL) << 8 | (d[at + 2] & 0xFFL) << 16 | (d[at + 3] & 0xFFL) << 24;
        v += add;
        for (int i = 0; i < 4; i++) {
            d[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** The file with a tempo event (delta 0) first in the track whose chunk starts at {@code chunk}. */
    private static byte[] withStartTempo(byte[] d, int chunk, int tempo) {
        byte[] event = {0, (byte) META, TEMPO, 3, 0, 0, 0};
        put(event, 4, tempo);
        byte[] out = new byte[d.length + event.length];
        System.arraycopy(d, 0, out, 0, chunk + 8);
        System.arraycopy(event, 0, out, chunk + 8, event.length);
        System.arraycopy(d, chunk + 8, out, chunk + 8 + event.length, d.length - chunk - 8);
        long size = SmfHeader.u32(d, chunk + 4) + event.length;
        out[chunk + 4] = (byte) (size >>> 24);
        out[chunk + 5] = (byte) (size >>> 16);
        out[chunk + 6] = (byte) (size >>> 8);
        out[chunk + 7] = (byte) size;
        SmfHeader header = SmfHeader.read(d, d.length);
        if (header.rmid()) { // the RIFF container and its data chunk grow by the event too (little-endian sizes)
            addLittleEndian(out, 4, event.length);
            addLittleEndian(out, header.offset() - 4, event.length);
        }
        return out;
    }
}
