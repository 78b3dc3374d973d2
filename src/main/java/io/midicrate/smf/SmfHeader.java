package io.midicrate.smf;

/**
 * The facts in a Standard MIDI File's {@code MThd} chunk, read without parsing any track.
 * The import job uses this to check that a file is MIDI at all; the full parser builds on it.
 *
 * @param offset   where {@code MThd} starts (0, or inside a RIFF {@code RMID} wrapper)
 * @param format   0, 1 or 2 (other values are kept as read; the parser decides how lenient to be)
 * @param declaredTracks the track count the header declares (may disagree with the chunks)
 * @param division the raw division word: ticks per quarter note, or SMPTE when the top bit is set
 * @param rmid     whether the file is wrapped in a RIFF {@code RMID} container
 */
public record SmfHeader(int offset, int format, int declaredTracks, int division, boolean rmid) {

    /** Bytes needed to read any header: a RIFF wrapper (20) plus MThd (14), with slack for odd RIFF chunks. */
    public static final int PROBE_BYTES = 64;

    public boolean smpte() {
        return (division & 0x8000) != 0;
    }

    /** Ticks per quarter note, or 0 for SMPTE divisions. */
    public int ticksPerQuarter() {
        return smpte() ? 0 : division;
    }

    /**
     * Reads the header from the first {@code length} bytes of {@code data}.
     *
     * @throws SmfException with family NOT_MIDI, EMPTY or HEADER_TRUNCATED
     */
    public static SmfHeader read(byte[] data, int length) {
        if (length <= 0) {
            throw new SmfException(SmfErrorFamily.EMPTY, "file is empty");
        }
        int offset = 0;
        boolean rmid = false;
        if (length >= 12 && is(data, 0, 'R', 'I', 'F', 'F') && is(data, 8, 'R', 'M', 'I', 'D')) {
            rmid = true;
            offset = findChunk(data, length, 12);
            if (offset < 0) {
                throw new SmfException(SmfErrorFamily.NOT_MIDI, "RIFF RMID file without a 'data' chunk holding MThd");
            }
        }
        if (length - offset < 4 || !is(data, offset, 'M', 'T', 'h', 'd')) {
            throw new SmfException(SmfErrorFamily.NOT_MIDI, "no MThd header (starts with " + describe(data, length) + ")");
        }
        if (length - offset < 14) {
            throw new SmfException(SmfErrorFamily.HEADER_TRUNCATED, "MThd header cut short at " + (length - offset) + " bytes");
        }
        int format = u16(data, offset + 8);
        int tracks = u16(data, offset + 10);
        int division = u16(data, offset + 12);
        return new SmfHeader(offset, format, tracks, division, rmid);
    }

    /** Walks RIFF sub-chunks from {@code pos} to the {@code data} chunk; returns where its payload starts, or -1. */
    private static int findChunk(byte[] data, int length, int pos) {
        while (pos + 8 <= length) {
            long size = le32(data, pos + 4); // RIFF sizes are little-endian
            if (is(data, pos, 'd', 'a', 't', 'a')) {
                return pos + 8;
            }
            long next = pos + 8 + size + (size & 1);
            if (next > length) {
                return -1;
            }
            pos = (int) next;
        }
        return -1;
    }

    private static boolean is(byte[] d, int at, char a, char b, char c, char e) {
        return d[at] == a && d[at + 1] == b && d[at + 2] == c && d[at + 3] == e;
    }

    static int u16(byte[] d, int at) {
        return ((d[at] & 0xFF) << 8) | (d[at + 1] & 0xFF);
    }

    static long u32(byte[] d, int at) {
        return ((long) (d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
    }

    private static long le32(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8) | ((d[at + 2] & 0xFF) << 16) | ((long) (d[at + 3] & 0xFF) << 24);
    }

    private static String describe(byte[] d, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, length); i++) {
            int b = d[i] & 0xFF;
            sb.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return "'" + sb + "'";
    }
}
