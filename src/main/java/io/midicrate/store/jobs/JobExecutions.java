package io.midicrate.store.jobs;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.ObjDoubleConsumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads of Spring Batch's job repository and the runs' error rows: what {@code jobs} and the job summaries show. */
@Component
public class JobExecutions {

    /**
     * One execution with the counts of its top-level steps (partition workers are summed into their manager), and
     * what it did in files.
     */
    public record ExecutionSummary(long executionId, long instanceId, String jobName, String status,
                                   LocalDateTime start, LocalDateTime end, long read, long written, Files files) {

        /** What the execution did, in files, as {@code jobs} and the web jobs page say it. */
        public String inFiles() {
            return switch (jobName) {
                case "import" -> files.run() != null ? files.run().counts()
                        : String.format("this execution walked %,d files, hashed %,d, %,d failed", files.walked(),
                                files.processed(), files.failed());
                case "analyze" -> Files.analysed("analysed", files.processed(), files.failed());
                case "reprocess" -> Files.analysed("reprocessed", files.processed(), files.failed());
                default -> "";
            };
        }
    }

    /**
     * What one execution did, in files.
     *
     * @param walked    files the import's walk found and staged in this execution (its {@code importScan} step)
     * @param processed files this execution's partition workers read and recorded: hashed (import) or analysed
     *                  (analyze, reprocess), failed ones included
     * @param failed    per-file failures this execution recorded
     * @param run       the whole run's summary, on the import execution that completed the run; else null
     */
    public record Files(long walked, long processed, long failed, ImportSummary run) {

        /** An analysis's counts ("analysed 29 files: 28 ok, 1 failed"); {@code done} counts the failed ones too. */
        public static String analysed(String verb, long done, long failed) {
            return String.format("%s %,d files: %,d ok, %,d failed", verb, done, done - failed, failed);
        }
    }

    public record StepSummary(long stepExecutionId, String stepName, String status, LocalDateTime start, LocalDateTime end, long read,
                              long written, long commits, long rollbacks, String exitMessage) {
    }

    public record FamilyCount(String family, long files) {
    }

    /** A partition step execution and its status. */
    public record PartitionState(long stepExecutionId, String status) {
    }

    private final JdbcTemplate jdbc;
    private final ImportRuns importRuns;

    public JobExecutions(JdbcTemplate jdbc, ImportRuns importRuns) {
        this.jdbc = jdbc;
        this.importRuns = importRuns;
    }

    /** The newest executions first. */
    public List<ExecutionSummary> recent(int limit) {
        return summaries("TRUE", limit);
    }

    /** One execution's summary, or null when there is no such execution. */
    public ExecutionSummary summary(long executionId) {
        List<ExecutionSummary> found = summaries("e.job_execution_id = ?", executionId, 1);
        return found.isEmpty() ? null : found.get(0);
    }

    /** @param where a constant condition on {@code e} (the execution); its values are among {@code args}, the limit last */
    private List<ExecutionSummary> summaries(String where, Object... args) {
        return jdbc.query("""
                SELECT e.job_execution_id, i.job_instance_id, i.job_name, e.status, e.start_time, e.end_time,
                       coalesce(sum(s.read_count) FILTER (WHERE s.step_name NOT LIKE '%:partition%'), 0) AS reads,
                       coalesce(sum(s.write_count) FILTER (WHERE s.step_name NOT LIKE '%:partition%'), 0) AS writes,
                       coalesce(sum(s.write_count) FILTER (WHERE s.step_name = 'importScan'), 0) AS walked,
                       coalesce(sum(s.write_count) FILTER (WHERE s.step_name LIKE '%:partition%'), 0) AS processed,
                       (SELECT count(*) FROM file_error f WHERE f.run_id = i.job_instance_id
                            AND f.job_execution_id = e.job_execution_id) AS execution_failed,
                       r.*
                FROM batch_job_execution e
                JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                LEFT JOIN batch_step_execution s ON s.job_execution_id = e.job_execution_id
                LEFT JOIN import_run r ON r.import_id = i.job_instance_id AND i.job_name = 'import' AND e.status = 'COMPLETED'
                WHERE {where}
                GROUP BY e.job_execution_id, i.job_instance_id, r.import_id
                ORDER BY e.job_execution_id DESC LIMIT ?""".replace("{where}", where), (rs, i) -> new ExecutionSummary(rs.getLong(1),
                rs.getLong(2), rs.getString(3), rs.getString(4), time(rs.getTimestamp(5)), time(rs.getTimestamp(6)),
                rs.getLong(7), rs.getLong(8), new Files(rs.getLong("walked"), rs.getLong("processed"),
                        rs.getLong("execution_failed"), ImportRuns.summary(rs))), args);
    }

    /** The newest execution of any job, or null when there is none. */
    public Long lastExecutionId() {
        return jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
    }

    /** The executions recorded with one of these statuses, oldest first. */
    public List<Long> withStatus(List<String> statuses) {
        return jdbc.queryForList("""
                SELECT job_execution_id FROM batch_job_execution WHERE status = ANY (?::text[])
                ORDER BY job_execution_id""", Long.class, (Object) statuses.toArray(String[]::new));
    }

    /** The name of the job the execution ran, or null when there is no such execution. */
    public String jobName(long executionId) {
        List<String> names = jdbc.queryForList("""
                SELECT i.job_name FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                WHERE e.job_execution_id = ?""", String.class, executionId);
        return names.isEmpty() ? null : names.get(0);
    }

    /** Every step of one execution (partition workers included), in the order they started; empty if no such id. */
    public List<StepSummary> steps(long executionId) {
        return jdbc.query("""
                SELECT step_name, status, start_time, end_time, read_count, write_count, commit_count,
                       rollback_count, exit_message, step_execution_id
                FROM batch_step_execution WHERE job_execution_id = ? ORDER BY step_execution_id""",
                (rs, i) -> new StepSummary(rs.getLong(10), rs.getString(1), rs.getString(2), time(rs.getTimestamp(3)),
                        time(rs.getTimestamp(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                        rs.getString(9)), executionId);
    }

    /** The partitions of {@code workerStepName} in this execution that have not ended (STARTING, STARTED, STOPPING). */
    public List<PartitionState> unfinishedPartitions(long executionId, String workerStepName) {
        return jdbc.query("""
                SELECT step_execution_id, status FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name LIKE ? AND status IN ('STARTING', 'STARTED', 'STOPPING')
                ORDER BY step_execution_id""",
                (rs, i) -> new PartitionState(rs.getLong(1), rs.getString(2)), executionId, workerStepName + ":%");
    }

    /** Seconds each top-level step of one execution took, in order. */
    public void topLevelStepSeconds(long executionId, ObjDoubleConsumer<String> each) {
        jdbc.query("""
                SELECT step_name, extract(epoch FROM (end_time - start_time)) FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name NOT LIKE '%:partition%' ORDER BY step_execution_id""",
                rs -> {
                    each.accept(rs.getString(1), rs.getDouble(2));
                }, executionId);
    }

    /** Seconds spent running this job instance, over all its executions (restarts included). */
    public double runSeconds(long runId) {
        Double s = jdbc.queryForObject("""
                SELECT coalesce(sum(extract(epoch FROM (end_time - start_time))), 0) FROM batch_job_execution
                WHERE job_instance_id = ? AND end_time IS NOT NULL""", Double.class, runId);
        return s == null ? 0 : s;
    }

    /** Items written by the steps of this run whose names start with {@code stepPrefix} (e.g. partition workers). */
    public long written(long runId, String stepPrefix) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(s.write_count), 0) FROM batch_step_execution s
                JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
                WHERE e.job_instance_id = ? AND starts_with(s.step_name, ?)""", Long.class, runId, stepPrefix);
    }

    /** The stored summary of a finished import run, or null. */
    public ImportSummary importSummary(long runId) {
        return importRuns.find(runId);
    }

    /** How many per-file problems this run recorded. */
    public long fileErrors(long runId) {
        return jdbc.queryForObject("SELECT count(*) FROM file_error WHERE run_id = ?", Long.class, runId);
    }

    /** How many per-file problems one execution of this run recorded (a restart's own, not its predecessors'). */
    public long fileErrors(long runId, long executionId) {
        return jdbc.queryForObject("SELECT count(*) FROM file_error WHERE run_id = ? AND job_execution_id = ?",
                Long.class, runId, executionId);
    }

    /** This run's per-file problems by family, most frequent first. */
    public List<FamilyCount> fileErrorsByFamily(long runId) {
        return jdbc.query("SELECT family, count(*) AS n FROM file_error WHERE run_id = ? GROUP BY family ORDER BY n DESC, family",
                (rs, i) -> new FamilyCount(rs.getString(1), rs.getLong(2)), runId);
    }

    public record FileErrorRow(String path, String family, String message) {
    }

    /** This run's per-file problems, by family then path, at most {@code limit}: the failing paths a person reads. */
    public List<FileErrorRow> fileErrorRows(long runId, int limit) {
        return jdbc.query("SELECT path, family, message FROM file_error WHERE run_id = ? ORDER BY family, path LIMIT ?",
                (rs, i) -> new FileErrorRow(rs.getString(1), rs.getString(2), rs.getString(3)), runId, limit);
    }

    private static LocalDateTime time(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }
}
