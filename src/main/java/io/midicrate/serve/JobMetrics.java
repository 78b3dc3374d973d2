package io.midicrate.serve;

import java.time.Duration;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.midicrate.batch.EveryJobListener;
import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.store.jobs.JobExecutions;
import io.midicrate.store.jobs.ImportSummary;
import io.midicrate.reprocessjob.ReprocessJobConfig;

/**
 * Micrometer meters for the people watching {@code serve}: files imported, analysed and failed, and job durations
 * by job and status. Attached to every job as an {@link EveryJobListener}, so the jobs' own configuration stays as it is.
 * Counted when an execution ends, from the run's own summary rows (a restarted run counts what it finished).
 */
@Component
public class JobMetrics implements EveryJobListener {

    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<JobExecutions> executions;

    public JobMetrics(ObjectProvider<MeterRegistry> meters, ObjectProvider<JobExecutions> executions) {
        this.meters = meters;
        this.executions = executions;
    }

    @Override
    public void afterJob(JobExecution execution) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry == null) {
            return;
        }
        String job = execution.getJobInstance().getJobName();
        String status = execution.getStatus().name();
        if (execution.getStartTime() != null && execution.getEndTime() != null) {
            registry.timer("midicrate.job.duration", "job", job, "status", status)
                    .record(Duration.between(execution.getStartTime(), execution.getEndTime()));
        }
        long runId = execution.getJobInstance().getInstanceId();
        JobExecutions stored = executions.getObject();
        if (ImportJobConfig.JOB_NAME.equals(job)) {
            ImportSummary summary = stored.importSummary(runId);
            if (summary != null) {
                registry.counter("midicrate.files.imported").increment(summary.found() - summary.failed());
                registry.counter("midicrate.files.failed", "job", job).increment(summary.failed());
            }
        } else if (AnalyzeJobConfig.JOB_NAME.equals(job) || ReprocessJobConfig.JOB_NAME.equals(job)) {
            long written = execution.getStepExecutions().stream().filter(s -> s.getStepName().contains(":partition"))
                    .mapToLong(s -> s.getWriteCount()).sum();
            long failed = stored.fileErrors(runId, execution.getId());
            registry.counter("midicrate.files.analysed", "job", job).increment(written - failed);
            registry.counter("midicrate.files.failed", "job", job).increment(failed);
        }
    }
}
