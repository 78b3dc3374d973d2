package io.midicrate.smf;

/**
 * One kind of repair the lenient parser made to read a file. Stored as text in warning rows, so names are stable;
 * add new kinds at the end.
 */
public enum SmfWarning {
    /** The file ends inside a track: the events before the cut are kept. */
    TRUNCATED,
    /** A track's declared length runs past its end-of-track, into the next track or past the file; resynced on the next {@code MTrk}. */
    TRACK_LENGTH_TOO_LARGE,
    /** A track's declared length stops before its events do; reading continued to its end-of-track or the next {@code MTrk}. */
    TRACK_LENGTH_TOO_SMALL,
    /** A track without an end-of-track event; it ends at its chunk's end. */
    MISSING_END_OF_TRACK,
    /** Bytes after the last chunk that are no chunk (zero padding, junk). */
    TRAILING_GARBAGE,
    /** Junk between chunks that was skipped to reach the next {@code MTrk}. */
    JUNK_BETWEEN_CHUNKS,
    /** A data byte where a status byte was needed and no running status existed; skipped to the next status byte. */
    RUNNING_STATUS_WITHOUT_STATUS,
    /** A channel-message data byte above 127 (e.g. velocity 0xCC); clipped to 127 as mido's {@code clip=True} does. */
    DATA_BYTE_OUT_OF_RANGE,
    /** The header's track count disagrees with the {@code MTrk} chunks found; all chunks found are read. */
    TRACK_COUNT_MISMATCH,
    /** A second {@code MThd} after the first file's tracks (two files glued together); only the first file is read. */
    CONCATENATED_SMF,
    /** Notes never switched off; closed at their track's end. */
    UNTERMINATED_NOTES,
    /** A status byte no Standard MIDI File may hold (F4, F5, F9, FD); the rest of the track was skipped. */
    INVALID_STATUS_BYTE,
    /** A tempo, time- or key-signature meta event too short or with impossible values; ignored. */
    BAD_META_EVENT,
    /** A variable-length number longer than four bytes. */
    BAD_VARIABLE_LENGTH,
    /** An unknown chunk type (not {@code MTrk}), skipped by its length. */
    UNKNOWN_CHUNK,
    /** The header chunk length is not 6. */
    HEADER_LENGTH_UNUSUAL,
    /** Format other than 0, 1 or 2; read as format 1. */
    UNSUPPORTED_FORMAT,
    /** Division 0 or an impossible SMPTE rate; 480 ticks per quarter assumed. */
    INVALID_DIVISION,
    /** The configured cap on events per file was hit; the events before it are kept. */
    EVENT_LIMIT_REACHED,
    /** More track chunks than the configured cap; the rest were not read. */
    TRACK_LIMIT_REACHED,
    /**
     * A delta-time too long to be music (in a track already repaired, longer than 16 bars; anywhere, longer than 3,600
     * quarter notes): garbage read as time. It is dropped and reading resyncs on the next status byte, so a repair
     * cannot invent hours of silence.
     */
    IMPLAUSIBLE_DELTA
}
