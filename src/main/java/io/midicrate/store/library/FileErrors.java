package io.midicrate.store.library;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.midicrate.library.ErrorFamily;
import io.midicrate.library.StoredValues;
import io.midicrate.query.FailureTerms;
import io.midicrate.store.jobs.JobExecutions;

/**
 * The one way every job records per-file problems ({@code file_error}): a row per path and run, written once even
 * on restart; and the failed files a person lists ({@code midicrate failures}, {@code show} of a failed path). A
 * run's counts by family for its summary are {@link JobExecutions}'.
 */
@Repository
public class FileErrors {

    /** One problem to record; {@code contentId} is null when the bytes never became a content row. */
    public record FileError(String path, Long contentId, ErrorFamily family, String message) {
    }

    /**
     * One recorded failure.
     *
     * @param job       the job that recorded it: import, analyze or reprocess
     * @param run       that job's run (job instance), as job summaries number it ({@code import #3})
     * @param execution the execution that recorded it, as {@code midicrate jobs} lists it
     * @param contentId the content whose analysis failed; null for a file that failed its import (no content row)
     */
    public record Failure(String path, String family, String message, String job, long run, long execution,
                          OffsetDateTime recordedAt, Long contentId) {
    }

    /**
     * Which failures to list.
     *
     * @param run      one run's failures, every one it recorded; null for the whole library
     * @param families only these families (empty: any)
     * @param history  with no run: every failure ever recorded; else each failed file once, by its newest failure,
     *                 and only while it still fails (no import since read it, its analysis did not succeed since)
     * @param terms    the query's terms on the failed path and message
     */
    public record FailureFilter(Long run, Set<ErrorFamily> families, boolean history, FailureTerms terms) {
        public FailureFilter {
            families = Set.copyOf(families);
        }
    }

    /** A failed file is "current" until a later import read its path, or its content's analysis succeeded. */
    private static final String STILL_FAILING = """
            CASE WHEN e.content_id IS NOT NULL
                 THEN NOT EXISTS (SELECT 1 FROM content c WHERE c.id = e.content_id AND c.analysis_status = 'ok')
                 ELSE NOT EXISTS (SELECT 1 FROM location l WHERE l.path = e.path AND l.import_id > e.run_id) END""";

    private static final String COLUMNS = "e.path, e.family, e.message, e.job_name, e.run_id, e.job_execution_id, e.created_at, e.content_id";

    private final DataSource dataSource;
    private final JdbcTemplate streaming;
    private final TransactionTemplate transaction;

    public FileErrors(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.dataSource = dataSource;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1_000); // a cursor: PostgreSQL streams only inside a transaction
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setReadOnly(true);
    }

    /**
     * Streams the failures the filter selects, newest run first (within a run by family, then path in byte order), at
     * most {@code limit}; returns how many the filter selects in all.
     */
    public long failures(FailureFilter filter, long limit, Consumer<Failure> each) {
        List<Object> args = new ArrayList<>();
        String from;
        if (filter.run() != null) {
            from = "file_error e WHERE e.run_id = ?";
            args.add(filter.run());
        } else if (filter.history()) {
            from = "file_error e WHERE TRUE";
        } else {
            // one row per failed file: a path that failed its import, or a content whose analysis failed (at any path)
            from = """
                    (SELECT DISTINCT ON (coalesce('c' || content_id, 'p' || path)) * FROM file_error
                     ORDER BY coalesce('c' || content_id, 'p' || path), run_id DESC, id DESC) e
                    """ + " WHERE " + STILL_FAILING;
        }
        String families = "";
        if (!filter.families().isEmpty()) {
            families = " AND e.family = ANY (?::text[])";
            args.add(filter.families().stream().map(Enum::name).sorted().toArray(String[]::new));
        }
        args.addAll(filter.terms().args());
        args.add(limit);
        String sql = "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM " + from + families + " AND ("
                + filter.terms().sql() + ") ORDER BY e.run_id DESC, e.family, e.path LIMIT ?";
        long[] total = {0};
        transaction.executeWithoutResult(status -> streaming.query(sql, (RowCallbackHandler) rs -> {
            total[0] = rs.getLong("total");
            each.accept(failure(rs));
        }, args.toArray()));
        return total[0];
    }

    /** The newest failure recorded for this path (as stored), if any. */
    public Optional<Failure> newest(String path) {
        return streaming.query("SELECT " + COLUMNS + " FROM file_error e WHERE e.path = ? ORDER BY e.run_id DESC, e.id DESC LIMIT 1",
                (rs, i) -> failure(rs), StoredValues.errorPath(path)).stream().findFirst();
    }

    private static Failure failure(ResultSet rs) throws SQLException {
        return new Failure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getObject(7, OffsetDateTime.class), (Long) rs.getObject(8));
    }

    /** A batched writer of one run's problems; it writes in the chunk's transaction, like the job's other writers. */
    public JdbcBatchItemWriter<FileError> writer(long runId, long executionId, String jobName) {
        return new JdbcBatchItemWriterBuilder<FileError>()
                .dataSource(dataSource)
                .sql("INSERT INTO file_error (run_id, job_execution_id, job_name, path, content_id, family, message) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, path) DO NOTHING")
                .itemPreparedStatementSetter((e, ps) -> {
                    ps.setLong(1, runId);
                    ps.setLong(2, executionId);
                    ps.setString(3, jobName);
                    ps.setString(4, StoredValues.errorPath(e.path()));
                    ps.setObject(5, e.contentId());
                    ps.setString(6, e.family().name());
                    ps.setString(7, truncate(e.message()));
                })
                .assertUpdates(false)
                .build();
    }

    private static String truncate(String message) {
        String clean = message == null ? "" : StoredValues.text(message);
        return clean.length() > 2000 ? clean.substring(0, 2000) + "..." : clean;
    }
}
