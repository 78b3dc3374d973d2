package io.midicrate.store.library;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stored results of content rows that a reprocess history row ({@code content_history}) compares, each as text
 * exactly as PostgreSQL holds it (read back, not recomputed, so old and new values can only differ when the stored
 * values do). Read through {@link Reprocessings#storedResults}.
 */
public final class StoredResults {

    /** Tracked fields, in the order a history row lists them. */
    public static final List<String> FIELDS = List.of("status", "key", "bpm", "time_signature", "duration_seconds",
            "note_count", "drums", "instruments", "tags", "analysis_version");

    /** Fields whose change alone does not make a file "changed" (every reprocess after a version bump writes it). */
    public static final String VERSION = "analysis_version";

    private static final String SQL = """
            SELECT c.id, c.analysis_status AS status, a.key_name AS key, a.bpm::text AS bpm,
                   a.time_signature, round(a.duration_seconds::numeric, 3)::text AS duration_seconds,
                   a.note_count::text AS note_count, a.has_drums::text AS drums,
                   (SELECT string_agg((i ->> 'family') || ' ' || (i ->> 'program'), ', '
                                      ORDER BY i ->> 'family', (i ->> 'program')::int)
                      FROM jsonb_array_elements(a.instruments) i) AS instruments,
                   nullif(array_to_string(a.tags, ', '), '') AS tags,
                   c.analysis_version::text AS analysis_version
            FROM content c LEFT JOIN analysis a ON a.content_id = c.id
            WHERE c.id = ANY (?)""";

    private StoredResults() {
    }

    /** One query for the whole chunk: content id to field to value (null when not stored). */
    static Map<Long, Map<String, String>> read(JdbcTemplate jdbc, Long[] ids) {
        Map<Long, Map<String, String>> results = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement(SQL);
            ps.setArray(1, con.createArrayOf("bigint", ids));
            return ps;
        }, (ResultSet rs) -> {
            results.put(rs.getLong("id"), row(rs));
        });
        return results;
    }

    private static Map<String, String> row(ResultSet rs) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            values.put(field, rs.getString(field));
        }
        return values;
    }
}
