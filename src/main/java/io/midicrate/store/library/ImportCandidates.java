package io.midicrate.store.library;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import io.midicrate.common.IdRange;

/**
 * What an import run's walk found ({@code import_seen}) and what it must hash ({@code import_candidate}). Each chunk
 * of the walk is copied ({@code COPY}) into {@code import_seen}, in the chunk's transaction; after the walk one
 * statement compares it with {@code location} (path, size, mtime): only new and changed paths become candidates, and
 * only locations whose state changes are written (back at their path, or missing). An unchanged path costs a copied
 * row and its share of one hash join: no index entry, no probe, no write of its location.
 */
@Repository
public class ImportCandidates {

    /** A path the walk found. */
    public record Found(String path, long size, Instant mtime) {
    }

    /** What {@link #classify} did. */
    public record Classified(long candidates, long back, long missing) {
    }

    private static final List<String> COLUMNS = List.of("import_id", "path", "size", "mtime");

    /**
     * The one comparison of a run's walk with the library. Candidates go in walk order (their ids follow the walk,
     * so partitions are walk ranges); every part is idempotent, so a replayed classification changes nothing more.
     * {@code back}: an unchanged path whose location was marked moved by 'dupes' or missing is live again.
     * {@code missing}: a live location under the run's roots that the walk did not find (the roots as LIKE
     * patterns: path_under_roots() of V17 as one C-level comparison per row, 7x cheaper than the function call).
     */
    private static final String CLASSIFY = """
            WITH walked AS MATERIALIZED (
                SELECT s.id, s.path, s.size, s.mtime, l.id AS location_id,
                       l.size = s.size AND l.mtime = s.mtime AS unchanged,
                       l.moved_to IS NOT NULL OR l.missing_since IS NOT NULL AS away
                FROM import_seen s LEFT JOIN location l ON l.path = s.path
                WHERE s.import_id = ?
            ), staged AS (
                INSERT INTO import_candidate (import_id, path, size, mtime)
                SELECT ?, path, size, mtime FROM walked WHERE unchanged IS NOT TRUE ORDER BY id
                ON CONFLICT (import_id, path) DO NOTHING
                RETURNING 1
            ), back AS (
                UPDATE location l SET moved_to = NULL, moved_at = NULL, missing_since = NULL, last_seen = now(),
                    import_id = ?, import_execution_id = ?
                FROM walked w WHERE w.unchanged AND w.away AND l.id = w.location_id
                RETURNING 1
            ), missing AS (
                UPDATE location l SET missing_since = now(),
                    last_seen = location_last_seen(l.path, l.last_seen, NULL)
                WHERE l.missing_since IS NULL AND l.moved_to IS NULL AND l.path LIKE ANY (?::text[])
                  AND NOT EXISTS (SELECT 1 FROM walked w WHERE w.location_id = l.id)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM staged) AS candidates, (SELECT count(*) FROM back) AS back,
                   (SELECT count(*) FROM missing) AS missing""";

    private static final String TO_READ = "import_id = ? AND NOT unchanged";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public ImportCandidates(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Records what the walk found for run {@code importId}, in the caller's transaction (with the walk's position). */
    public void stage(List<Found> found, long importId) throws SQLException {
        if (found.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(COLUMNS.size());
        for (Found f : found) {
            rows.row(importId, f.path(), f.size(), f.mtime());
        }
        rows.copyInto(dataSource, "import_seen", COLUMNS);
    }

    /**
     * Compares run {@code importId}'s walk over {@code roots} with the library: stages the paths to hash, makes the
     * locations found again live and marks those not found missing.
     */
    public Classified classify(long importId, long executionId, List<String> roots) {
        if (Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT NOT EXISTS (SELECT 1 FROM import_seen WHERE import_id = ?)
                   AND EXISTS (SELECT 1 FROM import_candidate WHERE import_id = ?)""", Boolean.class, importId, importId))) {
            // A run whose walk an older build staged, restarted by this one: its candidates already carry
            // 'unchanged', and an empty walk must not mark the library missing.
            return new Classified(0, 0, 0);
        }
        // import_seen was just filled: plan the join with its real size (a hash join, not a probe per path). Only
        // import_id matters, sampled at statistics target 1 (V17): milliseconds, not a 30,000-row sample.
        jdbc.execute("ANALYZE import_seen (import_id)");
        Map<String, Object> counts = jdbc.queryForMap(CLASSIFY, importId, importId, importId, executionId,
                rootPatterns(roots));
        Classified classified = new Classified(((Number) counts.get("candidates")).longValue(),
                ((Number) counts.get("back")).longValue(), ((Number) counts.get("missing")).longValue());
        if (classified.candidates() > 0) {
            // The hash step's partitioner and readers query the candidates just inserted.
            jdbc.execute("ANALYZE import_candidate");
        }
        return classified;
    }

    /** LIKE patterns matching the paths under {@code roots}: the root itself, inside it as a folder or as a zip. */
    static String[] rootPatterns(List<String> roots) {
        List<String> patterns = new ArrayList<>();
        for (String root : roots) {
            String literal = root.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            patterns.add(literal);
            patterns.add((literal.endsWith("/") ? literal : literal + "/") + "%");
            patterns.add(literal + "!/%");
        }
        return patterns.toArray(String[]::new);
    }

    /** The run's candidates to read (unchanged ones are left out) in at most {@code buckets} id ranges of about equal size. */
    public List<IdRange> toReadRanges(long importId, int buckets) {
        return IdRanges.split(jdbc, "import_candidate", TO_READ, buckets, importId);
    }

    /**
     * The run's candidates to read in one id range, keyset-paged by id, as rows of {@code id, path, size, mtime};
     * {@code pageSize} must be the partition's own. The ids and page size are numbers, never user input.
     */
    public <T> JdbcPagingItemReader<T> toRead(String name, long importId, long minId, long maxId, int pageSize,
            RowMapper<T> rows) throws Exception {
        return new JdbcPagingItemReaderBuilder<T>()
                .name(name)
                .dataSource(dataSource)
                .selectClause("id, path, size, mtime")
                .fromClause("import_candidate")
                .whereClause("import_id = " + importId + " AND NOT unchanged AND id BETWEEN " + minId + " AND " + maxId)
                .sortKeys(Map.of("id", Order.ASCENDING))
                .pageSize(pageSize)
                .rowMapper(rows)
                .build();
    }
}
