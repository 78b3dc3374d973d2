package io.midicrate.smf;

/** Why a file was rejected as holding no music. Stored as text in error rows, so names are stable. */
public enum SmfErrorFamily {
    /** Zero bytes. */
    EMPTY,
    /** No {@code MThd} where one must be (a PNG renamed .mid, a text file...). */
    NOT_MIDI,
    /** {@code MThd} present but cut before its six header bytes end. */
    HEADER_TRUNCATED,
    /** A header but no track chunk with any event. */
    NO_TRACKS,
    /** The file exceeded a configured bound (events per file, bytes). */
    TOO_LARGE
}
