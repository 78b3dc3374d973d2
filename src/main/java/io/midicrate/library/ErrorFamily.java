package io.midicrate.library;

/** Why a file could not be imported or analysed. Stored as text in {@code file_error.family}: names are stable. */
public enum ErrorFamily {
    /** The file exists but could not be read (permissions, I/O error). */
    UNREADABLE,
    /** The file was found by the scan but was gone when its bytes were read. */
    VANISHED,
    /** Zero bytes. */
    EMPTY,
    /** No MThd header: not a MIDI file (a PNG renamed .mid, a text file...). */
    NOT_MIDI,
    /** A MThd header cut short. */
    HEADER_TRUNCATED,
    /** Holds a header but no track with any event. */
    NO_TRACKS,
    /** Larger than the configured cap (midicrate.import.max-file-size) or an event cap. */
    TOO_LARGE,
    /** A .zip that cannot be read as an archive, or an entry that cannot be inflated. */
    CORRUPT_ZIP,
    /** An archive or entry that breaks the zip-bomb bounds (ratio, total size, entry count, lying sizes). */
    ZIP_BOMB,
    /** A followed symbolic link that leads back into its own ancestry. */
    SYMLINK_LOOP,
    /** A file or folder name that is not valid UTF-8, so it cannot be addressed faithfully. */
    BAD_NAME,
    /** No location of the content still holds the same bytes (analysis). */
    CONTENT_MISSING,
    /** The analysis core failed in a way it does not classify (a bug; the run goes on). */
    ANALYSIS_FAILED,
    /** The database refused this file's rows (a value out of a column's range, a constraint): the rest of its chunk is written. */
    DB_REJECTED
}
