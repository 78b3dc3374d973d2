package io.midicrate.importjob;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.stream.Collectors;
import java.util.Arrays;
import java.util.List;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
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
import io.midicrate.batch.FileFaultTolerance;
import io.midicrate.batch.IdRangePartitioner;
import io.midicrate.batch.PartitionedStep;
import io.midicrate.batch.ProgressListener;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.library.ErrorFamily;
import io.midicrate.library.PathMap;
import io.midicrate.names.NameMetadataExtractor;
import io.midicrate.store.library.ImportCandidates;
import io.midicrate.store.jobs.ImportRuns;
import io.midicrate.store.jobs.ImportSummary;
import io.midicrate.store.library.FileErrors;
import io.midicrate.store.library.LibraryFiles;

/**
 * The import job: copy the walk of the roots into the database, compare it with the library in one statement (what
 * is new or changed becomes a candidate; locations found again or not found change state), hash the candidates in
 * partitions, then summarise. Keyed by its job instance, so {@code restart} continues the same run.
 */
@Configuration(proxyBeanMethods = false)
public class ImportJobConfig {

    public static final String JOB_NAME = "import";
    /** Job parameter: the roots, one absolute path per line. */
    public static final String ROOTS = "roots";

    private static final String IMPORT_ID = "#{stepExecution.jobExecution.jobInstance.instanceId}";
    private static final String EXECUTION_ID = "#{stepExecution.jobExecution.id}";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final MidicrateProperties.Import settings;

    public ImportJobConfig(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           MidicrateProperties properties) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.settings = properties.importJob();
    }

    /**
     * Job parameter, "true" on an import that {@code midicrate run} started: an analysis follows it, so a restart of
     * it (in another process, after a stop or a crash) goes on to analyse as {@code run} would have.
     */
    public static final String THEN_ANALYZE = "thenAnalyze";

    /** A new run over these roots (absolute paths); each call names a new job instance. */
    public static JobParameters parameters(List<Path> absoluteRoots) {
        return parameters(absoluteRoots, false);
    }

    /** @param thenAnalyze an analysis follows the import (see {@link #THEN_ANALYZE}) */
    public static JobParameters parameters(List<Path> absoluteRoots, boolean thenAnalyze) {
        return new JobParametersBuilder()
                .addString(ROOTS, absoluteRoots.stream().map(Path::toString).collect(Collectors.joining("\n")))
                .addLocalDateTime("requested", LocalDateTime.now())
                .addString(THEN_ANALYZE, Boolean.toString(thenAnalyze), false)
                .toJobParameters();
    }

    /** Whether an analysis follows this import execution's run: {@code run} started it. */
    public static boolean thenAnalyze(JobExecution execution) {
        return JOB_NAME.equals(execution.getJobInstance().getJobName())
                && Boolean.parseBoolean(execution.getJobParameters().getString(THEN_ANALYZE));
    }

    @Bean
    Job importJob(Step importScan, Step importClassify, Step importHash, Step importSummarize,
                  ExecutionLiveness liveness) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(liveness)
                .start(importScan)
                .next(importClassify)
                .next(importHash)
                .next(importSummarize)
                .build();
    }

    /**
     * The walk's chunks only stage paths (a COPY and one statement each): ten hash chunks' worth per transaction
     * spends less on commits and step metadata, and costs a restart nothing but a longer re-walk to its position.
     */
    static final int SCAN_CHUNKS_PER_CHUNK = 10;

    @Bean
    Step importScan(ScanReader scanReader, ScanWriter scanWriter, ProgressListener progress) {
        return new StepBuilder("importScan", jobRepository)
                .<ScanItem, ScanItem>chunk(settings.chunkSize() * SCAN_CHUNKS_PER_CHUNK)
                .transactionManager(transactionManager)
                .reader(scanReader)
                .writer(scanWriter)
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    ScanReader scanReader(@Value("#{jobParameters['" + ROOTS + "']}") String roots) {
        List<Path> paths = roots(roots).stream().map(Path::of).toList();
        return new ScanReader(paths, ScanLimits.from(settings));
    }

    @Bean
    @StepScope
    ScanWriter scanWriter(ImportCandidates candidates, FileErrors errors, @Value(IMPORT_ID) long importId,
                          @Value(EXECUTION_ID) long executionId) {
        return new ScanWriter(candidates, errors, importId, executionId);
    }

    @Bean
    Step importClassify(ImportCandidates candidates) {
        return new StepBuilder("importClassify", jobRepository)
                .tasklet((contribution, context) -> {
                    var jobExecution = context.getStepContext().getStepExecution().getJobExecution();
                    ImportCandidates.Classified classified = candidates.classify(
                            jobExecution.getJobInstance().getInstanceId(), jobExecution.getId(),
                            roots(jobExecution.getJobParameters().getString(ROOTS)));
                    contribution.incrementWriteCount(classified.candidates() + classified.back() + classified.missing());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    static List<String> roots(String roots) {
        return Arrays.stream(roots.split("\n")).filter(s -> !s.isBlank()).toList();
    }

    @Bean
    Step importHash(Step importHashWorker, IdRangePartitioner importPartitioner, PartitionedStep partitioned) {
        return partitioned.of("importHash", importHashWorker, importPartitioner,
                settings.effectiveGridSize(), settings.effectiveThreads());
    }

    /** Balanced id ranges over the candidates this run must read (unchanged ones are left out). */
    @Bean
    @StepScope
    IdRangePartitioner importPartitioner(ImportCandidates candidates, @Value(IMPORT_ID) long importId) {
        return new IdRangePartitioner(settings.chunkSize(), buckets -> candidates.toReadRanges(importId, buckets));
    }

    @Bean
    Step importHashWorker(JdbcPagingItemReader<ScanItem.Candidate> candidateReader, CandidateHasher candidateHasher,
                          HashWriter hashWriter, PartitionedStep partitioned) {
        return partitioned.worker("importHashWorker", settings.chunkSize(), candidateReader, candidateHasher, hashWriter,
                new FileFaultTolerance.Failures<>() {
                    @Override
                    public HashOutcome ofInput(ScanItem.Candidate item, ErrorFamily family, String message) {
                        return new HashOutcome.Failed(item.path(), family, message);
                    }

                    @Override
                    public HashOutcome ofOutput(HashOutcome item, ErrorFamily family, String message) {
                        return item.failed(family, message);
                    }
                }).build();
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<ScanItem.Candidate> candidateReader(ImportCandidates candidates, @Value(IMPORT_ID) long importId,
            @Value("#{stepExecutionContext['minId']}") long minId, @Value("#{stepExecutionContext['maxId']}") long maxId,
            @Value("#{stepExecutionContext['pageSize']}") int pageSize) throws Exception {
        return candidates.toRead("candidates", importId, minId, maxId, pageSize,
                (rs, i) -> new ScanItem.Candidate(rs.getString("path"), rs.getLong("size"),
                        rs.getTimestamp("mtime").toInstant()));
    }

    @Bean
    @StepScope
    CandidateHasher candidateHasher(NameMetadataExtractor names, PathMap pathMap) {
        return new CandidateHasher(ScanLimits.from(settings), names, pathMap);
    }

    @Bean
    @StepScope
    HashWriter hashWriter(LibraryFiles files, FileErrors errors, @Value(IMPORT_ID) long importId,
                          @Value(EXECUTION_ID) long executionId) {
        return new HashWriter(files, errors, importId, executionId);
    }

    @Bean
    Step importSummarize(ImportRuns importRuns) {
        return new StepBuilder("importSummarize", jobRepository)
                .tasklet((contribution, context) -> {
                    var jobExecution = context.getStepContext().getStepExecution().getJobExecution();
                    long importId = jobExecution.getJobInstance().getInstanceId();
                    ImportSummary summary = importRuns.summarize(importId,
                            jobExecution.getJobParameters().getString(ROOTS));
                    contribution.incrementWriteCount(summary.found());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    NameMetadataExtractor nameMetadataExtractor() {
        return new NameMetadataExtractor();
    }
}
