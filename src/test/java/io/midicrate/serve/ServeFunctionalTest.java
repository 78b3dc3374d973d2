package io.midicrate.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.support.CronExpression;

import io.micrometer.core.instrument.MeterRegistry;
import io.midicrate.batch.ExecutionLiveness;
import io.midicrate.batch.JobLocks;
import io.midicrate.batch.JobRunner;
import io.midicrate.config.MidicrateProperties.OnStale;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.DatabaseTest;
import io.midicrate.support.TestMidi;

/** Schedules fire by cron, never overlap themselves, stale executions are recovered, meters count the work. */
class ServeFunctionalTest extends DatabaseTest {

    @Autowired
    Scheduler scheduler;
    @Autowired
    ScheduleRunner scheduleRunner;
    @Autowired
    StaleExecutions staleExecutions;
    @Autowired
    JobLocks locks;
    @Autowired
    JobRunner runner;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    ExecutionLiveness liveness;
    @Autowired
    MeterRegistry meters;

    @TempDir
    Path tmp;

    @AfterEach
    void stopScheduling() throws InterruptedException {
        scheduler.stop();
        // a run the last firing started must end before the next test empties the library
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!liveness.runningHere().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    Path library(int files) {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < files; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i));
        }
        return lib.toAbsolutePath();
    }

    Schedule schedule(String name, String cron, Path root) {
        return new Schedule(name, CronExpression.parse(cron), List.of(root), true, false, tmp.resolve(name + ".yml"));
    }

    @Test
    void aScheduleFiresByItsCronImportsAndAnalysesAndIsMetered() throws Exception {
        Path lib = library(25);
        double importedBefore = meters.counter("midicrate.files.imported").count();
        double analysedBefore = meters.counter("midicrate.files.analysed", "job", "analyze").count();

        scheduler.schedule(List.of(schedule("every-second", "* * * * * *", lib)));

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (count("SELECT count(*) FROM content WHERE analysis_status = 'ok'") < 25) {
            assertThat(Instant.now()).as("the schedule never completed a run").isBefore(deadline);
            Thread.sleep(100);
        }
        scheduler.stop();
        stopScheduling();
        assertThat(count("SELECT count(*) FROM location")).isEqualTo(25);
        assertThat(count("""
                SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                WHERE i.job_name = 'import' AND e.status = 'COMPLETED'""")).isPositive();
        assertThat(meters.counter("midicrate.files.imported").count() - importedBefore).isGreaterThanOrEqualTo(25);
        assertThat(meters.counter("midicrate.files.analysed", "job", "analyze").count() - analysedBefore).isGreaterThanOrEqualTo(25);
        assertThat(meters.timer("midicrate.job.duration", "job", "import", "status", "COMPLETED").count()).isPositive();
        // Spring Batch's own observations: steps are timed, items and chunks are not (application.yml: their cost)
        assertThat(meters.find("spring.batch.step").timers()).isNotEmpty();
        assertThat(meters.find("spring.batch.item.read").meters()).isEmpty();
        assertThat(meters.find("spring.batch.item.process").meters()).isEmpty();
        assertThat(meters.find("spring.batch.chunk.write").meters()).isEmpty();
    }

    @Test
    void aSecondRunOfTheSameScheduleIsRefusedWhileTheFirstRuns() throws Exception {
        Schedule nightly = schedule("nightly", "0 30 2 * * *", library(5));
        long executionsBefore = count("SELECT count(*) FROM batch_job_execution");
        double skippedBefore = meters.counter("midicrate.schedule.runs", "schedule", "nightly", "outcome", "skipped").count();

        // the first run, as another process holds it: the schedule's lock on a session of its own
        try (JobLocks.Held first = locks.tryLock(nightly.lockName())) {
            assertThat(first).isNotNull();
            assertThat(scheduleRunner.fire(nightly)).isEqualTo(ScheduleRunner.Outcome.SKIPPED);
            assertThat(count("SELECT count(*) FROM batch_job_execution")).as("a skipped firing starts no job")
                    .isEqualTo(executionsBefore);
        }
        assertThat(meters.counter("midicrate.schedule.runs", "schedule", "nightly", "outcome", "skipped").count() - skippedBefore)
                .isEqualTo(1);

        assertThat(scheduleRunner.fire(nightly)).isEqualTo(ScheduleRunner.Outcome.COMPLETED);
        assertThat(count("SELECT count(*) FROM content WHERE analysis_status = 'ok'")).isEqualTo(5);
        assertThat(locks.tryLock(nightly.lockName())).as("the run released its lock").isNotNull().satisfies(JobLocks.Held::close);
    }

    @Test
    void staleExecutionsLeftByADeadProcessAreRestartedOrAbandonedAndLiveOnesLeftAlone() throws Exception {
        Path lib = library(10);
        JobExecution deadImport = staleImport(lib);
        JobExecution live = staleImport(tmp.resolve("other"));
        liveness.beforeJob(live); // this process runs it: not stale
        try {
            List<StaleExecutions.Action> actions = staleExecutions.recover(OnStale.RESTART, Runnable::run);

            assertThat(actions).containsExactly(new StaleExecutions.Action(deadImport.getId(), "import", "restarted"));
            assertThat(runner.find(deadImport.getId()).getStatus()).as("recovered first").isEqualTo(BatchStatus.FAILED);
            JobExecution restarted = jobRepository.getLastJobExecution(deadImport.getJobInstance());
            assertThat(restarted.getId()).isNotEqualTo(deadImport.getId());
            assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(count("SELECT count(*) FROM location")).isEqualTo(10);
            assertThat(runner.find(live.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);

            JobExecution another = staleImport(lib);
            liveness.afterJob(live);
            List<StaleExecutions.Action> abandoned = staleExecutions.recover(OnStale.ABANDON, r -> {
                throw new AssertionError("nothing is restarted when abandoning");
            });
            assertThat(abandoned).extracting(StaleExecutions.Action::executionId).containsExactly(live.getId(), another.getId());
            assertThat(abandoned).extracting(StaleExecutions.Action::action).containsOnly("abandoned");
            assertThat(runner.find(another.getId()).getStatus()).isEqualTo(BatchStatus.ABANDONED);
            assertThat(runner.find(live.getId()).getStatus()).isEqualTo(BatchStatus.ABANDONED);
        } finally {
            liveness.afterJob(live);
        }
    }

    /** An import execution in the state a killed process leaves it: STARTED, and nobody holding its liveness lock. */
    JobExecution staleImport(Path root) {
        JobParameters parameters = ImportJobConfig.parameters(List.of(root));
        JobInstance instance = jobRepository.createJobInstance(ImportJobConfig.JOB_NAME, parameters);
        JobExecution execution = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        execution.setStatus(BatchStatus.STARTED);
        execution.setStartTime(LocalDateTime.now());
        jobRepository.update(execution);
        return execution;
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
