package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.midicrate.batch.JobRunner;
import io.midicrate.store.DeferredIndexes;
import io.midicrate.support.DatabaseTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * A large import (here: any import that at least doubles the library) builds the secondary indexes of location and
 * content once, after hashing; a failure in between leaves their definitions listed, and the restart builds them.
 */
@TestPropertySource(properties = "midicrate.import.defer-indexes-from=1")
class ImportDeferredIndexesTest extends DatabaseTest {

    static final String INDEXES = """
            SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('location', 'content')
            ORDER BY indexname""";

    @Autowired
    JobOperator jobOperator;
    @Autowired
    Job importJob;
    @Autowired
    JobRunner jobRunner;

    @TempDir
    Path tmp;

    @AfterEach
    void indexesBack() {
        new DeferredIndexes(jdbc).rebuild();   // whatever a failed assertion left, for the tests that follow
    }

    @Test
    void aFailedLargeImportLeavesTheIndexesListedAndItsRestartBuildsThemAsTheyWere() throws Exception {
        List<String> before = jdbc.queryForList(INDEXES, String.class);
        assertThat(before).anyMatch(d -> d.contains("gin_trgm_ops"));
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 120; i++) {
            TestMidi.write(lib.resolve("d" + (i % 3) + "/f" + String.format("%03d", i) + ".mid"), TestMidi.smf(i % 90));
        }

        Triggers.failInserts(jdbc, "location", "NEW.path LIKE '%/f100.mid'");
        JobExecution failed;
        try {
            failed = jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));
        } finally {
            Triggers.drop(jdbc, "location");
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(new DeferredIndexes(jdbc).listed()).as("dropped, and listed in the same transaction")
                .contains("location_path_trgm_idx", "location_content_idx", "content_pending_idx");
        assertThat(jdbc.queryForList(INDEXES, String.class)).noneMatch(d -> d.contains("gin_trgm_ops"))
                .anyMatch(d -> d.contains("UNIQUE") && d.contains("(path)"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE path LIKE '%/d1/%'", Long.class))
                .as("search works meanwhile, without the index").isPositive();

        JobExecution restarted = jobRunner.restart(failed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList(INDEXES, String.class)).as("every index as it was").isEqualTo(before);
        assertThat(new DeferredIndexes(jdbc).listed()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location", Long.class)).isEqualTo(120);

        // the next import hashes nothing: no reason to drop anything
        JobExecution again = jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList(INDEXES, String.class)).isEqualTo(before);
    }

    @Test
    void anImportThatHashesLessThanTheLibraryHoldsKeepsTheIndexesAndBuildsAnyLeftListed() throws Exception {
        List<String> before = jdbc.queryForList(INDEXES, String.class);
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 10; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i));
        }
        jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));
        // an abandoned run's drop, never restarted
        new DeferredIndexes(jdbc).drop(0);
        assertThat(jdbc.queryForList(INDEXES, String.class)).hasSizeLessThan(before.size());
        TestMidi.write(lib.resolve("g.mid"), TestMidi.smf(77));

        JobExecution next = jobOperator.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath())));

        assertThat(next.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList(INDEXES, String.class)).isEqualTo(before);
        assertThat(new DeferredIndexes(jdbc).listed()).isEmpty();
    }
}
