package io.midicrate.reprocessjob;

import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.store.library.Reprocessings;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit rows of reprocess runs: created before the job starts, followed by its executions, completed by it. The
 * operator's {@link Selection} is stored as JSON and read back; the statements are {@link Reprocessings}'.
 */
@Component
public class Audits {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Reprocessings reprocessings;

    public Audits(Reprocessings reprocessings) {
        this.reprocessings = reprocessings;
    }

    /** A new audit for a run about to start; returns its id. */
    public long create(String operator, String reason, Selection selection, String commandLine) {
        return reprocessings.createAudit(operator, reason, JSON.writeValueAsString(selection), commandLine,
                MidiAnalyzer.ANALYSIS_VERSION);
    }

    /** Removes an audit whose job never started (refused because another run held the lock). */
    public void discard(long auditId) {
        reprocessings.discardAudit(auditId);
    }

    public Selection selection(long auditId) {
        return JSON.readValue(reprocessings.selectionJson(auditId), Selection.class);
    }

    /** Writes the selected ids once; a restart finds them written and keeps them. Returns how many are selected. */
    long fillSelection(long auditId) {
        return reprocessings.fillSelection(auditId, selection(auditId).criteria());
    }

    void started(long auditId, JobExecution execution) {
        reprocessings.started(auditId, execution.getJobInstance().getInstanceId(), execution.getId());
    }

    /** Counts from the rows themselves, so restarts and replayed chunks cannot skew them. */
    void ended(long auditId, String status) {
        reprocessings.ended(auditId, status, ReprocessJobConfig.JOB_NAME);
    }

    public Map<String, Object> find(long auditId) {
        return reprocessings.audit(auditId);
    }
}
