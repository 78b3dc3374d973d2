package io.midicrate.serve;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.batch.JobLocks;
import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;

/**
 * One firing of a schedule: import its roots, then analyse what is new. Never two runs of one schedule at once, in
 * this process or any other on the same database: a run holds the schedule's advisory lock, and a firing that finds
 * it taken is skipped and logged.
 */
@Component
public class ScheduleRunner {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

    public enum Outcome { COMPLETED, FAILED, SKIPPED }

    private final JobLocks locks;
    private final JobRunner runner;
    private final Job importJob;
    private final Job analyzeJob;
    private final MeterRegistry meters;

    public ScheduleRunner(JobLocks locks, JobRunner runner, Job importJob, Job analyzeJob, MeterRegistry meters) {
        this.locks = locks;
        this.runner = runner;
        this.importJob = importJob;
        this.analyzeJob = analyzeJob;
        this.meters = meters;
    }

    /** Whether a firing now would wait on another: an import runs, or this schedule's run does (here or elsewhere). */
    public boolean busy(Schedule schedule) {
        return runner.isRunning(ImportJobConfig.JOB_NAME) || locks.isHeld(schedule.lockName());
    }

    public Outcome fire(Schedule schedule) {
        try {
            return fireLocked(schedule);
        } catch (org.springframework.dao.DataAccessException e) {
            // the database is away: serve goes on, health says DOWN, and the next firing tries again
            log.warn("Schedule {}: the database is unavailable ({}); the next firing tries again", schedule.name(),
                    e.getMostSpecificCause().getMessage());
            meters.counter("midicrate.schedule.runs", "schedule", schedule.name(), "outcome", "failed").increment();
            return Outcome.FAILED;
        }
    }

    private Outcome fireLocked(Schedule schedule) {
        try (JobLocks.Held lock = locks.tryLock(schedule.lockName())) {
            if (lock == null) {
                log.warn("Schedule {}: skipped, its previous run is still in progress (here or in another process)",
                        schedule.name());
                meters.counter("midicrate.schedule.runs", "schedule", schedule.name(), "outcome", "skipped").increment();
                return Outcome.SKIPPED;
            }
            Outcome outcome = run(schedule);
            meters.counter("midicrate.schedule.runs", "schedule", schedule.name(), "outcome",
                            outcome.name().toLowerCase(Locale.ROOT))
                    .increment();
            return outcome;
        }
    }

    private Outcome run(Schedule schedule) {
        log.info("Schedule {}: importing {}", schedule.name(), schedule.roots());
        try {
            JobExecution imported = runner.start(importJob, ImportJobConfig.parameters(schedule.roots()));
            log.info("Schedule {}: import execution {} {}", schedule.name(), imported.getId(), imported.getStatus());
            if (imported.getStatus() != BatchStatus.COMPLETED) {
                return Outcome.FAILED;
            }
            if (!schedule.analyze()) {
                return Outcome.COMPLETED;
            }
            JobExecution analysed = runner.start(analyzeJob, AnalyzeJobConfig.parameters(schedule.retryFailed()));
            log.info("Schedule {}: analyze execution {} {}", schedule.name(), analysed.getId(), analysed.getStatus());
            return analysed.getStatus() == BatchStatus.COMPLETED ? Outcome.COMPLETED : Outcome.FAILED;
        } catch (OperatorException e) {
            // e.g. a manual analyze or reprocess holds the analysis lock: the next firing picks the new files up
            log.warn("Schedule {}: {}", schedule.name(), e.getMessage());
            return Outcome.FAILED;
        } catch (io.midicrate.batch.JobFailedException e) {
            log.error("Schedule {}: {}", schedule.name(), e.getMessage());
            return Outcome.FAILED;
        } catch (Exception e) {
            log.error("Schedule {}: run failed", schedule.name(), e);
            return Outcome.FAILED;
        }
    }
}
