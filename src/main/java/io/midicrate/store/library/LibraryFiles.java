package io.midicrate.store.library;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The import job's writes of the library: {@code content} rows (one per BLAKE3) and {@code location} rows (one per
 * path, re-pointed when a path's bytes changed) of a chunk of hashed files, copied ({@code COPY}) into a temporary
 * staging table of the session and merged by one set-based statement per table, in the caller's transaction.
 * Both statements are idempotent, so a chunk replayed after a crash leaves exactly the rows it would have left.
 */
@Repository
public class LibraryFiles {

    /** A hashed file: its content's facts, its name metadata and where it is. */
    public record Hashed(byte[] blake3, long size, Integer smfFormat, int declaredTracks, int division, boolean rmid,
                         String path, Integer nameBpm, String nameKey, List<String> nameGenres,
                         List<String> nameRoles, String pack, Instant mtime) {
    }

    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS hashed_stage (ord integer, blake3 bytea, size bigint, smf_format smallint,
                declared_tracks integer, division integer, rmid boolean, path text COLLATE "C", name_bpm integer,
                name_key text, name_genres text[], name_roles text[], pack text, mtime timestamptz) ON COMMIT DELETE ROWS;
            DELETE FROM hashed_stage""";

    private static final List<String> COLUMNS = List.of("ord", "blake3", "size", "smf_format", "declared_tracks",
            "division", "rmid", "path", "name_bpm", "name_key", "name_genres", "name_roles", "pack", "mtime");

    /**
     * A content row takes its name metadata from the smallest path that holds it (in byte order, as every path column
     * compares since V22, whatever the database's locale), whichever partition gets there first; that keeps the rows
     * identical between a straight run and a crashed-and-restarted one. Rows go in hash order, so partitions lock
     * content keys in the same order and cannot deadlock on a duplicate both insert.
     */
    private static final String CONTENT = """
            INSERT INTO content (blake3, size, smf_format, declared_tracks, division, rmid,
                                 canonical_path, name_bpm, name_key, name_genres, name_roles, pack, first_import_id)
            SELECT DISTINCT ON (blake3) blake3, size, smf_format, declared_tracks, division, rmid,
                   path, name_bpm, name_key, name_genres, name_roles, pack, ?
            FROM hashed_stage ORDER BY blake3, path
            ON CONFLICT (blake3) DO UPDATE SET canonical_path = EXCLUDED.canonical_path,
                name_bpm = EXCLUDED.name_bpm, name_key = EXCLUDED.name_key, name_genres = EXCLUDED.name_genres,
                name_roles = EXCLUDED.name_roles, pack = EXCLUDED.pack
            WHERE EXCLUDED.canonical_path < content.canonical_path""";

    /** The content id by a per-row index probe (a scalar subquery is never turned into a join over all content). */
    private static final String LOCATION = """
            INSERT INTO location (path, content_id, size, mtime, import_id, import_execution_id)
            SELECT DISTINCT ON (s.path) s.path, (SELECT c.id FROM content c WHERE c.blake3 = s.blake3), s.size, s.mtime, ?, ?
            FROM hashed_stage s ORDER BY s.path, s.ord DESC
            ON CONFLICT (path) DO UPDATE SET content_id = EXCLUDED.content_id, size = EXCLUDED.size,
                mtime = EXCLUDED.mtime, last_seen = now(), import_id = EXCLUDED.import_id,
                import_execution_id = EXCLUDED.import_execution_id, moved_to = NULL, moved_at = NULL, missing_since = NULL""";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public LibraryFiles(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Upserts the contents and locations of {@code files} for import run {@code importId}. */
    public void write(List<Hashed> files, long importId, long executionId) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        CopyRows.execute(dataSource, STAGING);
        CopyRows rows = new CopyRows(COLUMNS.size());
        for (Hashed f : files) {
            rows.row(rows.rows(), f.blake3(), f.size(), f.smfFormat(), f.declaredTracks(), f.division(), f.rmid(),
                    f.path(), f.nameBpm(), f.nameKey(), f.nameGenres() == null ? List.of() : f.nameGenres(),
                    f.nameRoles() == null ? List.of() : f.nameRoles(), f.pack(), f.mtime());
        }
        rows.copyInto(dataSource, "hashed_stage", COLUMNS);
        jdbc.update(CONTENT, importId);
        jdbc.update(LOCATION, importId, executionId);
    }
}
