package io.midicrate.analyzejob;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.midicrate.library.ErrorFamily;

import org.springframework.jdbc.core.RowMapper;

/** A content row waiting for analysis, with the paths that may still hold its bytes (smallest first; paths "dupes" moved away last). */
public record PendingContent(long id, byte[] blake3, List<String> paths, Integer nameBpm, String nameKey,
                             List<String> nameGenres, List<String> nameRoles) {

    /** The path an error row for this content names: the first that may hold its bytes. */
    public String firstPath() {
        return paths.isEmpty() ? "(no location)" : paths.get(0);
    }

    /** The outcome recording a failure of this content. */
    public AnalysisOutcome.Failed failed(ErrorFamily family, String message) {
        return new AnalysisOutcome.Failed(id, firstPath(), family, message);
    }

    /** A row of {@link io.midicrate.store.library.AnalysisQueue}'s readers. */
    public static final RowMapper<PendingContent> ROW_MAPPER = (rs, i) -> new PendingContent(rs.getLong("id"),
            rs.getBytes("blake3"), texts(rs, "paths"), (Integer) rs.getObject("name_bpm"), rs.getString("name_key"),
            texts(rs, "name_genres"), texts(rs, "name_roles"));

    static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
