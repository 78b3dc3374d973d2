package io.midicrate.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

/**
 * The figures of a job page: the run's files over its executions, this execution's rate over its own duration. The
 * executions are built as the job repository returns them (a restart holds only the partitions it ran again, with
 * their contexts carried over and their counts from zero).
 */
class JobProgressTest {

    static final LocalDateTime T0 = LocalDateTime.of(2026, 12, 3, 10, 0, 0);
    static final JobInstance RUN = new JobInstance(7L, "import");

    static JobExecution execution(long id, BatchStatus status, LocalDateTime start, LocalDateTime end) {
        JobExecution execution = new JobExecution(id, RUN, new JobParameters());
        execution.setStatus(status);
        execution.setStartTime(start);
        execution.setEndTime(end);
        return execution;
    }

    static void partition(JobExecution execution, long stepId, int partition, long rows, long written) {
        StepExecution step = new StepExecution(stepId, "importHashWorker:partition" + partition, execution);
        step.getExecutionContext().putLong("rows", rows);
        step.setWriteCount(written);
        execution.addStepExecution(step);
    }

    @Test
    void aCompletedExecutionsRateIsItsFilesOverItsOwnDurationAndStaysSo() {
        JobExecution done = execution(1, BatchStatus.COMPLETED, T0, T0.plusNanos(2_900_000_000L));
        partition(done, 1, 0, 1632, 1632);
        partition(done, 2, 1, 1632, 1632);
        JobProgress now = JobProgress.of(done, List.of(done), T0.plusSeconds(3));
        JobProgress anHourLater = JobProgress.of(done, List.of(done), T0.plusHours(1));
        assertThat(now.perSecond()).isCloseTo(3264 / 2.9, org.assertj.core.data.Offset.offset(0.01));
        assertThat(anHourLater).isEqualTo(now);
        assertThat(now.done()).isEqualTo(3264);
        assertThat(now.total()).isEqualTo(3264);
        assertThat(now.percent()).isEqualTo(100);
        assertThat(now.secondsLeft()).isNull();
        assertThat(now.executions()).isEqualTo(1);
    }

    @Test
    void aRestartCountsTheRunsFilesAcrossItsExecutionsAndItsOwnRate() {
        // the first execution stopped with partition 0 done and partition 1 at 1,000 of 5,000
        JobExecution stopped = execution(1, BatchStatus.STOPPED, T0, T0.plusSeconds(10));
        partition(stopped, 1, 0, 10_000, 10_000);
        partition(stopped, 2, 1, 5_000, 1_000);
        // the restart ran partition 1 only, from where it stopped
        JobExecution restart = execution(2, BatchStatus.COMPLETED, T0.plusMinutes(5), T0.plusMinutes(5).plusSeconds(4));
        partition(restart, 3, 1, 5_000, 4_000);
        List<JobExecution> run = List.of(restart, stopped); // in any order

        JobProgress ofRestart = JobProgress.of(restart, run, T0.plusHours(1));
        assertThat(ofRestart.done()).isEqualTo(15_000);
        assertThat(ofRestart.total()).isEqualTo(15_000);
        assertThat(ofRestart.percent()).isEqualTo(100);
        assertThat(ofRestart.bucket()).isEqualTo(100);
        assertThat(ofRestart.perSecond()).as("its own 4,000 files in its own 4 s").isEqualTo(1_000);
        assertThat(ofRestart.executions()).isEqualTo(2);

        // the stopped execution shows where the run was when it stopped, not what its restart did later
        JobProgress ofStopped = JobProgress.of(stopped, run, T0.plusHours(1));
        assertThat(ofStopped.done()).isEqualTo(11_000);
        assertThat(ofStopped.total()).isEqualTo(15_000);
        assertThat(ofStopped.bucket()).isEqualTo(75);
        assertThat(ofStopped.perSecond()).isEqualTo(1_100);
        assertThat(ofStopped.executions()).isEqualTo(1);
    }

    @Test
    void aRunningExecutionsRateRunsToNowAndItsTimeLeftFollows() {
        JobExecution running = execution(1, BatchStatus.STARTED, T0, null);
        partition(running, 1, 0, 3_000, 1_000);
        partition(running, 2, 1, 3_000, 1_000);
        JobProgress progress = JobProgress.of(running, List.of(running), T0.plusSeconds(10));
        assertThat(progress.perSecond()).isEqualTo(200);
        assertThat(progress.secondsLeft()).isEqualTo(20);
        assertThat(progress.percent()).isCloseTo(33.3, org.assertj.core.data.Offset.offset(0.1));
        assertThat(JobProgress.of(running, List.of(running), T0.plusSeconds(20)).perSecond()).isEqualTo(100);
    }

    @Test
    void withoutAStepThatKnowsItsRowsThereIsNoProgress() {
        JobExecution scanning = execution(1, BatchStatus.STARTED, T0, null);
        scanning.addStepExecution(new StepExecution(1, "importScan", scanning));
        assertThat(JobProgress.of(scanning, List.of(scanning), T0.plusSeconds(1))).isNull();
    }
}
