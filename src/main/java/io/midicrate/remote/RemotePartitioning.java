package io.midicrate.remote;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.messaging.MessageChannel;
import org.springframework.stereotype.Component;

import io.midicrate.batch.RemotePartitions;
import io.midicrate.store.jobs.JobExecutions;

/**
 * Builds the manager side of a remotely partitioned step with Spring Batch's own engine
 * ({@link RemotePartitioningManagerStepBuilder}): the partitions are split and stored as here, one request per
 * partition goes to {@link PartitionTransport#REQUESTS}, and the step polls the job repository until every
 * partition has ended (no reply channel: workers only write the shared job repository). A {@link PartitionMonitor}
 * fails the partitions of dead workers, so the poll always ends.
 */
@Component
public class RemotePartitioning implements RemotePartitions {

    private final JobRepository jobRepository;
    private final MessageChannel partitionRequests;
    private final JdbcChannelMessageStore partitionRequestStore;
    private final JobExecutions executions;
    private final Workers workers;
    private final RemoteSettings settings;

    public RemotePartitioning(JobRepository jobRepository, MessageChannel partitionRequests,
                              JdbcChannelMessageStore partitionRequestStore, JobExecutions executions, Workers workers,
                              RemoteSettings settings) {
        this.jobRepository = jobRepository;
        this.partitionRequests = partitionRequests;
        this.partitionRequestStore = partitionRequestStore;
        this.executions = executions;
        this.workers = workers;
        this.settings = settings;
    }

    @Override
    public boolean enabled() {
        return settings.isRemote();
    }

    @Override
    public Step managerStep(String name, String workerStepName, Partitioner partitioner, int gridSize) {
        return new RemotePartitioningManagerStepBuilder(name, jobRepository)
                .partitioner(workerStepName, partitioner)
                .gridSize(gridSize)
                .outputChannel(partitionRequests)
                .pollInterval(settings.remote().pollInterval().toMillis())
                .listener(new PartitionMonitor(workerStepName, executions, jobRepository, workers, partitionRequestStore,
                        settings.remote()))
                .build();
    }
}
