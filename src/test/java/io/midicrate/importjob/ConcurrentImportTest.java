package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.batch.JobLocks;
import io.midicrate.common.OperatorException;
import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;
import io.midicrate.store.jobs.ImportRuns;
import io.midicrate.store.jobs.ImportSummary;

/**
 * Two imports at once into one database: the second is refused (exit code 2, one line) while the first runs, and the
 * first ends with the right counts and no row twice.
 */
class ConcurrentImportTest extends JobTest {
    @Autowired
    JobLocks locks;

    @Test
    void aSecondImportWhileOneRunsIsRefusedAndTheFirstCountsRight() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, 300, 3, 200);
        Files.writeString(lib.resolve("p0/broken.mid"), "not a midi file");

        Triggers.slowInserts(jdbc, "location", 0.01);
        Path firstOut = tmp.resolve("first.out");
        Process first;
        try {
            first = ChildProcess.start(firstOut, Map.of("MIDICRATE_IMPORT_CHUNK_SIZE", "10"), "import", "--no-progress", lib.toString());
            ChildProcess.awaitProgress(first, firstOut, () -> jdbc.queryForObject("SELECT count(*) FROM location", Long.class), 20);
            // hold the first import still (its next insert waits on this lock) while the second one tries
            JobLocks.Held gate = locks.tryLock("test-gate");
            Triggers.gateInserts(jdbc, "location", "test-gate");
            try {
                refuseSecondImport(lib, first);
            } finally {
                gate.close();
            }
        } finally {
            Triggers.drop(jdbc, "location");
        }
        assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(firstOut)).isZero();
        assertCountedOnce();
    }

    /** A second import, in this process and in another one, while the first runs. */
    private void refuseSecondImport(Path lib, Process first) throws Exception {
        assertThatThrownBy(() -> importLibrary(lib))
                .isInstanceOf(OperatorException.class).hasMessageContaining("another import is in progress");
        Path secondOut = tmp.resolve("second.out");
        int second = ChildProcess.run(secondOut, Map.of(), "import", "--no-progress", lib.toString());
        assertThat(second).isEqualTo(2);
        assertThat(Files.readString(secondOut))
                .contains("midicrate: another import is in progress on this database; wait for it, or see 'midicrate jobs'\n")
                .doesNotContain("Exception");
        assertThat(first.isAlive()).as("the refusal did not disturb the first").isTrue();
    }

    private void assertCountedOnce() {
        long importId = jdbc.queryForObject("SELECT max(import_id) FROM import_run", Long.class);
        ImportSummary summary = new ImportRuns(jdbc).find(importId);
        assertThat(summary.found()).isEqualTo(301);
        assertThat(summary.newContents()).isEqualTo(200);
        assertThat(summary.duplicates()).isEqualTo(100);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM file_error", Long.class)).as("each failure once").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location", Long.class)).isEqualTo(300);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM import_run", Long.class)).as("one run, not two").isEqualTo(1);
    }
}
