package io.midicrate.store.reports;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.midicrate.common.OperatorException;

/** What {@code midicrate audit} shows: the audits, and one audit with its partitions and a summary of its changes. */
@Component
public class AuditReport {

    /** How many old -> new pairs the summary lists per field. */
    static final int TOP_TRANSITIONS = 5;

    public record Transition(String from, String to, long files) {
    }

    public record FieldChanges(String field, long files, List<Transition> top) {
    }

    public record Detail(Map<String, Object> audit, List<Map<String, Object>> partitions, List<FieldChanges> changes) {
    }

    private final JdbcTemplate jdbc;

    public AuditReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> list(int limit) {
        return plain(jdbc.queryForList("""
                SELECT id, operator, reason, status, command_line, started_at, finished_at, selected, changed, unchanged, failed
                FROM audit ORDER BY id DESC LIMIT ?""", limit));
    }

    public Detail detail(long auditId) {
        List<Map<String, Object>> audit = plain(jdbc.queryForList("""
                SELECT id, operator, reason, status, command_line, selection::text AS selection, analysis_version,
                       job_instance_id, job_execution_ids, created_at, started_at, finished_at,
                       selected, changed, unchanged, failed
                FROM audit WHERE id = ?""", auditId));
        if (audit.isEmpty()) {
            throw new OperatorException("no audit " + auditId + " (see 'midicrate audit')");
        }
        List<Map<String, Object>> partitions = plain(jdbc.queryForList("""
                SELECT partition_name, step_execution_id, job_execution_id, status, min_id, max_id, rows,
                       read_count, written, changed, failed, started_at, finished_at
                FROM audit_partition WHERE audit_id = ? ORDER BY step_execution_id""", auditId));
        Map<String, FieldChanges> fields = new LinkedHashMap<>();
        jdbc.query("""
                SELECT c.key AS field, count(*) AS files FROM content_history h, jsonb_each(h.changes) c
                WHERE h.audit_id = ? GROUP BY 1 ORDER BY 2 DESC, 1""", rs -> {
            fields.put(rs.getString(1), new FieldChanges(rs.getString(1), rs.getLong(2), new ArrayList<>()));
        }, auditId);
        jdbc.query("""
                SELECT field, old, new, files FROM (
                  SELECT c.key AS field, c.value->>'old' AS old, c.value->>'new' AS new, count(*) AS files,
                         row_number() OVER (PARTITION BY c.key ORDER BY count(*) DESC, c.value->>'old', c.value->>'new') AS rank
                  FROM content_history h, jsonb_each(h.changes) c WHERE h.audit_id = ? GROUP BY 1, 2, 3) t
                WHERE rank <= ? ORDER BY field, files DESC, old, new""", rs -> {
            fields.get(rs.getString(1)).top().add(new Transition(rs.getString(2), rs.getString(3), rs.getLong(4)));
        }, auditId, TOP_TRANSITIONS);
        return new Detail(audit.get(0), partitions, new ArrayList<>(fields.values()));
    }

    /** An audit's counts, as the job summary prints them: selected, changed, unchanged, failed (null until known). */
    public record Counts(Long selected, Long changed, Long unchanged, Long failed) {
    }

    public Counts counts(long auditId) {
        return jdbc.queryForObject("SELECT selected, changed, unchanged, failed FROM audit WHERE id = ?",
                (rs, i) -> new Counts((Long) rs.getObject(1), (Long) rs.getObject(2), (Long) rs.getObject(3),
                        (Long) rs.getObject(4)), auditId);
    }

    /** Timestamps as ISO text and arrays as lists, so rows print and serialise the same way. */
    private static List<Map<String, Object>> plain(List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            row.replaceAll((k, v) -> {
                try {
                    if (v instanceof Timestamp t) {
                        return t.toInstant().toString();
                    }
                    if (v instanceof Array a) {
                        return List.of((Object[]) a.getArray());
                    }
                    return v;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return rows;
    }
}
