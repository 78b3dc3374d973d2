package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.ChildProcess;
import io.midicrate.support.DatabaseTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * What a person sees when something goes wrong in a real midicrate process: one line each, the documented exit
 * code, and nothing of Java's inner workings (the stack trace stays in the log).
 */
class CliFaultsTest extends DatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void restartOfAnExecutionThatDoesNotExistIsOneLineAndExitCodeTwo() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(ChildProcess.run(out, Map.of(), "restart", "999999")).isEqualTo(2);
        assertThat(Files.readString(out)).contains("midicrate: no execution 999999 (see 'midicrate jobs')\n")
                .doesNotContain("Exception");
    }

    @Test
    void aLogFileThatCannotBeWrittenIsAOneLineWarningNotSilence() throws Exception {
        Path notAFile = Files.createDirectories(tmp.resolve("logs-is-a-folder"));
        Path out = tmp.resolve("out");
        assertThat(ChildProcess.run(out, Map.of("LOGGING_FILE_NAME", notAFile.toString()), "jobs")).isZero();
        assertThat(Files.readString(out)).containsOnlyOnce("midicrate: warning: cannot write the log file " + notAFile + " (")
                .doesNotContain("Exception");
    }

    @Test
    void aFailedJobStoresAndPrintsOneLineWithItsFamily() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 30; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i));
        }
        Triggers.failInserts(jdbc, "location", "NEW.path LIKE '%/f7.mid'");
        Path out = tmp.resolve("out");
        try {
            assertThat(ChildProcess.run(out, Map.of(), "import", "--no-progress", lib.toString())).isEqualTo(1);
        } finally {
            Triggers.drop(jdbc, "location");
        }
        String output = Files.readString(out);
        Matcher line = Pattern.compile("^import failed: DATABASE_ERROR: injected failure \\(SQLSTATE P0001\\); "
                + "resume it with `midicrate restart (\\d+)` \\(details in .+\\)$", Pattern.MULTILINE).matcher(output);
        assertThat(line.find()).as(output).isTrue();
        assertThat(output).doesNotContain("Exception", "\tat ", "INSERT INTO");
        long execution = Long.parseLong(line.group(1));
        assertThat(jdbc.queryForObject("SELECT exit_message FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, execution)).isEqualTo("DATABASE_ERROR: injected failure (SQLSTATE P0001)");
        List<String> stepMessages = jdbc.queryForList(
                "SELECT exit_message FROM batch_step_execution WHERE job_execution_id = ? AND status = 'FAILED'",
                String.class, execution);
        assertThat(stepMessages).isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContain("\n", "Exception"));
    }

    @Test
    void aRunStoppedInItsImportIsFinishedByRestartAnalysisIncluded() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(sigtermInTheImport(out, "run")).as(Files.readString(out)).isEqualTo(143);
        assertThat(jdbc.queryForObject("""
                SELECT i.job_name FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
                ORDER BY e.job_execution_id DESC LIMIT 1""", String.class)).as("stopped before its analysis").isEqualTo("import");

        Path restartOut = tmp.resolve("restart.out");
        assertThat(ChildProcess.run(restartOut, Map.of(), "restart", "--no-progress", "--last"))
                .as(Files.readString(restartOut)).isZero();
        assertThat(Files.readString(restartOut)).contains("import #", "COMPLETED", "was started by 'midicrate run': analysing what is new",
                "analysed 200 files: 200 ok, 0 failed").doesNotContain("wait for analysis");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM content WHERE analysis_status = 'ok'", Long.class)).isEqualTo(200);
    }

    @Test
    void sigtermOnAPlainImportExits143AndLeavesARestartableRun() throws Exception {
        Path out = tmp.resolve("out");
        int exit = sigtermInTheImport(out, "import");
        String output = Files.readString(out);
        assertThat(exit).as("128 + SIGTERM, as the README says: " + output).isEqualTo(143);
        assertThat(output).doesNotContain("Exception");
        long execution = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class, execution))
                .isIn("STOPPED", "FAILED");
        Path restartOut = tmp.resolve("restart.out");
        assertThat(ChildProcess.run(restartOut, Map.of(), "restart", "--no-progress", Long.toString(execution)))
                .as(Files.readString(restartOut)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location", Long.class)).isEqualTo(200);
        assertThat(Files.readString(restartOut)).as("a plain import is not analysed: the restart says what waits")
                .contains("200 files wait for analysis: midicrate analyze").doesNotContain("analysing");
    }

    /**
     * Runs {@code midicrate COMMAND --no-progress LIB} on a library of 200 files in a child process, sends it SIGTERM
     * once its import has written 20 locations (slowed down so it is still importing), and returns its exit code.
     */
    private int sigtermInTheImport(Path out, String command) throws Exception {
        Path lib = TestMidi.library(tmp.resolve("lib"), 200, 2, 200);
        Triggers.slowInserts(jdbc, "location", 0.01);
        try {
            Process child = ChildProcess.start(out, Map.of("MIDICRATE_IMPORT_CHUNK_SIZE", "10"), command, "--no-progress", lib.toString());
            ChildProcess.awaitProgress(child, out, () -> jdbc.queryForObject("SELECT count(*) FROM location", Long.class), 20);
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
            return child.exitValue();
        } finally {
            Triggers.drop(jdbc, "location");
        }
    }
}
