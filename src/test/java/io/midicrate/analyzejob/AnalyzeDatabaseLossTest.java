package io.midicrate.analyzejob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.DedicatedDatabase;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * The database going away under a running analysis: one line, exit code 1, and {@code restart} once the database is
 * back gives the rows of an uninterrupted analysis. The database here is the test's own, stopped for real.
 */
class AnalyzeDatabaseLossTest extends JobTest {
    static final Pattern LOST = Pattern.compile(
            "^midicrate: lost the connection to PostgreSQL at localhost:(\\d+); start it and run `midicrate restart (\\d+)`$",
            Pattern.MULTILINE);

    @Test
    void databaseStoppedMidAnalysisFailsWithOneLineAndRestartCompletesIt() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, 300, 4, 300);
        importLibrary(lib);
        analyze();
        var uninterrupted = AnalyzeJobFunctionalTest.Rows.read(jdbc);

        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"))) {
            JdbcTemplate dedicated = db.jdbc();
            Map<String, String> env = db.childEnv(tmp.resolve("midicrate.log"),
                    Map.of("MIDICRATE_ANALYZE_CHUNK_SIZE", "10", "MIDICRATE_DB_CONNECT_TIMEOUT", "5s"));
            Path importOut = tmp.resolve("import.out");
            assertThat(ChildProcess.run(importOut, env, "import", "--no-progress", lib.toString()))
                    .as(Files.readString(importOut)).isZero();

            Triggers.slowInserts(dedicated, "analysis", 0.02);
            Path out = tmp.resolve("analyze.out");
            Process child = ChildProcess.start(out, env, "analyze", "--no-progress");
            ChildProcess.awaitProgress(child, out, () -> dedicated.queryForObject("SELECT count(*) FROM analysis", Long.class), 40);
            db.stop();
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the analysis noticed the lost database").isTrue();
            String output = Files.readString(out);
            assertThat(child.exitValue()).as(output).isEqualTo(1);
            assertThat(output).as("one line, no trace").doesNotContain("Exception", "\tat ");
            Matcher lost = LOST.matcher(output);
            assertThat(lost.find()).as(output).isTrue();
            assertThat(Integer.parseInt(lost.group(1))).isEqualTo(db.port());
            long executionId = Long.parseLong(lost.group(2));

            db.start();
            Triggers.drop(dedicated, "analysis");
            assertThat(dedicated.queryForObject("SELECT count(*) FROM content WHERE analyzed_at IS NULL", Long.class))
                    .as("the analysis was cut short").isPositive();
            Path restartOut = tmp.resolve("restart.out");
            assertThat(ChildProcess.run(restartOut, env, "restart", "--no-progress", Long.toString(executionId)))
                    .as(Files.readString(restartOut)).isZero();

            assertThat(AnalyzeJobFunctionalTest.Rows.read(dedicated)).isEqualTo(uninterrupted);
            assertThat(dedicated.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                    String.class, executionId)).isEqualTo("FAILED");
        }
    }
}
