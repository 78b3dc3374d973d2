package io.midicrate.smf;

/**
 * A text-like meta event, decoded leniently (UTF-8 when valid, else windows-1252) with control characters stripped.
 *
 * @param type the meta type byte (1 text, 2 copyright, 3 track name, 4 instrument name, 6 marker, 7 cue point, ...)
 */
public record TextEvent(int track, long tick, int type, String text) {
    public static final int TEXT = 0x01;
    public static final int COPYRIGHT = 0x02;
    public static final int TRACK_NAME = 0x03;
    public static final int INSTRUMENT_NAME = 0x04;
    public static final int LYRIC = 0x05;
    public static final int MARKER = 0x06;
    public static final int CUE_POINT = 0x07;
}
