package io.midicrate.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

import io.midicrate.batch.JobRunner;
import io.midicrate.config.MidicrateProperties.OnStale;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.store.jobs.ImportRuns;

/**
 * Executions left STARTED (or STARTING, STOPPING, UNKNOWN) by a process that died or lost the database: found on
 * start ({@link JobRunner#deadExecutions()}), then restarted or abandoned as configured.
 */
@Component
public class StaleExecutions {

    private static final Logger log = LoggerFactory.getLogger(StaleExecutions.class);

    /** What was done with one stale execution. */
    public record Action(long executionId, String jobName, String action) {
    }

    private final ImportRuns importRuns;
    private final JobRunner runner;
    private final JobOperator jobOperator;

    public StaleExecutions(ImportRuns importRuns, JobRunner runner, JobOperator jobOperator) {
        this.importRuns = importRuns;
        this.runner = runner;
        this.jobOperator = jobOperator;
    }

    /**
     * Recovers every stale execution. With RESTART, {@code restarter} runs each restart (the serve command hands
     * them to its scheduler's threads so serving starts at once); with ABANDON they are marked ABANDONED here.
     */
    public List<Action> recover(OnStale mode, Consumer<Runnable> restarter) {
        List<Action> actions = new ArrayList<>();
        for (JobExecution execution : runner.deadExecutions()) {
            long id = execution.getId();
            String job = execution.getJobInstance().getJobName();
            if (mode == OnStale.ABANDON) {
                JobExecution recovered = runner.recover(execution);
                try {
                    jobOperator.abandon(recovered);
                    if (ImportJobConfig.JOB_NAME.equals(job)) {
                        // an abandoned import is never restarted: its staging rows would only be debris
                        importRuns.discardStaging(execution.getJobInstance().getInstanceId());
                    }
                } catch (Exception e) {
                    log.warn("Stale execution {} ({}): recovered but not abandoned: {}", id, job, e.toString());
                    actions.add(new Action(id, job, "recovered"));
                    continue;
                }
                log.warn("Stale execution {} ({}) left by a dead process: abandoned", id, job);
                actions.add(new Action(id, job, "abandoned"));
            } else {
                log.warn("Stale execution {} ({}) left by a dead process: recovering and restarting it", id, job);
                restarter.accept(() -> {
                    try {
                        JobExecution restarted = runner.restart(execution);
                        log.info("Stale execution {} ({}) restarted as {}: {}", id, job, restarted.getId(), restarted.getStatus());
                    } catch (Exception e) {
                        log.error("Stale execution {} ({}) could not be restarted: {}", id, job, e.getMessage());
                    }
                });
                actions.add(new Action(id, job, "restarted"));
            }
        }
        if (actions.isEmpty()) {
            log.info("No stale executions");
        }
        return actions;
    }
}
