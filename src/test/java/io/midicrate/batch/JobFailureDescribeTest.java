package io.midicrate.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.dao.DataAccessResourceFailureException;

/** What a job page says of an execution's stored exit description: words, never a Java class name. */
class JobFailureDescribeTest {

    @Test
    void aStopIsASentenceNotTheExceptionSpringBatchRecords() {
        // what AbstractJob stores for an execution stopped at a chunk boundary, and a step's and its manager's joined
        String stored = ExitStatus.STOPPED.addExitDescription(JobInterruptedException.class.getName()).getExitDescription();
        assertThat(stored).contains("org.springframework");
        assertThat(JobFailure.describe(stored)).isEqualTo(JobFailure.STOPPED)
                .isEqualTo("stopped (SIGTERM or stop request) at a chunk boundary; restart continues it");
        assertThat(JobFailure.describe(stored + "; " + stored)).isEqualTo(JobFailure.STOPPED);
    }

    @Test
    void aLineThisClassWroteIsKeptAndNothingIsNothing() {
        String settled = new JobFailure(JobFailure.DATABASE_ERROR, "value too long (SQLSTATE 22001)").oneLine();
        assertThat(JobFailure.describe(settled)).isEqualTo(settled);
        assertThat(JobFailure.describe("left STARTED by a process that died or lost the database"))
                .isEqualTo("left STARTED by a process that died or lost the database");
        assertThat(JobFailure.describe(null)).isNull();
        assertThat(JobFailure.describe("  ")).isNull();
    }

    @Test
    void aStoredStackTraceIsItsDeepestCausesMessage() {
        Exception failure = new IllegalStateException("partition failed",
                new DataAccessResourceFailureException("could not write", new SQLException("disk full")));
        String stored = ExitStatus.FAILED.addExitDescription(failure).getExitDescription();
        assertThat(stored).contains("\tat ").contains("Caused by: java.sql.SQLException");
        assertThat(JobFailure.describe(stored)).isEqualTo("disk full");
        assertThat(JobFailure.describe(ExitStatus.FAILED.addExitDescription(new NullPointerException()).getExitDescription()))
                .isEqualTo("(no message)");
    }
}
