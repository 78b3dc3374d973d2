package io.midicrate.store.jobs;

import java.util.List;

/** What one import run saw; stored in {@code import_run} and printed by the CLI. */
public record ImportSummary(long importId, List<String> roots, long found, long newContents, long duplicates,
                            long unchanged, long failed, long bytesRead) {

    /** The run's counts as the job summary, {@code jobs} and the web jobs page say them. */
    public String counts() {
        return String.format("found %,d MIDI files: %,d new, %,d duplicate, %,d unchanged, %,d failed", found,
                newContents, duplicates, unchanged, failed);
    }
}
