package io.midicrate.smf;

/**
 * Every note of a file as parallel primitive arrays (no object per note), sorted by start tick (ties keep file order).
 * Arrays are owned by this table and must not be modified; read their first {@link #count()} entries (a table from
 * {@link SmfParser#parseTransient} lends the parser's longer work buffers). Channel 9 (MIDI channel 10) notes are drum
 * hits.
 *
 * @param startTick    absolute tick of the note-on
 * @param endTick      absolute tick of the matching note-off, or of the track's end when it never had one
 * @param startSeconds start through the whole tempo map
 * @param endSeconds   end through the whole tempo map
 * @param info         key, velocity, channel and program packed in one int: read them with {@link #key(int)} and
 *                     the like, or from a loaded value with {@link #keyOf(int)} and the like (one array read per note)
 * @param track        track chunk index
 */
public record NoteTable(int count, long[] startTick, long[] endTick, double[] startSeconds, double[] endSeconds,
                        int[] info, short[] track) {

    public static final int DRUM_CHANNEL = 9;

    /** Packs a note's key 0..127, velocity 1..127, channel 0..15 and program 0..127 (at its note-on). */
    public static int pack(int key, int velocity, int channel, int program) {
        return key | (velocity << 7) | (channel << 14) | (program << 18);
    }

    public static int keyOf(int packed) {
        return packed & 0x7F;
    }

    public static int velocityOf(int packed) {
        return packed >>> 7 & 0x7F;
    }

    public static int channelOf(int packed) {
        return packed >>> 14 & 0xF;
    }

    public static int programOf(int packed) {
        return packed >>> 18 & 0x7F;
    }

    public int key(int i) {
        return keyOf(info[i]);
    }

    public int velocity(int i) {
        return velocityOf(info[i]);
    }

    public int channel(int i) {
        return channelOf(info[i]);
    }

    /** The program in force on the note's channel at its note-on (0 when none was set). */
    public int program(int i) {
        return programOf(info[i]);
    }

    public boolean isDrum(int i) {
        return channel(i) == DRUM_CHANNEL;
    }
}
