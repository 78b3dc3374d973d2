package io.midicrate.store.library;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.midicrate.common.IdRange;
import io.midicrate.store.reports.AuditReport;

/**
 * The rows of reprocess runs, written as a run goes: its {@code audit} (created before the job starts, followed by
 * its executions, completed by it), the selected ids ({@code reprocess_selection}), one {@code audit_partition} row
 * per partition step execution, and a {@code content_history} row per file whose stored results changed. What
 * {@code midicrate audit} shows of them is {@link AuditReport}'s; the selection's readers are {@link AnalysisQueue}'s.
 */
@Component
public class Reprocessings {

    /** A file whose stored results changed: the fields that did, with their old and new values, in one order. */
    public record Change(long contentId, String[] fields, String[] olds, String[] news) {
    }

    private static final String HISTORY = """
            INSERT INTO content_history (audit_id, content_id, job_execution_id, step_execution_id, changes)
            SELECT ?, ?, ?, ?, jsonb_object_agg(f, jsonb_build_object('old', o, 'new', n))
            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS u(f, o, n)
            ON CONFLICT (audit_id, content_id) DO NOTHING""";

    private final JdbcTemplate jdbc;

    public Reprocessings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new audit for a run about to start; returns its id. */
    public long createAudit(String operator, String reason, String selectionJson, String commandLine, int analysisVersion) {
        return jdbc.queryForObject("""
                INSERT INTO audit (operator, reason, selection, command_line, analysis_version)
                VALUES (?, ?, CAST(? AS jsonb), ?, ?) RETURNING id""", Long.class,
                operator, reason, selectionJson, commandLine, analysisVersion);
    }

    /** Removes an audit whose job never started. */
    public void discardAudit(long auditId) {
        jdbc.update("DELETE FROM audit WHERE id = ? AND job_instance_id IS NULL", auditId);
    }

    /** The selection the audit was created with, as stored (JSON). */
    public String selectionJson(long auditId) {
        return jdbc.queryForObject("SELECT selection::text FROM audit WHERE id = ?", String.class, auditId);
    }

    /** The audit row by column name, or null. */
    public Map<String, Object> audit(long auditId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM audit WHERE id = ?", auditId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Writes the selected ids once; a restart finds them written and keeps them. Returns how many are selected. */
    public long fillSelection(long auditId, ContentSelection selection) {
        ContentSelection.Predicate where = selection.where();
        Object[] args = new Object[where.args().length + 1];
        args[0] = auditId;
        System.arraycopy(where.args(), 0, args, 1, where.args().length);
        jdbc.update("INSERT INTO reprocess_selection (audit_id, content_id) SELECT ?, content.id FROM content WHERE "
                + where.sql() + " ON CONFLICT DO NOTHING", args);
        long selected = jdbc.queryForObject("SELECT count(*) FROM reprocess_selection WHERE audit_id = ?", Long.class, auditId);
        jdbc.update("UPDATE audit SET selected = ? WHERE id = ?", selected, auditId);
        return selected;
    }

    /** The content rows the selection holds now, in at most {@code buckets} id ranges of about equal size (a dry run). */
    public List<IdRange> ranges(ContentSelection selection, int buckets) {
        ContentSelection.Predicate where = selection.where();
        return IdRanges.split(jdbc, "content", where.sql(), buckets, where.args());
    }

    /** Whether the selection holds any content row now. */
    public boolean matchesAny(ContentSelection selection) {
        ContentSelection.Predicate where = selection.where();
        return jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM content WHERE " + where.sql() + ")", Boolean.class,
                where.args());
    }

    /** An execution of the audit's job starts (the first, or a restart). */
    public void started(long auditId, long jobInstanceId, long jobExecutionId) {
        jdbc.update("""
                UPDATE audit SET job_instance_id = ?, job_execution_ids = array_append(job_execution_ids, ?),
                       started_at = coalesce(started_at, now()), finished_at = NULL, status = 'STARTED' WHERE id = ?""",
                jobInstanceId, jobExecutionId, auditId);
        // partitions of an earlier execution that died never reported their end: take it from the job repository
        jdbc.update("""
                UPDATE audit_partition p SET status = s.status, read_count = s.read_count, written = s.write_count
                FROM batch_step_execution s
                WHERE p.audit_id = ? AND p.status = 'STARTED' AND p.job_execution_id <> ?
                  AND s.step_execution_id = p.step_execution_id""", auditId, jobExecutionId);
    }

    /**
     * The audit's run ended with {@code status}. Counts from the rows themselves, so restarts and replayed chunks
     * cannot skew them; failed files are those with an error row of this run of job {@code jobName}.
     */
    public void ended(long auditId, String status, String jobName) {
        jdbc.update("""
                UPDATE audit a SET status = ?, finished_at = now(),
                       selected = s.selected, changed = s.changed, unchanged = s.selected - s.changed, failed = s.failed
                FROM (SELECT (SELECT count(*) FROM reprocess_selection WHERE audit_id = ?) AS selected,
                             (SELECT count(*) FROM content_history WHERE audit_id = ?) AS changed,
                             (SELECT count(DISTINCT r.content_id) FROM reprocess_selection r JOIN file_error e ON e.content_id = r.content_id
                                AND e.run_id = (SELECT job_instance_id FROM audit WHERE id = ?) AND e.job_name = ?
                              WHERE r.audit_id = ?) AS failed) s
                WHERE a.id = ?""", status, auditId, auditId, auditId, jobName, auditId, auditId);
    }

    /** A partition step execution of the audit starts: a row, so a running or killed partition shows. */
    public void partitionStarted(long auditId, long stepExecutionId, long jobExecutionId, String partitionName,
                                 long minId, long maxId, long rows) {
        jdbc.update("""
                INSERT INTO audit_partition (audit_id, step_execution_id, job_execution_id, partition_name, min_id, max_id,
                                             rows, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'STARTED') ON CONFLICT (audit_id, step_execution_id) DO NOTHING""",
                auditId, stepExecutionId, jobExecutionId, partitionName, minId, maxId, rows);
    }

    /**
     * A partition step execution ended: its status and counts; changed and failed are counted from the rows in its
     * id range (failed: error rows of run {@code runId} of job {@code jobName}).
     */
    public void partitionEnded(long auditId, long stepExecutionId, String status, long readCount, long written,
                               long minId, long maxId, long runId, String jobName) {
        jdbc.update("""
                UPDATE audit_partition SET status = ?, read_count = ?, written = ?, finished_at = now(),
                       changed = (SELECT count(*) FROM content_history WHERE audit_id = ? AND content_id BETWEEN ? AND ?),
                       failed = (SELECT count(DISTINCT e.content_id) FROM file_error e
                                 JOIN reprocess_selection r ON r.content_id = e.content_id AND r.audit_id = ?
                                 WHERE e.run_id = ? AND e.job_name = ? AND e.content_id BETWEEN ? AND ?)
                WHERE audit_id = ? AND step_execution_id = ?""",
                status, readCount, written,
                auditId, minId, maxId,
                auditId, runId, jobName, minId, maxId,
                auditId, stepExecutionId);
    }

    /** The stored results of these contents ({@link StoredResults#FIELDS}), in the caller's transaction. */
    public Map<Long, Map<String, String>> storedResults(Long[] ids) {
        return StoredResults.read(jdbc, ids);
    }

    /** History rows of one chunk, in the caller's transaction; a replayed chunk writes no second row. */
    public void recordChanges(long auditId, long jobExecutionId, long stepExecutionId, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(HISTORY, changes, changes.size(), (ps, c) -> {
            ps.setLong(1, auditId);
            ps.setLong(2, c.contentId());
            ps.setLong(3, jobExecutionId);
            ps.setLong(4, stepExecutionId);
            ps.setArray(5, ps.getConnection().createArrayOf("text", c.fields()));
            ps.setArray(6, ps.getConnection().createArrayOf("text", c.olds()));
            ps.setArray(7, ps.getConnection().createArrayOf("text", c.news()));
        });
    }

    /** Whether any analysed file holds a tag of this (normalised) name (the GIN index on the tags answers it). */
    public boolean tagExists(String name) {
        return jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM analysis WHERE tags @> ARRAY[?]::text[])",
                Boolean.class, name);
    }
}
