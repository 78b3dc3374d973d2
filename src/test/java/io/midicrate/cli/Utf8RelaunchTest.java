package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.ChildProcess;
import io.midicrate.support.DatabaseTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * Under {@code LANG=C} midicrate runs its command in a second, UTF-8 JVM. A {@code kill -9} of the first one (the
 * process the user started and sees) must not leave the second importing on unseen: it stops as on SIGTERM, and the
 * run is restartable.
 */
class Utf8RelaunchTest extends DatabaseTest {

    static final int FILES = 400;

    @TempDir
    Path tmp;

    @Test
    void killingTheLauncherStopsTheRelaunchedImportAtAChunkBoundary() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, FILES, 2, FILES);
        // about 10 s of inserts over the two partitions: the kill lands mid-run, and a relaunched JVM that ran on
        // would complete the import before it exits, which the status below would show
        Triggers.slowInserts(jdbc, "location", 0.05);
        Path log = tmp.resolve("child.log");
        Process launcher = null;
        ProcessHandle relaunched = null;
        try {
            launcher = ChildProcess.start(log, Map.of("LANG", "C", "LC_ALL", "", "LC_CTYPE", "",
                    "MIDICRATE_IMPORT_CHUNK_SIZE", "10"), "import", "--no-progress", lib.toString());
            ChildProcess.awaitProgress(launcher, log, this::locations, 20);
            List<ProcessHandle> children = launcher.toHandle().children().toList();
            assertThat(children).as("the C locale made the launcher run the command in a second JVM").hasSize(1);
            relaunched = children.get(0);

            launcher.destroyForcibly();
            assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
            relaunched.onExit().get(2, TimeUnit.MINUTES);
        } finally {
            // a failed assertion must not leave either JVM importing into the suite's database
            if (relaunched != null) {
                relaunched.destroyForcibly();
            }
            if (launcher != null) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
            Triggers.drop(jdbc, "location");
        }

        long execution = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, execution)).as(Files.readString(log)).isIn("STOPPED", "FAILED");
        assertThat(locations()).as("stopped, not run to its end").isLessThan(FILES);
        Path restartLog = tmp.resolve("restart.log");
        assertThat(ChildProcess.run(restartLog, Map.of(), "restart", "--no-progress", Long.toString(execution)))
                .as(Files.readString(restartLog)).isZero();
        assertThat(locations()).isEqualTo(FILES);
    }

    private long locations() {
        return jdbc.queryForObject("SELECT count(*) FROM location", Long.class);
    }
}
