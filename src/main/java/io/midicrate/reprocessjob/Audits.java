package io.midicrate.reprocessjob;

import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.midicrate.analysis.MidiAnalyzer;
import tools.jackson.databind.json.JsonMapper;

/** The audit rows of reprocess runs: created before the job starts, followed by its executions, completed by it. */
@Component
public class Audits {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    public Audits(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new audit for a run about to start; returns its id. */
    public long create(String operator, String reason, Selection selection, String commandLine) {
        return jdbc.queryForObject("""
                INSERT INTO audit (operator, reason, selection, command_line, analysis_version)
                VALUES (?, ?, CAST(? AS jsonb), ?, ?) RETURNING id""", Long.class,
                operator, reason, JSON.writeValueAsString(selection), commandLine, MidiAnalyzer.ANALYSIS_VERSION);
    }

    /** Removes an audit whose job never started (refused because another run held the lock). */
    public void discard(long auditId) {
        jdbc.update("DELETE FROM audit WHERE id = ? AND job_instance_id IS NULL", auditId);
    }

    public Selection selection(long auditId) {
        String json = jdbc.queryForObject("SELECT selection::text FROM audit WHERE id = ?", String.class, auditId);
        return JSON.readValue(json, Selection.class);
    }

    /** Writes the selected ids once; a restart finds them written and keeps them. Returns how many are selected. */
    long fillSelection(long auditId) {
        Selection.Sql where = selection(auditId).where();
        Object[] args = new Object[where.args().length + 1];
        args[0] = auditId;
        System.arraycopy(where.args(), 0, args, 1, where.args().length);
        jdbc.update("INSERT INTO reprocess_selection (audit_id, content_id) SELECT ?, content.id FROM content WHERE "
                + where.predicate() + " ON CONFLICT DO NOTHING", args);
        long selected = jdbc.queryForObject("SELECT count(*) FROM reprocess_selection WHERE audit_id = ?", Long.class, auditId);
        jdbc.update("UPDATE audit SET selected = ? WHERE id = ?", selected, auditId);
        return selected;
    }

    void started(long auditId, JobExecution execution) {
        jdbc.update("""
                UPDATE audit SET job_instance_id = ?, job_execution_ids = array_append(job_execution_ids, ?),
                       started_at = coalesce(started_at, now()), finished_at = NULL, status = 'STARTED' WHERE id = ?""",
                execution.getJobInstance().getInstanceId(), execution.getId(), auditId);
        // partitions of an earlier execution that died never reported their end: take it from the job repository
        jdbc.update("""
                UPDATE audit_partition p SET status = s.status, read_count = s.read_count, written = s.write_count
                FROM batch_step_execution s
                WHERE p.audit_id = ? AND p.status = 'STARTED' AND p.job_execution_id <> ?
                  AND s.step_execution_id = p.step_execution_id""", auditId, execution.getId());
    }

    /** Counts from the rows themselves, so restarts and replayed chunks cannot skew them. */
    void ended(long auditId, String status) {
        jdbc.update("""
                UPDATE audit a SET status = ?, finished_at = now(),
                       selected = s.selected, changed = s.changed, unchanged = s.selected - s.changed, failed = s.failed
                FROM (SELECT (SELECT count(*) FROM reprocess_selection WHERE audit_id = ?) AS selected,
                             (SELECT count(*) FROM content_history WHERE audit_id = ?) AS changed,
                             (SELECT count(DISTINCT r.content_id) FROM reprocess_selection r JOIN file_error e ON e.content_id = r.content_id
                                AND e.run_id = (SELECT job_instance_id FROM audit WHERE id = ?) AND e.job_name = ?
                              WHERE r.audit_id = ?) AS failed) s
                WHERE a.id = ?""", status, auditId, auditId, auditId, ReprocessJobConfig.JOB_NAME, auditId, auditId);
    }

    public Map<String, Object> find(long auditId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM audit WHERE id = ?", auditId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
