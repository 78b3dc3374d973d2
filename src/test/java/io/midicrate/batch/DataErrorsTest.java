package io.midicrate.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import io.midicrate.library.ErrorFamily;
import io.midicrate.library.ValueRejected;

/** Only a file's own data errors may be skipped; a failing database must fail the step so it can be restarted. */
class DataErrorsTest {

    static Throwable asTheWriterThrowsIt(String state, String message) {
        // what pgjdbc and Spring make of a failed batch: a translated exception over a batch exception whose next
        // exception is the server's error
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO content VALUES (1) was aborted: ERROR: "
                + message + "  Call getNextException to see other errors in the batch.", state, 0, new int[0], null);
        batch.setNextException(new SQLException("ERROR: " + message + "\n  Where: SQL statement", state));
        return new DataIntegrityViolationException("PreparedStatementCallback; " + message, batch);
    }

    @Test
    void dataExceptionsAndConstraintViolationsAreTheFilesOwn() {
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("22003", "smallint out of range"))).isTrue();
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("23514", "check constraint"))).isTrue();
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("23505", "duplicate key"))).isTrue();
        assertThat(DataErrors.isDataError(new ValueRejected(ErrorFamily.BAD_NAME, "too long"))).isTrue();
    }

    @Test
    void aFailingDatabaseIsNeverSkipped() {
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("08006", "An I/O error occurred while sending to the backend"))).isFalse();
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("57P01", "terminating connection due to administrator command"))).isFalse();
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("53100", "could not extend file"))).isFalse();
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("40P01", "deadlock detected"))).isFalse();
        assertThat(DataErrors.isDataError(asTheWriterThrowsIt("P0001", "injected failure"))).isFalse();
        assertThat(DataErrors.isDataError(new CannotGetJdbcConnectionException("no connection"))).isFalse();
        assertThat(DataErrors.isDataError(new QueryTimeoutException("timeout"))).isFalse();
        // a data error seen through a closed connection is still a closed connection
        assertThat(DataErrors.isDataError(new DataIntegrityViolationException("x",
                new SQLException("This connection has been closed.", "22000")))).isFalse();
        assertThat(DataErrors.isDataError(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void theRecordedMessageIsTheServersOneLineWithoutJavaNames() {
        assertThat(DataErrors.describe(asTheWriterThrowsIt("22003", "smallint out of range")))
                .isEqualTo("the database rejected this file's rows: smallint out of range (SQLState 22003)");
        assertThat(DataErrors.family(asTheWriterThrowsIt("22003", "smallint out of range"))).isEqualTo(ErrorFamily.DB_REJECTED);
        assertThat(DataErrors.family(new RuntimeException(new ValueRejected(ErrorFamily.BAD_NAME, "too long"))))
                .isEqualTo(ErrorFamily.BAD_NAME);
    }
}
