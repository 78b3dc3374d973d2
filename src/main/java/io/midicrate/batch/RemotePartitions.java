package io.midicrate.batch;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.Step;

/**
 * The manager side of a partitioned step whose partitions run in {@code midicrate worker} processes
 * ({@code midicrate.partitioning: remote}); the remote-partitioning wiring implements it, so this package does not
 * depend on it.
 */
public interface RemotePartitions {

    /** Whether partitions go to worker processes rather than local threads. */
    boolean enabled();

    Step managerStep(String name, String workerStepName, Partitioner partitioner, int gridSize);
}
