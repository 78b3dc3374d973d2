package io.midicrate.reprocessjob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.analyzejob.AnalysisOutcome;
import io.midicrate.analyzejob.AnalysisWriter;

/**
 * The analyze job's writer with a trace: in the chunk's one transaction it reads the chunk's stored results, lets
 * {@link AnalysisWriter} write, reads them again, and keeps a history row (old and new value of every field that
 * changed) for each file whose results changed. A replayed chunk meets the unique (audit, content) key and writes
 * no second row.
 */
public class AuditedAnalysisWriter implements ItemWriter<AnalysisOutcome> {

    private static final String INSERT = """
            INSERT INTO content_history (audit_id, content_id, job_execution_id, step_execution_id, changes)
            SELECT ?, ?, ?, ?, jsonb_object_agg(f, jsonb_build_object('old', o, 'new', n))
            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS u(f, o, n)
            ON CONFLICT (audit_id, content_id) DO NOTHING""";

    private final AnalysisWriter delegate;
    private final JdbcTemplate jdbc;
    private final long auditId;
    private final long jobExecutionId;
    private final long stepExecutionId;

    public AuditedAnalysisWriter(AnalysisWriter delegate, JdbcTemplate jdbc, long auditId, long jobExecutionId,
                                 long stepExecutionId) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.auditId = auditId;
        this.jobExecutionId = jobExecutionId;
        this.stepExecutionId = stepExecutionId;
    }

    @Override
    public void write(Chunk<? extends AnalysisOutcome> chunk) throws Exception {
        Long[] ids = chunk.getItems().stream().map(AnalysisOutcome::contentId).sorted().toArray(Long[]::new);
        Map<Long, Map<String, String>> before = StoredResults.read(jdbc, ids);
        delegate.write(chunk);
        Map<Long, Map<String, String>> after = StoredResults.read(jdbc, ids);
        List<Object[]> rows = new ArrayList<>();
        for (Long id : ids) {
            Map<String, String> old = before.getOrDefault(id, Map.of());
            Map<String, String> now = after.getOrDefault(id, Map.of());
            List<String> fields = new ArrayList<>();
            List<String> olds = new ArrayList<>();
            List<String> news = new ArrayList<>();
            for (String field : StoredResults.FIELDS) {
                if (!Objects.equals(old.get(field), now.get(field))) {
                    fields.add(field);
                    olds.add(old.get(field));
                    news.add(now.get(field));
                }
            }
            if (fields.isEmpty() || fields.equals(List.of(StoredResults.VERSION))) {
                continue;
            }
            rows.add(new Object[] {id, fields.toArray(String[]::new), olds.toArray(String[]::new),
                    news.toArray(String[]::new)});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows, rows.size(), (ps, r) -> {
                ps.setLong(1, auditId);
                ps.setLong(2, (Long) r[0]);
                ps.setLong(3, jobExecutionId);
                ps.setLong(4, stepExecutionId);
                ps.setArray(5, ps.getConnection().createArrayOf("text", (String[]) r[1]));
                ps.setArray(6, ps.getConnection().createArrayOf("text", (String[]) r[2]));
                ps.setArray(7, ps.getConnection().createArrayOf("text", (String[]) r[3]));
            });
        }
    }
}
