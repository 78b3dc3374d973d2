package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.CliRun;

/**
 * The README's first command, as a new user runs it: no database configured, so midicrate starts its own
 * PostgreSQL in a data folder, imports and analyses the shipped samples, and a second command finds the same
 * library there (the data folder persists; the server is stopped in between).
 */
@Tag("integration")
class RunSamplesTest {

    @TempDir
    Path home;

    @Test
    void runOnTheSamplesWorksOnTheEmbeddedDatabaseAndTheLibraryPersists() {
        System.setProperty("midicrate.db.data-dir", home.resolve("pgdata").toString());
        System.setProperty("logging.file.name", home.resolve("midicrate.log").toString());
        try {
            CliRun run = CliRun.of("run", "--no-progress", "samples/midi");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("found 31 MIDI files: 29 new, 1 duplicate, 0 unchanged, 1 failed")
                    .contains("failures by family: NOT_MIDI 1")
                    .contains("analysed 29 files: 29 ok, 0 failed");

            CliRun stats = CliRun.of("stats");
            assertThat(stats.code()).isZero();
            assertThat(stats.out()).containsPattern("distinct contents\\s+29").containsPattern("analysed\\s+29");

            CliRun again = CliRun.of("import", "--no-progress", "samples/midi");
            assertThat(again.out()).contains("found 31 MIDI files: 0 new, 0 duplicate, 30 unchanged, 1 failed");
        } finally {
            System.clearProperty("midicrate.db.data-dir");
            System.clearProperty("logging.file.name");
        }
    }
}
