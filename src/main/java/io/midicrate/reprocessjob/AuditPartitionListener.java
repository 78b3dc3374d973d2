package io.midicrate.reprocessjob;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ties each partition's step execution to its audit: a row when it starts (so a running or killed partition shows),
 * completed with its counts when it ends. changed and failed are counted from the rows in the range.
 */
class AuditPartitionListener implements StepExecutionListener {

    private final JdbcTemplate jdbc;

    AuditPartitionListener(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beforeStep(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        jdbc.update("""
                INSERT INTO audit_partition (audit_id, step_execution_id, job_execution_id, partition_name, min_id, max_id,
                                             rows, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'STARTED') ON CONFLICT (audit_id, step_execution_id) DO NOTHING""",
                auditId(step), step.getId(), step.getJobExecutionId(), step.getStepName(),
                context.getLong("minId"), context.getLong("maxId"), context.getLong("rows"));
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        long auditId = auditId(step);
        ExecutionContext context = step.getExecutionContext();
        jdbc.update("""
                UPDATE audit_partition SET status = ?, read_count = ?, written = ?, finished_at = now(),
                       changed = (SELECT count(*) FROM content_history WHERE audit_id = ? AND content_id BETWEEN ? AND ?),
                       failed = (SELECT count(DISTINCT e.content_id) FROM file_error e
                                 JOIN reprocess_selection r ON r.content_id = e.content_id AND r.audit_id = ?
                                 WHERE e.run_id = ? AND e.job_name = ? AND e.content_id BETWEEN ? AND ?)
                WHERE audit_id = ? AND step_execution_id = ?""",
                step.getStatus().name(), step.getReadCount(), step.getWriteCount(),
                auditId, context.getLong("minId"), context.getLong("maxId"),
                auditId, step.getJobExecution().getJobInstance().getInstanceId(), ReprocessJobConfig.JOB_NAME,
                context.getLong("minId"), context.getLong("maxId"),
                auditId, step.getId());
        return null;
    }

    private static long auditId(StepExecution step) {
        return step.getJobParameters().getLong(ReprocessJobConfig.AUDIT_ID);
    }
}
