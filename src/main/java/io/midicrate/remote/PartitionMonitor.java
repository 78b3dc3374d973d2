package io.midicrate.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;

import io.midicrate.store.jobs.JobExecutions;

/**
 * Watches the partitions of a remote manager step while Spring Batch's {@code MessageChannelPartitionHandler} polls
 * the job repository for them. That handler waits for as long as a partition is STARTING or STARTED, so a partition
 * whose worker died would be waited for forever; this monitor turns such a partition FAILED (then the handler
 * returns, the step and the job end FAILED, and {@code midicrate restart} reruns only the unfinished partitions):
 * <ul>
 *   <li>a STARTED partition whose lock no live process holds: its worker died (kill -9, power cut);</li>
 *   <li>a STARTING partition nobody holds for a while with no request queued any more: its worker died in the
 *       instant between taking the request and locking the partition, or could not read the request;</li>
 *   <li>queued partitions while no worker is alive: after a clear waiting message, once
 *       {@code midicrate.remote.worker-wait-timeout} has passed.</li>
 * </ul>
 */
class PartitionMonitor implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionMonitor.class);
    private static final Duration WAITING_MESSAGE_EVERY = Duration.ofSeconds(15);
    /**
     * How long a partition may stay STARTING and unheld with no request queued before its request counts as lost.
     * Far longer than the instants it takes a worker from taking a request to locking the partition, and than the
     * moment between the split (partitions STARTING) and the requests being queued.
     */
    private static final Duration CLAIM_GRACE = Duration.ofSeconds(30);

    private final String workerStepName;
    private final JobExecutions executions;
    private final JobRepository jobRepository;
    private final Workers workers;
    private final JdbcChannelMessageStore requests;
    private final RemoteSettings.Remote settings;
    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();

    PartitionMonitor(String workerStepName, JobExecutions executions, JobRepository jobRepository, Workers workers,
                     JdbcChannelMessageStore requests, RemoteSettings.Remote settings) {
        this.workerStepName = workerStepName;
        this.executions = executions;
        this.jobRepository = jobRepository;
        this.workers = workers;
        this.requests = requests;
        this.settings = settings;
    }

    @Override
    public void beforeStep(StepExecution manager) {
        Watch watch = new Watch(manager.getJobExecutionId());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partition-monitor-" + manager.getId());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, settings.pollInterval().toMillis());
        watch.timer = timer;
        watch.task = timer.scheduleWithFixedDelay(() -> {
            try {
                watch.check();
            } catch (RuntimeException e) {
                log.warn("Partition monitor of {}: {}", workerStepName, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        watches.put(manager.getId(), watch);
    }

    @Override
    public ExitStatus afterStep(StepExecution manager) {
        Watch watch = watches.remove(manager.getId());
        if (watch != null) {
            watch.task.cancel(false);
            watch.timer.shutdownNow();
            watch.reportWorkerFailures();
        }
        return null;
    }

    private record Partition(long id, BatchStatus status) {
    }

    private final class Watch {
        final long jobExecutionId;
        ScheduledExecutorService timer;
        ScheduledFuture<?> task;
        /** Partitions this monitor failed and reported already. */
        final java.util.Set<Long> reported = ConcurrentHashMap.newKeySet();
        /** Since when a partition has been seen STARTING and unheld with nothing queued. */
        final Map<Long, Instant> unclaimed = new HashMap<>();
        Instant noWorkerSince;
        Instant lastWaitingMessage;

        Watch(long jobExecutionId) {
            this.jobExecutionId = jobExecutionId;
        }

        List<Partition> unfinished() {
            return executions.unfinishedPartitions(jobExecutionId, workerStepName).stream()
                    .map(p -> new Partition(p.stepExecutionId(), BatchStatus.valueOf(p.status()))).toList();
        }

        void check() {
            List<Partition> running = unfinished();
            if (running.isEmpty()) {
                return;
            }
            boolean queueEmpty = requests.messageGroupSize(PartitionTransport.REQUESTS) == 0;
            int waiting = 0;
            for (Partition p : running) {
                if (workers.isPartitionHeld(p.id())) {
                    unclaimed.remove(p.id());
                    continue;
                }
                if (!queueEmpty) {
                    unclaimed.remove(p.id());
                }
                if (p.status() != BatchStatus.STARTING) {
                    String by = workers.ranBy(jobExecutionId, p.id());
                    fail(p.id(), "the worker running it" + (by == null ? "" : " (" + by + ")")
                            + " died; 'midicrate restart " + jobExecutionId + "' reruns the unfinished partitions");
                } else if (queueEmpty && Duration.between(unclaimed.computeIfAbsent(p.id(), k -> Instant.now()),
                        Instant.now()).compareTo(CLAIM_GRACE) >= 0) {
                    fail(p.id(), "its request was taken but no worker started it (the worker died, or could not read "
                            + "the request: see its log); 'midicrate restart "
                            + jobExecutionId + "' reruns the unfinished partitions");
                } else {
                    waiting++;
                }
            }
            watchForWorkers(waiting, running.size());
        }

        /** Partitions are queued: without a live worker, say so, and give up after the configured wait. */
        void watchForWorkers(int waiting, int unfinished) {
            if (waiting == 0 || !workers.alive().isEmpty()) {
                noWorkerSince = null;
                return;
            }
            Instant now = Instant.now();
            if (noWorkerSince == null) {
                noWorkerSince = now;
            }
            Duration waited = Duration.between(noWorkerSince, now);
            if (waited.compareTo(settings.workerWaitTimeout()) >= 0) {
                String message = "no worker was alive for " + settings.workerWaitTimeout().toSeconds()
                        + " s (midicrate.remote.worker-wait-timeout); start 'midicrate worker' and run 'midicrate restart "
                        + jobExecutionId + "'";
                System.err.println("midicrate: " + workerStepName + ": " + message);
                for (Partition p : unfinished()) {
                    if (p.status() == BatchStatus.STARTING && !workers.isPartitionHeld(p.id())) {
                        fail(p.id(), message);
                    }
                }
                return;
            }
            if (lastWaitingMessage == null || Duration.between(lastWaitingMessage, now).compareTo(WAITING_MESSAGE_EVERY) >= 0) {
                lastWaitingMessage = now;
                String text = "waiting for a worker: " + waiting + " of " + unfinished + " partitions of "
                        + workerStepName + " are queued and no 'midicrate worker' is alive on this database (giving up in "
                        + settings.workerWaitTimeout().minus(waited).toSeconds() + " s)";
                System.err.println("midicrate: " + text);
                log.warn(text);
            }
        }

        /**
         * The partitions a worker failed (it refused one it cannot run, or the step failed there): the reason is in
         * the worker's log and the job repository; the operator running the job sees its first line here.
         */
        void reportWorkerFailures() {
            for (var step : executions.steps(jobExecutionId)) {
                if (step.stepName().startsWith(workerStepName + ":") && "FAILED".equals(step.status())
                        && !reported.contains(step.stepExecutionId()) && step.exitMessage() != null
                        && !step.exitMessage().isBlank()) {
                    System.err.println("midicrate: partition " + step.stepName() + " failed: "
                            + step.exitMessage().lines().findFirst().orElse(""));
                }
            }
        }

        void fail(long stepExecutionId, String why) {
            StepExecution partition = jobRepository.getStepExecution(stepExecutionId);
            if (partition == null || !partition.getStatus().isRunning()) {
                return;
            }
            String message = "partition " + partition.getStepName() + " failed: " + why;
            partition.setStatus(BatchStatus.FAILED);
            partition.setExitStatus(ExitStatus.FAILED.addExitDescription(message));
            partition.setEndTime(LocalDateTime.now());
            jobRepository.update(partition);
            unclaimed.remove(stepExecutionId);
            reported.add(stepExecutionId);
            log.warn(message);
            System.err.println("midicrate: " + message);
        }
    }
}
