package io.midicrate.analyzejob;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;

/** A content row waiting for analysis, with the paths that may still hold its bytes (smallest first). */
public record PendingContent(long id, byte[] blake3, List<String> paths, Integer nameBpm, String nameKey,
                             List<String> nameGenres, List<String> nameRoles) {

    /**
     * The select clause every job that analyses content pages with (FROM must name {@code content}): the analyze
     * job over its queue, the reprocess job over an audit's selection.
     */
    public static final String SELECT = """
            id, blake3, name_bpm, name_key, name_genres, name_roles,
            ARRAY(SELECT path FROM location WHERE content_id = content.id ORDER BY path LIMIT 20) AS paths""";

    public static final RowMapper<PendingContent> ROW_MAPPER = (rs, i) -> new PendingContent(rs.getLong("id"),
            rs.getBytes("blake3"), texts(rs, "paths"), (Integer) rs.getObject("name_bpm"), rs.getString("name_key"),
            texts(rs, "name_genres"), texts(rs, "name_roles"));

    static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
