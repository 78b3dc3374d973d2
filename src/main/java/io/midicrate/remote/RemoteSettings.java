package io.midicrate.remote;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of remote partitioning, kept apart from {@code MidicrateProperties} so the feature lives in one
 * package: {@code midicrate.partitioning} (local or remote) and {@code midicrate.remote.*}.
 */
@ConfigurationProperties("midicrate")
public record RemoteSettings(@DefaultValue("local") Partitioning partitioning, @DefaultValue Remote remote) {

    public enum Partitioning { LOCAL, REMOTE }

    public boolean isRemote() {
        return partitioning == Partitioning.REMOTE;
    }

    /**
     * @param pollInterval how often the manager reads the job repository for its partitions' state
     * @param workerWaitTimeout how long the manager waits, with partitions queued, while no worker is alive
     * @param stopTimeout how long a worker waits on SIGTERM for its partitions to stop at a chunk boundary
     * @param serveWorkerThreads partitions {@code serve} runs at a time as a worker of its own (0: serve is no worker)
     */
    public record Remote(
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("10m") Duration workerWaitTimeout,
            @DefaultValue("5m") Duration stopTimeout,
            @DefaultValue("0") int serveWorkerThreads) {
    }
}
