package io.midicrate.batch;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/** The one shape of every partitioned step here: a manager running its worker over the partitions on local threads. */
public final class PartitionedStep {

    private PartitionedStep() {
    }

    public static Step of(String name, JobRepository jobRepository, Step worker, Partitioner partitioner,
                          int gridSize, int threads) {
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
