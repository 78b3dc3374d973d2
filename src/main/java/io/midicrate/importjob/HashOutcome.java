package io.midicrate.importjob;

import java.time.Instant;

import io.midicrate.library.ErrorFamily;
import io.midicrate.names.NameMetadata;
import io.midicrate.smf.SmfHeader;

/** What the hash step makes of one candidate. */
public sealed interface HashOutcome {

    String path();

    /** The outcome that records a failure for this file instead (as a skipped write does). */
    default Failed failed(ErrorFamily family, String message) {
        return new Failed(path(), family, message);
    }

    record Imported(String path, long size, Instant mtime, byte[] blake3, SmfHeader header, NameMetadata names)
            implements HashOutcome {
    }

    record Failed(String path, ErrorFamily family, String message) implements HashOutcome {
    }
}
