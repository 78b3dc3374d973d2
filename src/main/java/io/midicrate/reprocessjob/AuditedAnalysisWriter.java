package io.midicrate.reprocessjob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import io.midicrate.analyzejob.AnalysisOutcome;
import io.midicrate.analyzejob.AnalysisWriter;
import io.midicrate.store.library.Reprocessings;
import io.midicrate.store.library.StoredResults;

/**
 * The analyze job's writer with a trace: in the chunk's one transaction it reads the chunk's stored results, lets
 * {@link AnalysisWriter} write, reads them again, and keeps a history row (old and new value of every field that
 * changed) for each file whose results changed. A replayed chunk meets the unique (audit, content) key and writes
 * no second row.
 */
public class AuditedAnalysisWriter implements ItemWriter<AnalysisOutcome> {

    private final AnalysisWriter delegate;
    private final Reprocessings reprocessings;
    private final long auditId;
    private final long jobExecutionId;
    private final long stepExecutionId;

    public AuditedAnalysisWriter(AnalysisWriter delegate, Reprocessings reprocessings, long auditId, long jobExecutionId,
                                 long stepExecutionId) {
        this.delegate = delegate;
        this.reprocessings = reprocessings;
        this.auditId = auditId;
        this.jobExecutionId = jobExecutionId;
        this.stepExecutionId = stepExecutionId;
    }

    @Override
    public void write(Chunk<? extends AnalysisOutcome> chunk) throws Exception {
        Long[] ids = chunk.getItems().stream().map(AnalysisOutcome::contentId).sorted().toArray(Long[]::new);
        Map<Long, Map<String, String>> before = reprocessings.storedResults(ids);
        delegate.write(chunk);
        Map<Long, Map<String, String>> after = reprocessings.storedResults(ids);
        List<Reprocessings.Change> changes = new ArrayList<>();
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
            changes.add(new Reprocessings.Change(id, fields.toArray(String[]::new), olds.toArray(String[]::new),
                    news.toArray(String[]::new)));
        }
        reprocessings.recordChanges(auditId, jobExecutionId, stepExecutionId, changes);
    }
}
