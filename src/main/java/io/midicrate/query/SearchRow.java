package io.midicrate.query;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One distinct content in a result. Analysis fields are null for a file not analysed (or whose analysis failed).
 *
 * @param id          content id
 * @param path        the path the row shows: one the query's path terms and words were about ({@link ShownPath}), else
 *                    its first path (the smallest path holding it); archive entries as {@code a.zip!/b.mid}
 * @param otherPaths  how many other paths hold the same bytes
 * @param status      ok, failed or pending
 * @param instruments GM families of its channels, sorted
 * @param tags        tag names, sorted
 * @param blake3      BLAKE3-256 of the bytes, hex
 * @param favourite   starred by the user; {@code rating} 1..5 or null; {@code userTags} the user's own, sorted
 * @param progression its progression's chords ("Am F C G"), null without chords or analysis
 * @param numerals    the same as numerals in its key ("i VI III VII")
 * @param similarity  for a {@code like:} query, how alike it sounds to that file and why; null otherwise
 */
public record SearchRow(long id, String path, int otherPaths, String status, String key, String camelot, Double bpm,
                        String meter, Double bars, Double durationSeconds, Integer notes, Integer tracks,
                        Boolean drums, Boolean drumsOnly, List<String> instruments, List<String> tags, String pack,
                        long size, String blake3, OffsetDateTime firstSeen, boolean favourite, Integer rating,
                        List<String> userTags, String progression, String numerals, Similarity similarity) {

    /**
     * @param score 0..1, 1 for the same sound
     * @param why   what is alike, e.g. "same progression, rhythm 0.91, Camelot neighbour"
     */
    public record Similarity(double score, String why) {
    }

    public SearchRow {
        instruments = List.copyOf(instruments);
        tags = List.copyOf(tags);
        userTags = List.copyOf(userTags);
    }

    /** A row with nothing kept by the user, no harmony and no likeness. */
    public SearchRow(long id, String path, int otherPaths, String status, String key, String camelot, Double bpm,
                     String meter, Double bars, Double durationSeconds, Integer notes, Integer tracks, Boolean drums,
                     Boolean drumsOnly, List<String> instruments, List<String> tags, String pack, long size, String blake3,
                     OffsetDateTime firstSeen) {
        this(id, path, otherPaths, status, key, camelot, bpm, meter, bars, durationSeconds, notes, tracks, drums,
                drumsOnly, instruments, tags, pack, size, blake3, firstSeen, false, null, List.of(), null, null, null);
    }

    /** The same row showing another path of the same content (a file's path as the file system spells it). */
    public SearchRow withPath(String other) {
        return new SearchRow(id, other, otherPaths, status, key, camelot, bpm, meter, bars, durationSeconds, notes, tracks,
                drums, drumsOnly, instruments, tags, pack, size, blake3, firstSeen, favourite, rating, userTags,
                progression, numerals, similarity);
    }

    /** The same row with its likeness to a like: query's file. */
    public SearchRow withSimilarity(Similarity likeness) {
        return new SearchRow(id, path, otherPaths, status, key, camelot, bpm, meter, bars, durationSeconds, notes, tracks,
                drums, drumsOnly, instruments, tags, pack, size, blake3, firstSeen, favourite, rating, userTags,
                progression, numerals, likeness);
    }
}
