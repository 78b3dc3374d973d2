package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.batch.JobRunner;
import io.midicrate.support.ChildProcess;
import io.midicrate.support.DatabaseTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/** kill -9 of a real midicrate process in the middle of an import, then {@code restart}: nothing lost, nothing twice. */
class ImportKillTest extends DatabaseTest {

    @Autowired
    JobOperator jobOperator;
    @Autowired
    Job importJob;
    @Autowired
    JobRunner jobRunner;

    @TempDir
    Path tmp;

    @Test
    void killedImportIsRecoveredAndRestartedToTheRowsOfAnUninterruptedRun() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 400; i++) {
            TestMidi.write(lib.resolve("p" + (i % 5) + "/f" + i + ".mid"), TestMidi.smf(i % 300));
        }
        jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));
        var uninterrupted = ImportJobFunctionalTest.Rows.read(jdbc);
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_run, content RESTART IDENTITY CASCADE");

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
        ImportSummary summary = ImportRuns.find(jdbc, restarted.getJobInstance().getInstanceId());
        assertThat(summary.found()).isEqualTo(400);
        assertThat(summary.newContents()).isEqualTo(300);
        assertThat(summary.duplicates()).isEqualTo(100);
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
