package io.midicrate.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.reprocessjob.Audits;
import io.midicrate.reprocessjob.ReprocessJobConfig;
import io.midicrate.reprocessjob.Selection;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * A file whose rows the database refuses costs that file, never its chunk or the run: the import, analyze and
 * reprocess steps write the chunk again file by file, record the refused one with a family, and complete.
 */
class PerFileFaultToleranceTest extends JobTest {
    JobExecution importRoots(Path root) throws Exception {
        return runner.start(importJob, ImportJobConfig.parameters(List.of(root.toAbsolutePath().normalize())));
    }

    Path libraryOf100GoodFilesAnd(String badName, byte[] bad) {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 100; i++) {
            TestMidi.write(lib.resolve(String.format("f%03d.mid", i)), TestMidi.smf(i));
        }
        TestMidi.write(lib.resolve(badName), bad);
        return lib;
    }

    @Test
    void aFormatFieldOf0xFFFFIsStoredAsUnknownAndEveryOtherFileOfItsChunkIsImported() throws Exception {
        byte[] bad = TestMidi.smf(1000);
        bad[8] = (byte) 0xFF; // the format word
        bad[9] = (byte) 0xFF;
        Path lib = libraryOf100GoodFilesAnd("f050x.mid", bad);

        JobExecution imported = importRoots(lib);

        assertThat(imported.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM location")).isEqualTo(101);
        assertThat(count("SELECT count(*) FROM content WHERE smf_format = 0")).isEqualTo(100);
        assertThat(count("SELECT count(*) FROM content WHERE smf_format IS NULL AND canonical_path LIKE '%/f050x.mid'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM file_error")).isZero();

        JobExecution analysed = analyze();

        assertThat(analysed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM analysis")).isEqualTo(101);
        // read as format 1, and the analysis says why
        assertThat(jdbc.queryForObject("""
                SELECT a.smf_format || ' ' || array_to_string(a.warnings, ',') FROM analysis a
                JOIN content c ON c.id = a.content_id WHERE c.smf_format IS NULL""", String.class))
                .startsWith("1 ").contains("UNSUPPORTED_FORMAT");
    }

    @Test
    void aContentRowTheDatabaseRefusesCostsOnlyThatFile() throws Exception {
        Path lib = libraryOf100GoodFilesAnd("f050x.mid", TestMidi.smf(1000));
        Triggers.rejectInserts(jdbc, "location", "NEW.path LIKE '%/f050x.mid'");
        JobExecution execution;
        try {
            execution = importRoots(lib);
        } finally {
            Triggers.drop(jdbc, "location");
        }

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM location")).isEqualTo(100);
        assertThat(count("SELECT count(*) FROM location WHERE path LIKE '%/f050x.mid'")).isZero();
        assertThat(jdbc.queryForList("SELECT family || ' ' || message FROM file_error", String.class))
                .singleElement().asString()
                .startsWith("DB_REJECTED the database rejected this file's rows: row refused by a test constraint")
                .endsWith("(SQLState 23514)")
                .doesNotContain("org.postgresql", "java.", "Exception");
        // the summary counts it as failed, and the skip is on the step's books
        assertThat(count("SELECT failed FROM import_run")).isEqualTo(1);
        assertThat(count("""
                SELECT sum(write_skip_count) FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name LIKE 'importHashWorker:%'""", execution.getId())).isEqualTo(1);
    }

    @Test
    void anAnalysisRowTheDatabaseRefusesMarksOnlyThatContentFailed() throws Exception {
        importRoots(libraryOf100GoodFilesAnd("f050x.mid", TestMidi.smf(1000)));
        long victim = count("SELECT content_id FROM location WHERE path LIKE '%/f050x.mid'");
        Triggers.rejectInserts(jdbc, "analysis", "NEW.content_id = " + victim);
        JobExecution execution;
        try {
            execution = analyze();
        } finally {
            Triggers.drop(jdbc, "analysis");
        }

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM analysis")).isEqualTo(100);
        assertThat(count("SELECT count(*) FROM content WHERE analysis_status = 'ok'")).isEqualTo(100);
        assertThat(jdbc.queryForList("SELECT id || ' ' || analysis_status FROM content WHERE analysis_status <> 'ok'",
                String.class)).containsExactly(victim + " failed");
        assertThat(jdbc.queryForList("SELECT content_id || ' ' || family FROM file_error WHERE job_name = 'analyze'",
                String.class)).containsExactly(victim + " DB_REJECTED");
        assertThat(count("SELECT count(*) FROM content WHERE analyzed_at IS NULL")).isZero();
    }

    @Test
    void aReprocessedRowTheDatabaseRefusesCostsOnlyThatContent(@Autowired Audits audits, @Autowired Job reprocessJob)
            throws Exception {
        importRoots(libraryOf100GoodFilesAnd("f050x.mid", TestMidi.smf(1000)));
        analyze();
        long victim = count("SELECT content_id FROM location WHERE path LIKE '%/f050x.mid'");
        Triggers.rejectInserts(jdbc, "analysis", "NEW.content_id = " + victim);
        long auditId = audits.create("test", "a refused row", new Selection(null, null, null, null, false, null, true),
                "reprocess --all");
        JobExecution execution;
        try {
            execution = runner.start(reprocessJob, ReprocessJobConfig.parameters(auditId));
        } finally {
            Triggers.drop(jdbc, "analysis");
        }

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList("SELECT content_id || ' ' || family FROM file_error WHERE job_name = 'reprocess'",
                String.class)).containsExactly(victim + " DB_REJECTED");
        assertThat(count("SELECT count(*) FROM content WHERE analysis_status = 'ok'")).isEqualTo(100);
    }
}
