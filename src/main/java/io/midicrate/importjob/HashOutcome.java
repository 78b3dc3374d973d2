package io.midicrate.importjob;

import java.time.Instant;

import io.midicrate.library.ErrorFamily;
import io.midicrate.names.NameMetadata;
import io.midicrate.smf.SmfHeader;

/** What the hash step makes of one candidate. */
public sealed interface HashOutcome {

    String path();

    record Imported(String path, long size, Instant mtime, byte[] blake3, SmfHeader header, NameMetadata names)
            implements HashOutcome {
    }

    record Failed(String path, ErrorFamily family, String message) implements HashOutcome {
    }
}
