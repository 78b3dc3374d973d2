package io.midicrate.store.library;

import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import io.midicrate.common.IdRange;

/**
 * The content rows the analysing jobs read: the analyze job's queue ({@code analyzed_at IS NULL}) and a reprocess
 * audit's selection ({@code reprocess_selection}), split into id ranges and keyset-paged by id within one.
 *
 * <p>Each row has the columns {@code id, blake3, name_bpm, name_key, name_genres, name_roles} and {@code paths}: the
 * paths that may still hold its bytes, smallest first, paths the last import did not find after the others and paths
 * 'dupes' moved away last, at most 20.
 */
@Component
public class AnalysisQueue {

    private static final String COLUMNS = """
            id, blake3, name_bpm, name_key, name_genres, name_roles,
            ARRAY(SELECT path FROM location WHERE content_id = content.id
                  ORDER BY moved_to IS NOT NULL, missing_since IS NOT NULL, path LIMIT 20) AS paths""";

    private static final String PENDING = "analyzed_at IS NULL";
    private static final String SELECTED = "id IN (SELECT content_id FROM reprocess_selection WHERE audit_id = ?)";

    private final JdbcTemplate jdbc;

    public AnalysisQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many imported files wait for an analysis. */
    public long pending() {
        return jdbc.queryForObject("SELECT count(*) FROM content WHERE " + PENDING, Long.class);
    }

    /** Puts the files whose analysis failed back in the queue; how many. */
    public int requeueFailed() {
        return jdbc.update("UPDATE content SET analyzed_at = NULL WHERE analysis_status = 'failed'");
    }

    /**
     * Fresh planner statistics after a bulk import: without them the planner may sort every pending row of a range
     * (evaluating the paths subquery for each) for every page, instead of walking the index.
     */
    public void refreshStatistics() {
        jdbc.execute("ANALYZE content, location");
    }

    /** The queue in at most {@code buckets} id ranges of about equal size. */
    public List<IdRange> pendingRanges(int buckets) {
        return IdRanges.split(jdbc, "content", PENDING, buckets);
    }

    /**
     * The queued rows of one id range. Keyset paging: rows leave the predicate as they are written, which OFFSET
     * paging would turn into skipped rows. {@code pageSize} must be the partition's own, or a restart could skip rows.
     */
    public <T> JdbcPagingItemReader<T> pending(String name, long minId, long maxId, int pageSize, RowMapper<T> rows)
            throws Exception {
        return reader(name, "content", PENDING + " AND id BETWEEN " + minId + " AND " + maxId, pageSize, rows);
    }

    /** The audit's selection in at most {@code buckets} id ranges of about equal size. */
    public List<IdRange> selectedRanges(long auditId, int buckets) {
        return IdRanges.split(jdbc, "content", SELECTED, buckets, auditId);
    }

    /** The rows of one id range of the audit's selection; the selection never moves under the reader. */
    public <T> JdbcPagingItemReader<T> selected(String name, long auditId, long minId, long maxId, int pageSize,
            RowMapper<T> rows) throws Exception {
        return reader(name, "content JOIN reprocess_selection s ON s.content_id = content.id",
                "s.audit_id = " + auditId + " AND id BETWEEN " + minId + " AND " + maxId, pageSize, rows);
    }

    /** Ids and page size are numbers from the partition's context, never user input. */
    private <T> JdbcPagingItemReader<T> reader(String name, String from, String where, int pageSize, RowMapper<T> rows)
            throws Exception {
        return new JdbcPagingItemReaderBuilder<T>()
                .name(name)
                .dataSource(jdbc.getDataSource())
                .selectClause(COLUMNS)
                .fromClause(from)
                .whereClause(where)
                .sortKeys(Map.of("id", Order.ASCENDING))
                .pageSize(pageSize)
                .rowMapper(rows)
                .build();
    }
}
