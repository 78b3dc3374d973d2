package io.midicrate.importjob;

import java.time.Instant;

import io.midicrate.library.ErrorFamily;

/** What the scan finds: a MIDI file (or zip entry) to hash, or a problem to record. */
public sealed interface ScanItem {

    String path();

    record Candidate(String path, long size, Instant mtime) implements ScanItem {
    }

    record Problem(String path, ErrorFamily family, String message) implements ScanItem {
    }
}
