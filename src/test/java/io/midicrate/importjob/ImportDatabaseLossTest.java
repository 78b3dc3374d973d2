package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.DedicatedDatabase;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;
import io.midicrate.store.jobs.ImportRuns;
import io.midicrate.store.jobs.ImportSummary;

/**
 * The database going away under a running import (stopped, or its connections terminated): the process ends within
 * a bounded time with one line naming the database and the restart, exit code 1, and that restart, once the
 * database is back, completes the run with the rows of an uninterrupted one. The database here is the test's own.
 */
class ImportDatabaseLossTest extends JobTest {
    static final int FILES = 300;
    static final Pattern LOST = Pattern.compile(
            "^midicrate: lost the connection to PostgreSQL at localhost:(\\d+); start it and run `midicrate restart (\\d+)`$",
            Pattern.MULTILINE);

    @Autowired
    JobOperator jobOperator;

    @Test
    void databaseStoppedMidImportFailsWithOneLineAndRestartCompletesIt() throws Exception {
        loseTheDatabaseMidImport(true);
    }

    @Test
    void connectionsTerminatedMidImportFailWithOneLineAndRestartCompletesIt() throws Exception {
        loseTheDatabaseMidImport(false);
    }

    private void loseTheDatabaseMidImport(boolean stop) throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, FILES, 5, 200);
        jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));
        var uninterrupted = ImportJobFunctionalTest.Rows.read(jdbc);

        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"))) {
            JdbcTemplate dedicated = db.jdbc();
            Triggers.slowInserts(dedicated, "location", 0.02);
            Path out = tmp.resolve("import.out");
            Map<String, String> env = db.childEnv(tmp.resolve("midicrate.log"),
                    Map.of("MIDICRATE_IMPORT_CHUNK_SIZE", "10", "MIDICRATE_DB_CONNECT_TIMEOUT", "5s"));
            Process child = ChildProcess.start(out, env, "import", "--no-progress", lib.toString());
            ChildProcess.awaitProgress(child, out, () -> dedicated.queryForObject("SELECT count(*) FROM location", Long.class), 40);
            long lostAt = System.nanoTime();
            if (stop) {
                db.stop();
            } else {
                assertThat(db.terminateClients()).isPositive();
            }
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the import noticed the lost database").isTrue();
            // for the record, not asserted (the machine's speed varies): how long the child took to give up
            System.out.printf("[midicrate tests] database %s: the import exited %.1f s later%n",
                    stop ? "stopped" : "connections terminated", (System.nanoTime() - lostAt) / 1e9);
            String output = Files.readString(out);
            assertThat(child.exitValue()).as(output).isEqualTo(1);
            assertThat(output).as("one line, no trace").doesNotContain("Exception", "\tat ");
            Matcher lost = LOST.matcher(output);
            assertThat(lost.find()).as(output).isTrue();
            assertThat(Integer.parseInt(lost.group(1))).isEqualTo(db.port());
            long executionId = Long.parseLong(lost.group(2));

            if (stop) {
                db.start();
            }
            Triggers.drop(dedicated, "location");
            Path restartOut = tmp.resolve("restart.out");
            int restarted = ChildProcess.run(restartOut, env, "restart", "--no-progress", Long.toString(executionId));
            assertThat(restarted).as(Files.readString(restartOut)).isZero();

            ImportJobFunctionalTest.Rows.read(dedicated).assertSameAs(uninterrupted);
            assertThat(dedicated.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                    String.class, executionId)).isEqualTo("FAILED");
            assertThat(dedicated.queryForObject("SELECT count(*) FROM import_candidate", Long.class)).isZero();
            ImportSummary summary = new ImportRuns(dedicated).find(dedicated.queryForObject(
                    "SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?", Long.class, executionId));
            assertThat(summary.found()).isEqualTo(FILES);
            assertThat(summary.newContents()).isEqualTo(200);
            assertThat(summary.duplicates()).isEqualTo(100);
        }
    }
}
