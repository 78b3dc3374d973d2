package io.midicrate.batch;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

import io.midicrate.remote.RemotePartitioning;

/**
 * The one shape of every partitioned step here: a manager running its worker over the partitions, on local threads
 * ({@code midicrate.partitioning: local}, the default) or on {@code midicrate worker} processes
 * ({@code remote}: see {@link RemotePartitioning}).
 */
@Component
public class PartitionedStep {

    private final JobRepository jobRepository;
    private final RemotePartitioning remote;

    public PartitionedStep(JobRepository jobRepository, RemotePartitioning remote) {
        this.jobRepository = jobRepository;
        this.remote = remote;
    }

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
}
