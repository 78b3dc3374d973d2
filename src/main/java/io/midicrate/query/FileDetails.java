package io.midicrate.query;

import io.midicrate.analysis.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one distinct content: what {@code midicrate show} prints.
 *
 * @param analysis every column of its {@code analysis} row by name (schema order, tempo map as JSON text), or an
 *                 empty map when it was never analysed successfully
 * @param nearDuplicates other contents with the same note fingerprint (re-saved copies), up to
 *                       {@link #NEAR_DUPLICATE_LIMIT}; {@code nearDuplicateCount} counts them all
 */
public record FileDetails(long id, String blake3, long size, String status, Integer analysisVersion,
                          OffsetDateTime analyzedAt, OffsetDateTime firstSeen, long firstImportId, Header header,
                          Names names, List<PathInfo> paths, Map<String, Object> analysis,
                          List<Instrument> instruments, List<Tag> tags, List<ErrorInfo> errors,
                          List<HistoryEntry> history, List<NearDuplicate> nearDuplicates, long nearDuplicateCount) {

    public static final int NEAR_DUPLICATE_LIMIT = 100;

    /** Header facts read at import (SMF MThd). */
    public record Header(Integer smfFormat, Integer declaredTracks, Integer division, boolean rmid) {
    }

    /** What the file and folder names say. */
    public record Names(String canonicalPath, Integer bpm, String key, List<String> genres, List<String> roles,
                        String pack) {
    }

    /**
     * One path holding the bytes.
     *
     * @param exists  whether the file is still there now (for an archive entry: whether its outermost archive is)
     * @param movedTo where {@code dupes --apply} moved the file (into a quarantine), at {@code movedAt}; null when
     *                it was not moved
     */
    public record PathInfo(String path, long size, OffsetDateTime mtime, OffsetDateTime firstSeen,
                           OffsetDateTime lastSeen, long importExecutionId, boolean exists, String movedTo,
                           OffsetDateTime movedAt) {
    }

    public record Instrument(int channel, int program, String name, String family, boolean drums, int noteCount) {
    }


    public record ErrorInfo(long runId, String jobName, String path, String family, String message,
                            OffsetDateTime createdAt) {
    }

    /** One audited reprocess that changed this file: the changes as JSON text ({"field": {"old", "new"}}). */
    public record HistoryEntry(long auditId, OffsetDateTime changedAt, String operator, String reason,
                               String changes) {
    }

    public record NearDuplicate(long id, String path) {
    }
}
