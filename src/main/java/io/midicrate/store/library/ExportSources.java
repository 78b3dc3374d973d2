package io.midicrate.store.library;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** What {@code midicrate export} needs of each content: the fields its layout names and the live paths to read. */
@Repository
public class ExportSources {

    /**
     * One content to export.
     *
     * @param paths live paths holding it (not moved away): plain files first, then the canonical one, shortest first
     */
    public record Source(long contentId, byte[] blake3, long size, List<String> paths, String key, Double bpm,
                         String meter, String pack, List<String> roles, List<String> genres) {
    }

    private final JdbcTemplate jdbc;

    public ExportSources(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The sources of these contents, by ascending id. */
    public List<Source> find(long[] contentIds) {
        Long[] ids = new Long[contentIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = contentIds[i];
        }
        return jdbc.query("""
                SELECT c.id, c.blake3, c.size, c.pack, c.name_roles, c.name_genres, a.key_name, a.bpm, a.time_signature,
                    ARRAY(SELECT l.path FROM location l WHERE l.content_id = c.id AND l.moved_to IS NULL AND l.missing_since IS NULL
                          ORDER BY position('!/' IN l.path) > 0, l.path <> c.canonical_path, length(l.path), l.path
                          LIMIT 20) AS paths
                FROM content c LEFT JOIN analysis a ON a.content_id = c.id
                WHERE c.id = ANY(?) ORDER BY c.id""", (rs, n) -> source(rs), (Object) ids);
    }

    private static Source source(ResultSet rs) throws SQLException {
        double bpm = rs.getDouble("bpm");
        Double bpmOrNull = rs.wasNull() ? null : bpm;
        return new Source(rs.getLong("id"), rs.getBytes("blake3"), rs.getLong("size"), strings(rs.getArray("paths")),
                rs.getString("key_name"), bpmOrNull, rs.getString("time_signature"), rs.getString("pack"),
                strings(rs.getArray("name_roles")), strings(rs.getArray("name_genres")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
