package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.batch.JobRunner;
import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;
import io.midicrate.store.jobs.ImportRuns;
import io.midicrate.store.jobs.ImportSummary;

/** kill -9 of a real midicrate process in the middle of an import, then {@code restart}: nothing lost, nothing twice. */
class ImportKillTest extends JobTest {
    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobRunner jobRunner;

    @Test
    void killedImportIsRecoveredAndRestartedToTheRowsOfAnUninterruptedRun() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, 400, 5, 300);
        jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));
        var uninterrupted = ImportJobFunctionalTest.Rows.read(jdbc);
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_seen, import_run, content RESTART IDENTITY CASCADE");

        // slow the writes down so the kill lands mid-run, whatever the machine's speed
        Triggers.slowInserts(jdbc, "location", 0.01);
        Path log = tmp.resolve("child.log");
        long execution;
        try {
            // the child runs with chunks of 10 and the restart here with 20: a restart must not depend on the
            // configured chunk size staying the same (the page size it resumes with is kept per partition)
            Process child = ChildProcess.start(log, Map.of("MIDICRATE_IMPORT_CHUNK_SIZE", "10"),
                    "import", "--no-progress", lib.toString());
            ChildProcess.killAfter(child, log, () -> count("SELECT count(*) FROM location"), 60);
        } finally {
            Triggers.drop(jdbc, "location");
        }
        execution = count("SELECT max(job_execution_id) FROM batch_job_execution");
        JobExecution killed = jobRunner.find(execution);
        assertThat(killed.getStatus()).as("a killed run is left STARTED").isEqualTo(BatchStatus.STARTED);
        assertThat(count("SELECT count(*) FROM location")).isBetween(60L, 399L);

        JobExecution restarted = jobRunner.restart(killed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobRunner.find(execution).getStatus()).as("the dead execution is recovered").isEqualTo(BatchStatus.FAILED);
        ImportJobFunctionalTest.Rows.read(jdbc).assertSameAs(uninterrupted);
        ImportSummary summary = new ImportRuns(jdbc).find(restarted.getJobInstance().getInstanceId());
        assertThat(summary.found()).isEqualTo(400);
        assertThat(summary.newContents()).isEqualTo(300);
        assertThat(summary.duplicates()).isEqualTo(100);
    }

    /**
     * After a kill -9, running {@code import} again instead of {@code restart}: the new import finishes the dead run
     * first (its execution ends FAILED, not STARTED forever; its staging rows are emptied), then runs itself.
     */
    @Test
    void anImportAfterAKilledImportFinishesTheDeadRunFirstAndLeavesNoDebris() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, 300, 3, 200);
        jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));
        var uninterrupted = ImportJobFunctionalTest.Rows.read(jdbc);
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_seen, import_run, content RESTART IDENTITY CASCADE");

        Triggers.slowInserts(jdbc, "location", 0.01);
        Path log = tmp.resolve("child.log");
        try {
            Process child = ChildProcess.start(log, Map.of("MIDICRATE_IMPORT_CHUNK_SIZE", "10"),
                    "import", "--no-progress", lib.toString());
            ChildProcess.killAfter(child, log, () -> count("SELECT count(*) FROM location"), 40);
        } finally {
            Triggers.drop(jdbc, "location");
        }
        long killed = count("SELECT max(job_execution_id) FROM batch_job_execution");
        assertThat(jobRunner.find(killed).getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(count("SELECT count(*) FROM import_candidate")).isPositive();

        Path again = tmp.resolve("again.log");
        assertThat(ChildProcess.run(again, Map.of(), "import", "--no-progress", lib.toString()))
                .as(java.nio.file.Files.readString(again)).isZero();

        String output = java.nio.file.Files.readString(again);
        assertThat(output).contains("import execution " + killed + " was left STARTED by a process that died: finishing it first");
        assertThat(jobRunner.find(killed).getStatus()).as("no longer STARTED").isEqualTo(BatchStatus.FAILED);
        assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTED', 'STARTING', 'UNKNOWN')"))
                .isZero();
        assertThat(count("SELECT count(*) FROM import_candidate")).as("no staging rows left").isZero();
        assertThat(count("SELECT count(*) FROM import_seen")).as("no staging rows left").isZero();
        ImportJobFunctionalTest.Rows.read(jdbc).assertSameAs(uninterrupted);
        ImportSummary dead = new ImportRuns(jdbc).find(jobRunner.find(killed).getJobInstance().getInstanceId());
        assertThat(dead.found()).isEqualTo(300);
        assertThat(dead.newContents()).isEqualTo(200);
        assertThat(dead.duplicates()).isEqualTo(100);
        long newRun = count("SELECT max(import_id) FROM import_run");
        assertThat(new ImportRuns(jdbc).find(newRun).unchanged()).as("the new run finds the finished one's files").isEqualTo(300);
    }
}
