package io.midicrate.store.library;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.stereotype.Repository;

import io.midicrate.library.ErrorFamily;
import io.midicrate.library.StoredValues;
import io.midicrate.store.jobs.JobExecutions;

/**
 * The one way every job records per-file problems ({@code file_error}): a row per path and run, written once even
 * on restart. The reads of these rows for reports are {@link JobExecutions}'.
 */
@Repository
public class FileErrors {

    /** One problem to record; {@code contentId} is null when the bytes never became a content row. */
    public record FileError(String path, Long contentId, ErrorFamily family, String message) {
    }

    private final DataSource dataSource;

    public FileErrors(DataSource dataSource) {
        this.dataSource = dataSource;
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
