package io.midicrate.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.midicrate.batch.IdRangePartitioner.Range;

/**
 * The import job's staging table ({@code import_candidate}): what the walk found, per run. A chunk of the walk is
 * copied ({@code COPY}) into a temporary table of the session and staged by one statement that also compares it
 * with {@code location} (path, size, mtime): a path that matches is marked unchanged and never read again.
 */
public class ImportCandidates {

    /** A path the walk found. */
    public record Found(String path, long size, Instant mtime) {
    }

    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS found_stage (ord integer, path text, size bigint, mtime timestamptz)
                ON COMMIT DELETE ROWS;
            DELETE FROM found_stage""";

    private static final List<String> COLUMNS = List.of("ord", "path", "size", "mtime");

    /** In walk order, so candidate ids follow the walk; a replayed chunk adds nothing twice. */
    private static final String STAGE = """
            INSERT INTO import_candidate (import_id, path, size, mtime, unchanged)
            SELECT ?, s.path, s.size, s.mtime,
                   EXISTS (SELECT 1 FROM location l WHERE l.path = s.path AND l.size = s.size AND l.mtime = s.mtime)
            FROM found_stage s ORDER BY s.ord
            ON CONFLICT (import_id, path) DO NOTHING""";

    private static final String TO_READ = "import_id = ? AND NOT unchanged";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public ImportCandidates(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Stages {@code found} for run {@code importId}, in the caller's transaction. */
    public void stage(List<Found> found, long importId) throws SQLException {
        if (found.isEmpty()) {
            return;
        }
        CopyRows.execute(dataSource, STAGING);
        CopyRows rows = new CopyRows(COLUMNS.size());
        for (Found f : found) {
            rows.row(rows.rows(), f.path(), f.size(), f.mtime());
        }
        rows.copyInto(dataSource, "found_stage", COLUMNS);
        // A temporary table has no statistics unless asked: without them the planner may hash all of location
        // for the EXISTS instead of probing its path index once per staged row.
        jdbc.execute("ANALYZE found_stage");
        jdbc.update(STAGE, importId);
    }

    /**
     * Marks the locations of the run's unchanged paths as seen by it (and, when 'dupes' had moved the file and it
     * is back at its path, live again); returns how many.
     */
    public int markUnchangedSeen(long importId, long executionId) {
        // The staging table was just filled: plan the join below with its real size.
        jdbc.execute("ANALYZE import_candidate");
        return jdbc.update("""
                UPDATE location l SET last_seen = now(), import_id = ?, import_execution_id = ?,
                    moved_to = NULL, moved_at = NULL
                FROM import_candidate c WHERE c.import_id = ? AND c.unchanged AND l.path = c.path""",
                importId, executionId, importId);
    }

    /** The run's candidates to read (unchanged ones are left out) in at most {@code buckets} id ranges of about equal size. */
    public List<Range> toReadRanges(long importId, int buckets) {
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
