package io.midicrate.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.midicrate.remote.PartitionTransport;
import io.midicrate.remote.Workers;
import io.midicrate.store.jobs.WorkerRegistry;

/**
 * Micrometer meters of remote partitioning for the people watching {@code serve}, next to {@link JobMetrics}:
 * {@code midicrate.workers.alive}, {@code midicrate.partitions.queued} (requests no worker took yet),
 * {@code midicrate.partitions.running}, and {@code midicrate.worker.partitions} by {@code worker} (host:pid) and
 * {@code status} for every worker that has not stopped. Read from the database, so they count the workers of every
 * machine, not only this process's.
 */
@Component
public class WorkerMetrics implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);
    /** How often the per-worker rows are read again (the other gauges are read when scraped). */
    private static final long REFRESH_SECONDS = 5;

    private final Workers workers;
    private final WorkerRegistry registry;
    private final JdbcChannelMessageStore requests;
    private ScheduledExecutorService refresher;
    private MultiGauge perWorker;
    private volatile long running;

    public WorkerMetrics(Workers workers, WorkerRegistry registry, JdbcChannelMessageStore partitionRequestStore) {
        this.workers = workers;
        this.registry = registry;
        this.requests = partitionRequestStore;
    }

    /** Registers the meters (from {@code serve} only: the other commands expose no metrics). */
    public synchronized void bind(MeterRegistry meters) {
        if (refresher != null) {
            return;
        }
        Gauge.builder("midicrate.workers.alive", workers, w -> w.alive().size())
                .description("midicrate worker processes joined to this database and alive").register(meters);
        Gauge.builder("midicrate.partitions.queued", requests, r -> r.messageGroupSize(PartitionTransport.REQUESTS))
                .description("partition requests waiting for a worker").register(meters);
        Gauge.builder("midicrate.partitions.running", this, m -> m.running)
                .description("partitions running on workers").register(meters);
        perWorker = MultiGauge.builder("midicrate.worker.partitions")
                .description("partitions each live worker took, by their status").register(meters);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worker-metrics");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void refresh() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            long now = 0;
            for (WorkerRegistry.PartitionsDone p : registry.partitionsByWorker()) {
                rows.add(MultiGauge.Row.of(Tags.of("worker", p.host() + ":" + p.pid(), "status", p.status()), p.partitions()));
                if ("STARTED".equals(p.status()) || "STOPPING".equals(p.status())) {
                    now += p.partitions();
                }
            }
            running = now;
            perWorker.register(rows, true);
        } catch (RuntimeException e) {
            // the database may be away for a while: the meters keep their last values, serve goes on
            log.warn("Worker metrics not refreshed: {}", e.toString());
        }
    }

    @Override
    public synchronized void destroy() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
