package io.midicrate.batch;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The one shape of every partitioned step here: a manager running its worker over the partitions, on local threads
 * ({@code midicrate.partitioning: local}, the default) or on {@code midicrate worker} processes
 * ({@code remote}: see {@link RemotePartitions}); and the worker itself, a chunk of files read, processed and
 * written with per-file fault tolerance and progress reported.
 */
@Component
public class PartitionedStep {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final RemotePartitions remote;
    private final ProgressListener progress;

    public PartitionedStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           RemotePartitions remote, ProgressListener progress) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.remote = remote;
        this.progress = progress;
    }

    /** The manager step: {@code worker} over the partitions, {@code threads} at a time when they run locally. */
    public Step of(String name, Step worker, Partitioner partitioner, int gridSize, int threads) {
        if (remote.enabled()) {
            return remote.managerStep(name, worker.getName(), partitioner, gridSize);
        }
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(name + "-");
        executor.setConcurrencyLimit(threads);
        return new StepBuilder(name, jobRepository)
                .partitioner(worker.getName(), partitioner)
                .step(worker)
                .gridSize(gridSize)
                .taskExecutor(executor)
                .build();
    }

    /**
     * The worker step: chunks of {@code chunkSize} items, the processor's own state saved with the step's, a file
     * whose rows the database rejects recorded by {@code failures} and skipped, progress reported. The caller may add
     * listeners before building.
     */
    public <I, O, P extends ItemProcessor<I, O> & ItemStream> ChunkOrientedStepBuilder<I, O> worker(String name,
            int chunkSize, ItemReader<I> reader, P processor, ItemWriter<O> writer,
            FileFaultTolerance.Failures<I, O> failures) {
        return new FileFaultTolerance<>(writer, transactionManager, failures)
                .applyTo(new StepBuilder(name, jobRepository)
                        .<I, O>chunk(chunkSize)
                        .transactionManager(transactionManager)
                        .reader(reader)
                        .processor(processor))
                .stream(processor)
                .listener(progress);
    }
}
