package io.midicrate.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.midicrate.config.MidicrateProperties;

/**
 * On shutdown (SIGTERM runs Spring's shutdown hook), asks every job this process runs to stop and waits until they
 * have: each running step ends at its next chunk boundary, the execution becomes STOPPED, and 'midicrate restart'
 * continues it. Stops before everything else (highest phase), so the database is still there while it waits.
 */
@Component
public class GracefulStop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    /** Just below the highest phase: the scheduler (highest) stops firing new runs first. */
    public static final int PHASE = Integer.MAX_VALUE - 1;

    private final ExecutionLiveness liveness;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Duration timeout;
    private volatile boolean running;
    private volatile boolean stopping;

    public GracefulStop(ExecutionLiveness liveness, JobOperator jobOperator, JobRepository jobRepository,
                        MidicrateProperties properties) {
        this.liveness = liveness;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.timeout = properties.serve().stopTimeout();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopping = true;
        Set<Long> executions = liveness.runningHere();
        if (executions.isEmpty()) {
            return;
        }
        for (long id : executions) {
            JobExecution execution = jobRepository.getJobExecution(id);
            try {
                if (execution != null && execution.isRunning()) {
                    log.info("Stopping execution {} ({}) at its next chunk boundary", id,
                            execution.getJobInstance().getJobName());
                    jobOperator.stop(execution);
                }
            } catch (Exception e) {
                log.warn("Could not ask execution {} to stop: {}", id, e.toString());
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        while (!liveness.runningHere().isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (liveness.runningHere().isEmpty()) {
            log.info("Stopped executions {}; restart them with 'midicrate restart ID'", executions);
        } else {
            log.warn("Executions {} did not stop within {}; they are left STARTED and will be recovered on restart",
                    liveness.runningHere(), timeout);
        }
    }

    /** Whether this process is shutting down (SIGTERM): the database may be closing under whoever asks. */
    public boolean stopping() {
        return stopping;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
