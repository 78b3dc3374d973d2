package io.midicrate.analyzejob;

import java.time.LocalDateTime;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.midicrate.batch.ExecutionLiveness;
import io.midicrate.batch.IdRangePartitioner;
import io.midicrate.batch.PartitionedStep;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.library.PathMap;
import io.midicrate.store.library.AnalysisQueue;
import io.midicrate.store.library.AnalysisResults;
import io.midicrate.store.library.FileErrors;

/**
 * The analyze job: every content row with {@code analyzed_at IS NULL}, split into id ranges balanced by count,
 * each range paged by keyset on id, analysed, and written in bulk. Files that fail get status 'failed', an error
 * row and {@code analyzed_at}, so plain re-runs never loop on them; {@code --retry-failed} queues them again.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyzeJobConfig {

    public static final String JOB_NAME = "analyze";
    public static final String RETRY_FAILED = "retryFailed";

    private static final String RUN_ID = "#{stepExecution.jobExecution.jobInstance.instanceId}";
    private static final String EXECUTION_ID = "#{stepExecution.jobExecution.id}";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final MidicrateProperties properties;

    public AnalyzeJobConfig(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                            MidicrateProperties properties) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.properties = properties;
    }

    public static JobParameters parameters(boolean retryFailed) {
        return new JobParametersBuilder()
                .addLocalDateTime("requested", LocalDateTime.now())
                .addString(RETRY_FAILED, Boolean.toString(retryFailed), false)
                .toJobParameters();
    }

    @Bean
    Job analyzeJob(Step analyzeQueue, Step analyze, ExecutionLiveness liveness) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(liveness)
                .start(analyzeQueue)
                .next(analyze)
                .build();
    }

    /** Prepares the queue: with --retry-failed, puts the failed files back in it; refreshes planner statistics. */
    @Bean
    Step analyzeQueue(AnalysisQueue queue) {
        return new StepBuilder("analyzeQueue", jobRepository)
                .tasklet((contribution, context) -> {
                    String retry = context.getStepContext().getStepExecution().getJobParameters().getString(RETRY_FAILED);
                    if (Boolean.parseBoolean(retry)) {
                        int queued = queue.requeueFailed();
                        contribution.incrementWriteCount(queued);
                    }
                    queue.refreshStatistics();
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    Step analyze(Step analyzeWorker, IdRangePartitioner analyzePartitioner, PartitionedStep partitioned) {
        return partitioned.of("analyze", analyzeWorker, analyzePartitioner,
                properties.analyze().effectiveGridSize(), properties.analyze().effectiveThreads());
    }

    @Bean
    @StepScope
    IdRangePartitioner analyzePartitioner(AnalysisQueue queue) {
        return new IdRangePartitioner(properties.analyze().chunkSize(), queue::pendingRanges);
    }

    @Bean
    Step analyzeWorker(JdbcPagingItemReader<PendingContent> pendingReader, ContentAnalyzer contentAnalyzer,
                       AnalysisWriter analysisWriter, PartitionedStep partitioned) {
        return partitioned.worker("analyzeWorker", properties.analyze().chunkSize(), pendingReader, contentAnalyzer,
                analysisWriter, AnalysisOutcome.failures()).build();
    }

    /**
     * Keyset paging by id over the pending rows of one range: rows leave the predicate as they are written, which
     * OFFSET paging would turn into skipped rows; keyset paging does not care.
     */
    @Bean
    @StepScope
    JdbcPagingItemReader<PendingContent> pendingReader(AnalysisQueue queue,
            @Value("#{stepExecutionContext['minId']}") long minId, @Value("#{stepExecutionContext['maxId']}") long maxId,
            @Value("#{stepExecutionContext['pageSize']}") int pageSize) throws Exception {
        return queue.pending("pending", minId, maxId, pageSize, PendingContent.ROW_MAPPER);
    }

    @Bean
    @StepScope
    ContentAnalyzer contentAnalyzer(PathMap pathMap) {
        return ContentAnalyzer.withLimits(properties.importJob(), pathMap);
    }

    @Bean
    @StepScope
    AnalysisWriter analysisWriter(AnalysisResults results, FileErrors errors, @Value(RUN_ID) long runId,
                                  @Value(EXECUTION_ID) long executionId) {
        return new AnalysisWriter(results, errors, runId, executionId, JOB_NAME);
    }
}
