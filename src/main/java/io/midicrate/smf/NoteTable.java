package io.midicrate.smf;

/**
 * Every note of a file as parallel primitive arrays (no object per note), sorted by start tick (ties keep file order).
 * Arrays are owned by this table and must not be modified. Channel 9 (MIDI channel 10) notes are drum hits.
 *
 * @param startTick   absolute tick of the note-on
 * @param endTick     absolute tick of the matching note-off, or of the track's end when it never had one
 * @param startSeconds start through the whole tempo map
 * @param endSeconds  end through the whole tempo map
 * @param key         MIDI key 0..127
 * @param velocity    note-on velocity 1..127
 * @param channel     0..15
 * @param program     the program in force on the channel at the note-on (0 when none was set)
 * @param track       track chunk index
 */
public record NoteTable(int count, long[] startTick, long[] endTick, double[] startSeconds, double[] endSeconds,
                        byte[] key, byte[] velocity, byte[] channel, byte[] program, short[] track) {

    public static final int DRUM_CHANNEL = 9;

    public boolean isDrum(int i) {
        return channel[i] == DRUM_CHANNEL;
    }
}
