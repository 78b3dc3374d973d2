package io.midicrate.remote;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.jdbc.channel.PgConnectionSupplier;
import org.springframework.integration.jdbc.channel.PostgresChannelMessageTableSubscriber;
import org.springframework.integration.jdbc.channel.PostgresSubscribableChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import io.midicrate.batch.GracefulStop;
import io.midicrate.batch.IdRangePartitioner;
import io.midicrate.batch.JobLocks;
import io.midicrate.config.MidicrateProperties;

/**
 * {@code midicrate worker}: takes partition requests from the library's database and runs each as a local step
 * execution in the shared job repository, on up to {@code threads} partitions at a time (a thread takes a request
 * only when it is free, so idle workers elsewhere get the rest). While it runs a partition it holds that partition's
 * lock, from before the step is marked STARTED to after it ends, so the manager can tell a dead worker from a busy
 * one. SIGTERM: no new requests are taken, running partitions stop at their next chunk boundary (STOPPED, finished
 * by {@code midicrate restart}), then the worker leaves.
 */
@Component
public class PartitionWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final JdbcChannelMessageStore store;
    private final PgConnectionSupplier listenConnections;
    private final JobRepository jobRepository;
    private final Workers workers;
    private final LibraryVisibility visibility;
    private final RemoteSettings settings;
    private final MidicrateProperties properties;
    private final BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
    private final BeanFactory beanFactory;
    private final Map<Long, StepExecution> running = new ConcurrentHashMap<>();

    private volatile boolean started;
    private Workers.Registration registration;
    private ThreadPoolTaskExecutor executor;
    private PostgresChannelMessageTableSubscriber subscriber;
    private PostgresSubscribableChannel channel;
    private final MessageHandler handler = this::handle;

    public PartitionWorker(JdbcChannelMessageStore partitionRequestStore, PgConnectionSupplier listenConnections,
                           JobRepository jobRepository, Workers workers, LibraryVisibility visibility, RemoteSettings settings,
                           MidicrateProperties properties, BeanFactory beanFactory) {
        this.properties = properties;
        this.store = partitionRequestStore;
        this.listenConnections = listenConnections;
        this.jobRepository = jobRepository;
        this.workers = workers;
        this.visibility = visibility;
        this.settings = settings;
        this.beanFactory = beanFactory;
    }

    /** Joins the database and starts taking requests; returns this worker as registered. */
    public synchronized Workers.Worker join(int threads) {
        steps.setBeanFactory(beanFactory);
        registration = workers.register(threads);
        executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setThreadNamePrefix("worker-");
        executor.initialize();
        subscriber = new PostgresChannelMessageTableSubscriber(listenConnections);
        channel = new PostgresSubscribableChannel(store, PartitionTransport.REQUESTS, subscriber);
        channel.setBeanName("partitionRequests");
        channel.setBeanFactory(beanFactory);
        channel.setDispatcherExecutor(executor);
        // a failed partition is recorded in the job repository; the dispatcher must not retry or redeliver it
        channel.setErrorHandler(e -> log.error("Partition request failed", e));
        channel.afterPropertiesSet();
        subscriber.start();
        channel.subscribe(handler);
        // one more pass for each thread: requests queued before this worker started, with no notification to come
        for (int i = 1; i < threads; i++) {
            channel.notifyUpdate();
        }
        started = true;
        log.info("Worker {} ({}) joined with {} threads", registration.worker().id(), registration.worker().label(), threads);
        return registration.worker();
    }

    /** Never throws: the channel would dispatch the same request again, and the job repository has the outcome. */
    private void handle(Message<?> message) {
        StepExecutionRequest request = (StepExecutionRequest) message.getPayload();
        try {
            run(request);
        } catch (RuntimeException e) {
            log.error("Partition request {} failed", request, e);
        }
    }

    private void run(StepExecutionRequest request) {
        long id = request.getStepExecutionId();
        try (JobLocks.Held lock = lockPartition(id)) {
            if (lock == null) {
                log.warn("Partition {} is already held by another worker; request dropped", id);
                return;
            }
            StepExecution partition = jobRepository.getStepExecution(id);
            // a request outlives a failed or restarted run in the queue: only a partition nobody started, of a
            // running job, is run; a restart sends new requests for new step executions
            if (partition == null || partition.getStatus() != BatchStatus.STARTING
                    || !partition.getJobExecution().isRunning()) {
                log.info("Dropped a stale request for step execution {} ({})", id,
                        partition == null ? "gone" : partition.getStatus());
                return;
            }
            String refusal = chunkSizeMismatch(partition);
            if (refusal == null) {
                refusal = visibility.problem(partition, registration.worker().label());
            }
            if (refusal != null) {
                workers.took(id, registration.worker().id());
                partition.setStatus(BatchStatus.FAILED);
                partition.setExitStatus(ExitStatus.FAILED.addExitDescription(refusal));
                partition.setEndTime(LocalDateTime.now());
                jobRepository.update(partition);
                log.error("{}: {}", partition.getStepName(), refusal);
                return;
            }
            Step step = steps.getStep(request.getStepName());
            workers.took(id, registration.worker().id());
            running.put(id, partition);
            log.info("Running {} (step execution {}) of job execution {}", partition.getStepName(), id,
                    partition.getJobExecutionId());
            try {
                step.execute(partition);
            } catch (JobInterruptedException e) {
                partition.setStatus(BatchStatus.STOPPED);
                jobRepository.update(partition);
            } catch (Throwable e) {
                partition.addFailureException(e);
                partition.setStatus(BatchStatus.FAILED);
                jobRepository.update(partition);
            } finally {
                running.remove(id);
            }
            log.info("{} (step execution {}) ended {}", partition.getStepName(), id, partition.getStatus());
        }
    }

    /**
     * The partition's lock, or null when another worker holds it. The manager's monitor probes the same lock for an
     * instant now and then, so a busy lock is tried again for a few seconds before the request counts as taken.
     */
    private JobLocks.Held lockPartition(long stepExecutionId) {
        for (int attempt = 0; attempt < 50; attempt++) {
            JobLocks.Held lock = workers.lockPartition(stepExecutionId);
            if (lock != null) {
                return lock;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /**
     * A restarted partition's reader resumes by item count from the page it had reached, so every chunk must end
     * on a page boundary: this worker's chunk size must be a multiple of the page size the manager gave the
     * partition (its own chunk size). Otherwise a restart would skip rows; refuse instead, saying why.
     */
    private String chunkSizeMismatch(StepExecution partition) {
        int pageSize = partition.getExecutionContext().getInt(IdRangePartitioner.PAGE_SIZE, 0);
        boolean importing = partition.getStepName().startsWith("import");
        int chunkSize = importing ? properties.importJob().chunkSize() : properties.analyze().chunkSize();
        if (pageSize <= 0 || chunkSize % pageSize == 0) {
            return null;
        }
        String key = importing ? "midicrate.import.chunk-size" : "midicrate.analyze.chunk-size";
        return "this worker's " + key + " (" + chunkSize + ") is not a multiple of the partition's page size ("
                + pageSize + ", the manager's " + key + "); set the same value on the manager and every worker";
    }

    /** The partitions this worker runs now. */
    public int runningPartitions() {
        return running.size();
    }

    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public void start() {
        // started by join(), from 'midicrate worker' only
    }

    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        channel.unsubscribe(handler);
        subscriber.stop();
        running.values().forEach(StepExecution::setTerminateOnly);
        Instant deadline = Instant.now().plus(settings.remote().stopTimeout());
        while (!running.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (running.isEmpty()) {
            log.info("Worker {} stopped; its partitions ended", registration.worker().label());
        } else {
            log.warn("Partitions {} did not stop within {}; the manager fails them once this process is gone",
                    running.keySet(), settings.remote().stopTimeout());
        }
        executor.shutdown();
        registration.close();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return GracefulStop.PHASE;
    }
}
