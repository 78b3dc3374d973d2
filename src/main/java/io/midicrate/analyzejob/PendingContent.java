package io.midicrate.analyzejob;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import java.util.Map;

import javax.sql.DataSource;

import io.midicrate.library.ErrorFamily;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.RowMapper;

/** A content row waiting for analysis, with the paths that may still hold its bytes (smallest first; paths "dupes" moved away last). */
public record PendingContent(long id, byte[] blake3, List<String> paths, Integer nameBpm, String nameKey,
                             List<String> nameGenres, List<String> nameRoles) {

    /**
     * The select clause every job that analyses content pages with (FROM must name {@code content}): the analyze
     * job over its queue, the reprocess job over an audit's selection.
     */
    public static final String SELECT = """
            id, blake3, name_bpm, name_key, name_genres, name_roles,
            ARRAY(SELECT path FROM location WHERE content_id = content.id
                  ORDER BY moved_to IS NOT NULL, path LIMIT 20) AS paths""";

    /**
     * The keyset-paged reader every job that analyses content uses, over one id range. {@code pageSize} must be the
     * partition's own (see {@link io.midicrate.batch.IdRangePartitioner}), or a restart could skip rows.
     */
    public static JdbcPagingItemReader<PendingContent> reader(DataSource dataSource, String name, String from,
            String where, int pageSize) throws Exception {
        return new JdbcPagingItemReaderBuilder<PendingContent>()
                .name(name)
                .dataSource(dataSource)
                .selectClause(SELECT)
                .fromClause(from)
                .whereClause(where)
                .sortKeys(Map.of("id", Order.ASCENDING))
                .pageSize(pageSize)
                .rowMapper(ROW_MAPPER)
                .build();
    }

    /** The path an error row for this content names: the first that may hold its bytes. */
    public String firstPath() {
        return paths.isEmpty() ? "(no location)" : paths.get(0);
    }

    /** The outcome recording a failure of this content. */
    public AnalysisOutcome.Failed failed(ErrorFamily family, String message) {
        return new AnalysisOutcome.Failed(id, firstPath(), family, message);
    }

    public static final RowMapper<PendingContent> ROW_MAPPER = (rs, i) -> new PendingContent(rs.getLong("id"),
            rs.getBytes("blake3"), texts(rs, "paths"), (Integer) rs.getObject("name_bpm"), rs.getString("name_key"),
            texts(rs, "name_genres"), texts(rs, "name_roles"));

    static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
