package io.midicrate.reprocessjob;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.midicrate.store.library.Reprocessings;

/**
 * Ties each partition's step execution to its audit: a row when it starts (so a running or killed partition shows),
 * completed with its counts when it ends. changed and failed are counted from the rows in the range.
 */
class AuditPartitionListener implements StepExecutionListener {

    private final Reprocessings reprocessings;

    AuditPartitionListener(Reprocessings reprocessings) {
        this.reprocessings = reprocessings;
    }

    @Override
    public void beforeStep(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        reprocessings.partitionStarted(auditId(step), step.getId(), step.getJobExecutionId(), step.getStepName(),
                context.getLong("minId"), context.getLong("maxId"), context.getLong("rows"));
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        reprocessings.partitionEnded(auditId(step), step.getId(), step.getStatus().name(), step.getReadCount(),
                step.getWriteCount(), context.getLong("minId"), context.getLong("maxId"),
                step.getJobExecution().getJobInstance().getInstanceId(), ReprocessJobConfig.JOB_NAME);
        return null;
    }

    private static long auditId(StepExecution step) {
        return step.getJobParameters().getLong(ReprocessJobConfig.AUDIT_ID);
    }
}
