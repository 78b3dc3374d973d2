package io.midicrate.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import io.midicrate.analysis.Keys;
import io.midicrate.analysis.Tag;
import io.midicrate.library.LibraryPath;

/** Everything known about one content, by id or by one of its paths: the file page and {@code midicrate show}. */
@Component
public class FileDetailsQuery {

    private final JdbcTemplate jdbc;
    private final QueryExecution exec;

    public FileDetailsQuery(JdbcTemplate jdbc, QueryExecution exec) {
        this.jdbc = jdbc;
        this.exec = exec;
    }

    /** Everything known about one content. */
    public Optional<FileDetails> show(long contentId) {
        List<FileDetails> found = jdbc.query("""
                SELECT id, encode(blake3, 'hex') AS blake3, size, smf_format, declared_tracks, division, rmid,
                       canonical_path, name_bpm, name_key, name_genres, name_roles, pack, first_seen, first_import_id,
                       analyzed_at, analysis_version, analysis_status
                FROM content WHERE id = ?""", (rs, i) -> details(rs), contentId);
        return found.stream().findFirst();
    }

    /** Everything known about the content a path holds (the path exactly as stored). */
    public Optional<FileDetails> show(String path) {
        List<Long> ids = jdbc.queryForList("SELECT content_id FROM location WHERE path = ?", Long.class, path);
        return ids.isEmpty() ? Optional.empty() : show(ids.get(0));
    }

    /** Analysis columns that {@link FileDetails} lists as instruments and tags rather than among the analysis values. */
    private static final Set<String> SHOWN_APART = Set.of("tags", "instrument_families", "instruments",
            "progression_shape", "progression_chords", "chord_codes", "sound_vector", "sound_summary");

    private FileDetails details(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        FileDetails.Header header = new FileDetails.Header((Integer) Columns.intOrNull(rs, "smf_format"),
                (Integer) rs.getObject("declared_tracks"), (Integer) rs.getObject("division"), rs.getBoolean("rmid"));
        FileDetails.Names names = new FileDetails.Names(rs.getString("canonical_path"), (Integer) rs.getObject("name_bpm"),
                oneSpelling(rs.getString("name_key")), Columns.strings(rs.getArray("name_genres")), Columns.strings(rs.getArray("name_roles")),
                rs.getString("pack"));
        String blake3 = rs.getString("blake3");
        long size = rs.getLong("size");
        String status = Columns.status(rs.getString("analysis_status"), rs.getObject("analyzed_at"));
        Integer version = (Integer) rs.getObject("analysis_version");
        OffsetDateTime analyzedAt = rs.getObject("analyzed_at", OffsetDateTime.class);
        OffsetDateTime firstSeen = rs.getObject("first_seen", OffsetDateTime.class);
        long firstImport = rs.getLong("first_import_id");

        List<FileDetails.PathInfo> paths = jdbc.query("""
                SELECT path, size, mtime, first_seen, location_last_seen(path, last_seen, missing_since), import_execution_id,
                       moved_to, moved_at
                FROM location WHERE content_id = ? ORDER BY path""", (r, i) -> new FileDetails.PathInfo(r.getString(1),
                r.getLong(2), r.getObject(3, OffsetDateTime.class), r.getObject(4, OffsetDateTime.class),
                r.getObject(5, OffsetDateTime.class), r.getLong(6), exists(r.getString(1)), r.getString(7),
                r.getObject(8, OffsetDateTime.class)), id);
        Map<String, Object> analysis = new LinkedHashMap<>();
        String[] fingerprint = {null};
        jdbc.query("SELECT *, tempo_map::text AS tempo_map_text FROM analysis WHERE content_id = ?", r -> {
            ResultSetMetaData md = r.getMetaData();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                String name = md.getColumnLabel(c);
                if (name.equals("tempo_map") || name.equals("search_vector") || SHOWN_APART.contains(name)) {
                    continue;
                }
                Object value = r.getObject(c);
                if (value instanceof Array a) {
                    value = Columns.strings(a);
                } else if (value instanceof java.sql.Timestamp) {
                    value = r.getObject(c, OffsetDateTime.class);
                }
                analysis.put(name.equals("tempo_map_text") ? "tempo_map" : name, value);
            }
            fingerprint[0] = r.getString("note_fingerprint");
        }, id);

        List<FileDetails.Instrument> instruments = jdbc.query("""
                SELECT (i ->> 'channel')::int, (i ->> 'program')::int, i ->> 'name', i ->> 'family', (i ->> 'drums')::boolean,
                       (i ->> 'note_count')::int
                FROM analysis a, jsonb_array_elements(a.instruments) i WHERE a.content_id = ? ORDER BY 1, 2""",
                (r, i) -> new FileDetails.Instrument(r.getInt(1), r.getInt(2), r.getString(3), r.getString(4),
                        r.getBoolean(5), r.getInt(6)), id);
        // a tag came from the names when the content's names metadata holds it (the analysis tagged those first)
        List<Tag> tags = jdbc.query("""
                SELECT n.name, coalesce(t.category, ''),
                       CASE WHEN n.name = ANY(c.name_genres || c.name_roles) THEN 'name' ELSE 'content' END
                FROM analysis a JOIN content c ON c.id = a.content_id CROSS JOIN unnest(a.tags) n (name)
                     LEFT JOIN tag t ON t.name = n.name
                WHERE a.content_id = ? ORDER BY 2, 1""", (r, i) -> new Tag(r.getString(1),
                r.getString(2), r.getString(3)), id);
        List<FileDetails.ErrorInfo> errors = jdbc.query("""
                SELECT run_id, job_name, path, family, message, created_at FROM file_error WHERE content_id = ?
                ORDER BY id""", (r, i) -> new FileDetails.ErrorInfo(r.getLong(1), r.getString(2), r.getString(3),
                r.getString(4), r.getString(5), r.getObject(6, OffsetDateTime.class)), id);
        List<FileDetails.HistoryEntry> history = jdbc.query("""
                SELECT h.audit_id, h.changed_at, a.operator, a.reason, h.changes::text FROM content_history h
                JOIN audit a ON a.id = h.audit_id WHERE h.content_id = ? ORDER BY h.id""",
                (r, i) -> new FileDetails.HistoryEntry(r.getLong(1), r.getObject(2, OffsetDateTime.class), r.getString(3),
                        r.getString(4), r.getString(5)), id);
        List<FileDetails.NearDuplicate> near = List.of();
        long nearCount = 0;
        if (fingerprint[0] != null && !fingerprint[0].isEmpty()) {
            near = jdbc.query("""
                    SELECT c.id, c.canonical_path FROM analysis a JOIN content c ON c.id = a.content_id
                    WHERE a.note_fingerprint = ? AND a.content_id <> ? ORDER BY c.id LIMIT ?""",
                    (r, i) -> new FileDetails.NearDuplicate(r.getLong(1), r.getString(2)), fingerprint[0], id,
                    FileDetails.NEAR_DUPLICATE_LIMIT);
            nearCount = near.size() < FileDetails.NEAR_DUPLICATE_LIMIT ? near.size() : jdbc.queryForObject(
                    "SELECT count(*) FROM analysis WHERE note_fingerprint = ? AND content_id <> ?", Long.class,
                    fingerprint[0], id);
        }
        return new FileDetails(id, blake3, size, status, version, analyzedAt, firstSeen, firstImport, header, names, paths,
                analysis, instruments, tags, errors, history, near, nearCount);
    }


    /** Whether a stored path still exists: the file, or for an archive entry its outermost archive. */
    static boolean exists(String path) {
        int entry = path.indexOf(LibraryPath.ARCHIVE_SEPARATOR);
        String file = entry < 0 ? path : path.substring(0, entry);
        try {
            return Files.exists(Path.of(file));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A key read from names as stored by an earlier version ("D# minor") in its one spelling ("Eb minor"). */
    static String oneSpelling(String key) {
        int index = Keys.parse(key);
        return index < 0 ? key : Keys.name(index);
    }
}
