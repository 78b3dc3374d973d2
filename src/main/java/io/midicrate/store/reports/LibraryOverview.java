package io.midicrate.store.reports;

import java.time.Instant;
import java.util.List;

/**
 * What the library holds, counted once for the web page's home: totals and the data of its charts. Counting it
 * scans the library (seconds at a million files), so it is computed when a job has ended and stored
 * ({@link LibraryOverviewStore}), never per page view.
 *
 * @param computedAt     when it was counted
 * @param jobsMarker     the ended job executions it saw ({@link LibraryOverviewStore#jobsMarker()}): a different
 *                       marker now means a job ended since, and the overview is stale
 * @param keys           files per key index 0..23 (0..11 C..B major, 12..23 C..B minor), always 24 entries
 * @param tempo          files per 5 BPM band from 40 to 240 (labels "40", "45", ...), and below/above
 * @param meters         files per time signature, the most common first (the rest summed as "other")
 * @param families       files using each instrument family, the most common first
 * @param drums          files by drums: drums only, drums and pitched, pitched only, no notes
 * @param importedPerDay paths first seen per day, the latest 90 days that saw any
 * @param failures       files that failed, per error family (analysis failures and the latest import's problems)
 */
public record LibraryOverview(Instant computedAt, String jobsMarker, Totals totals, long[] keys, List<Count> tempo,
                              List<Count> meters, List<Count> families, List<Count> drums, List<Count> importedPerDay,
                              List<Count> failures) {

    /**
     * @param paths          every path (file or archive entry) the library holds now (not moved away, not missing)
     * @param contents       distinct contents (BLAKE3)
     * @param contentBytes   bytes of the distinct contents
     * @param duplicatePaths paths holding a content another path holds too
     * @param wastedBytes    bytes those duplicate paths take
     * @param analysed       contents analysed successfully
     * @param failed         contents whose analysis failed
     * @param pending        contents not analysed yet
     */
    public record Totals(long paths, long contents, long contentBytes, long duplicatePaths, long wastedBytes,
                         long analysed, long failed, long pending) {
    }

    public record Count(String label, long count) {
    }

    public long maxKeyCount() {
        long max = 0;
        for (long k : keys) {
            max = Math.max(max, k);
        }
        return max;
    }
}
