package io.midicrate.analyzejob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/** kill -9 of a real midicrate process in the middle of an analysis, then {@code restart}: nothing lost, nothing twice. */
class AnalyzeKillTest extends JobTest {
    @Test
    void killedAnalysisIsRecoveredAndRestartedToTheRowsOfAnUninterruptedRun() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, 300, 4, 300);
        importLibrary(lib);
        analyze();
        var uninterrupted = AnalyzeJobFunctionalTest.Rows.read(jdbc);
        jdbc.execute("TRUNCATE analysis, tag CASCADE");
        jdbc.update("UPDATE content SET analyzed_at = NULL, analysis_status = NULL, analysis_version = NULL");

        Triggers.slowInserts(jdbc, "analysis", 0.01);
        Path log = tmp.resolve("child.log");
        try {
            // the child runs with chunks of 10 and the restart here with 20: a restart must not depend on the
            // configured chunk size staying the same (the page size it resumes with is kept per partition)
            Process child = ChildProcess.start(log, Map.of("MIDICRATE_ANALYZE_CHUNK_SIZE", "10"), "analyze", "--no-progress");
            ChildProcess.killAfter(child, log, () -> count("SELECT count(*) FROM analysis"), 40);
        } finally {
            Triggers.drop(jdbc, "analysis");
        }
        long executionId = count("SELECT max(job_execution_id) FROM batch_job_execution");
        JobExecution killed = runner.find(executionId);
        assertThat(killed.getJobInstance().getJobName()).isEqualTo("analyze");
        assertThat(killed.getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(count("SELECT count(*) FROM content WHERE analyzed_at IS NULL")).isBetween(1L, 260L);

        JobExecution restarted = runner.restart(killed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(AnalyzeJobFunctionalTest.Rows.read(jdbc)).isEqualTo(uninterrupted);
        // each file analysed exactly once across the killed run and its restart
        assertThat(count("""
                SELECT coalesce(sum(s.write_count), 0) FROM batch_step_execution s
                JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
                WHERE e.job_instance_id = %d AND s.step_name LIKE 'analyzeWorker:%%'""".formatted(
                restarted.getJobInstance().getInstanceId()))).isEqualTo(300);
    }
}
