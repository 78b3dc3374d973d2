package io.midicrate.reprocessjob;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.midicrate.analyzejob.AnalysisOutcome;
import io.midicrate.analyzejob.AnalysisWriter;
import io.midicrate.analyzejob.ContentAnalyzer;
import io.midicrate.analyzejob.PendingContent;
import io.midicrate.batch.ExecutionLiveness;
import io.midicrate.batch.IdRangePartitioner;
import io.midicrate.batch.PartitionedStep;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.library.PathMap;
import io.midicrate.store.library.AnalysisQueue;
import io.midicrate.store.library.Reprocessings;
import io.midicrate.store.library.AnalysisResults;
import io.midicrate.store.library.FileErrors;

/**
 * The reprocess job: analyses again exactly the content rows an audit selected, partitioned and written like the
 * analyze job, keeping a history row for every file whose stored results change. Steps: select (fills
 * reprocess_selection once), reprocess (partitioned by id ranges over the selection), finish (completes the audit).
 */
@Configuration(proxyBeanMethods = false)
public class ReprocessJobConfig {

    public static final String JOB_NAME = "reprocess";
    public static final String AUDIT_ID = "auditId";

    private static final String AUDIT = "#{jobParameters['auditId']}";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final MidicrateProperties properties;

    public ReprocessJobConfig(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                              MidicrateProperties properties) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.properties = properties;
    }

    /** One job instance per audit: restarting it continues the same audit. */
    public static JobParameters parameters(long auditId) {
        return new JobParametersBuilder().addLong(AUDIT_ID, auditId).toJobParameters();
    }

    @Bean
    Job reprocessJob(Step reprocessSelect, Step reprocess, Step reprocessFinish, ExecutionLiveness liveness,
                     Audits audits) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(liveness)
                .listener(new JobExecutionListener() {
                    @Override
                    public void beforeJob(JobExecution execution) {
                        audits.started(auditId(execution), execution);
                    }

                    @Override
                    public void afterJob(JobExecution execution) {
                        if (execution.getStatus() != BatchStatus.COMPLETED) {
                            audits.ended(auditId(execution), execution.getStatus().name());
                        }
                    }
                })
                .start(reprocessSelect)
                .next(reprocess)
                .next(reprocessFinish)
                .build();
    }

    private static long auditId(JobExecution execution) {
        return execution.getJobParameters().getLong(AUDIT_ID);
    }

    @Bean
    Step reprocessSelect(Audits audits) {
        return new StepBuilder("reprocessSelect", jobRepository)
                .tasklet((contribution, context) -> {
                    long selected = audits.fillSelection(auditId(context.getStepContext().getStepExecution().getJobExecution()));
                    contribution.incrementWriteCount(selected);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    Step reprocessFinish(Audits audits) {
        return new StepBuilder("reprocessFinish", jobRepository)
                .tasklet((contribution, context) -> {
                    audits.ended(auditId(context.getStepContext().getStepExecution().getJobExecution()), "COMPLETED");
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    Step reprocess(Step reprocessWorker, IdRangePartitioner reprocessPartitioner, PartitionedStep partitioned) {
        return partitioned.of("reprocess", reprocessWorker, reprocessPartitioner,
                properties.analyze().effectiveGridSize(), properties.analyze().effectiveThreads());
    }

    @Bean
    @StepScope
    IdRangePartitioner reprocessPartitioner(AnalysisQueue queue, @Value(AUDIT) long auditId) {
        return new IdRangePartitioner(properties.analyze().chunkSize(), buckets -> queue.selectedRanges(auditId, buckets));
    }

    @Bean
    Step reprocessWorker(JdbcPagingItemReader<PendingContent> reprocessReader, ContentAnalyzer reprocessAnalyzer,
                         AuditedAnalysisWriter reprocessWriter, PartitionedStep partitioned, Reprocessings reprocessings) {
        return partitioned.worker("reprocessWorker", properties.analyze().chunkSize(), reprocessReader,
                        reprocessAnalyzer, reprocessWriter, AnalysisOutcome.failures())
                .listener(new AuditPartitionListener(reprocessings))
                .build();
    }

    /** Keyset paging by id over the audit's selection within one range; the selection never moves under it. */
    @Bean
    @StepScope
    JdbcPagingItemReader<PendingContent> reprocessReader(AnalysisQueue queue, @Value(AUDIT) long auditId,
            @Value("#{stepExecutionContext['minId']}") long minId, @Value("#{stepExecutionContext['maxId']}") long maxId,
            @Value("#{stepExecutionContext['pageSize']}") int pageSize) throws Exception {
        // the page size the partition was created with: a restart with another chunk size must not skip rows
        return queue.selected("reprocess", auditId, minId, maxId, pageSize, PendingContent.ROW_MAPPER);
    }

    @Bean
    @StepScope
    ContentAnalyzer reprocessAnalyzer(PathMap pathMap) {
        return ContentAnalyzer.withLimits(properties.importJob(), pathMap);
    }

    @Bean
    @StepScope
    AuditedAnalysisWriter reprocessWriter(AnalysisResults results, FileErrors errors, Reprocessings reprocessings, @Value(AUDIT) long auditId,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{stepExecution.jobExecution.id}") long executionId, @Value("#{stepExecution.id}") long stepExecutionId) {
        return new AuditedAnalysisWriter(new AnalysisWriter(results, errors, runId, executionId, JOB_NAME), reprocessings, auditId,
                executionId, stepExecutionId);
    }
}
