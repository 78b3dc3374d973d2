package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.midicrate.batch.JobRunner;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;
import io.midicrate.store.jobs.ImportRuns;
import io.midicrate.store.jobs.ImportSummary;

/** The import job end to end through the JobOperator, against real PostgreSQL, asserting on rows. */
public class ImportJobFunctionalTest extends JobTest {
    static final Path CORPUS = io.midicrate.corpus.Corpus.dir();

    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobRunner jobRunner;

    JobExecution runImport(Path... roots) throws Exception {
        return jobOperator.start(importJob, ImportJobConfig.parameters(List.of(roots).stream()
                .map(p -> p.toAbsolutePath().normalize()).toList()));
    }

    @Test
    void importsTheRealCorpusWithOneContentRowPerDistinctFile() throws Exception {
        assertThat(CORPUS.resolve("reference.json")).as("the test corpus in the repository").exists();
        JsonNode reference = new ObjectMapper().readTree(CORPUS.resolve("reference.json").toFile());
        Set<String> distinct = new HashSet<>();
        reference.get("files").forEach(f -> distinct.add(f.get("sha256").asText()));
        int files = reference.get("files").size();

        JobExecution execution = runImport(CORPUS.resolve("real"));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM location")).isEqualTo(files);
        assertThat(count("SELECT count(*) FROM content")).isEqualTo(distinct.size());
        assertThat(count("SELECT count(*) FROM file_error")).isZero();
        // a folder named like an archive (pianobooster's BoosterMusicBooks.zip/) is walked as a folder
        assertThat(count("SELECT count(*) FROM location WHERE path LIKE '%/BoosterMusicBooks.zip/%'")).isPositive();
        // header facts agree with the reference for every file
        for (JsonNode f : reference.get("files")) {
            if (f.get("header") == null || f.get("header").isNull()) {
                continue;
            }
            Map<String, Object> row = jdbc.queryForMap("""
                    SELECT c.smf_format, c.declared_tracks, c.division, c.size FROM location l
                    JOIN content c ON c.id = l.content_id WHERE l.path = ?""",
                    CORPUS.resolve(f.get("path").asText()).toString());
            assertThat(((Number) row.get("size")).longValue()).isEqualTo(f.get("size").asLong());
            assertThat(((Number) row.get("smf_format")).intValue()).as(f.get("path").asText())
                    .isEqualTo(f.get("header").get("format").asInt());
            assertThat(((Number) row.get("declared_tracks")).intValue()).isEqualTo(f.get("header").get("ntracks_declared").asInt());
        }
        ImportSummary summary = new ImportRuns(jdbc).find(execution.getJobInstance().getInstanceId());
        assertThat(summary.found()).isEqualTo(files);
        assertThat(summary.newContents()).isEqualTo(distinct.size());
        assertThat(summary.duplicates()).isEqualTo(files - distinct.size());
        assertThat(count("SELECT count(*) FROM import_candidate")).as("staging is emptied").isZero();
        assertThat(count("SELECT count(*) FROM import_seen")).as("staging is emptied").isZero();
    }

    @Test
    void dedupsAcrossFoldersAndInsideZipsAndNestedZips() throws Exception {
        byte[] song = TestMidi.smf(1);
        TestMidi.write(tmp.resolve("a/Song 120bpm Am.mid"), song);
        TestMidi.write(tmp.resolve("b/copy.MID"), song);
        TestMidi.write(tmp.resolve("b/other.midi"), TestMidi.smf(2));
        byte[] inner = TestMidi.zip(Map.of("deep/song.mid", song));
        Map<String, byte[]> outer = new LinkedHashMap<>();
        outer.put("Loops/song.mid", song);
        outer.put("Loops/readme.txt", "not midi".getBytes());
        outer.put("inner.zip", inner);
        TestMidi.write(tmp.resolve("c/Pack.zip"), TestMidi.zip(outer));

        assertThat(runImport(tmp).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(count("SELECT count(*) FROM content")).isEqualTo(2);
        List<String> paths = jdbc.queryForList("""
                SELECT l.path FROM location l JOIN content c ON c.id = l.content_id
                WHERE c.id = (SELECT content_id FROM location WHERE path LIKE '%copy.MID') ORDER BY l.path""", String.class);
        String root = tmp.toAbsolutePath().toString();
        assertThat(paths).containsExactly(
                root + "/a/Song 120bpm Am.mid",
                root + "/b/copy.MID",
                root + "/c/Pack.zip!/Loops/song.mid",
                root + "/c/Pack.zip!/inner.zip!/deep/song.mid");
        // the content row takes its name metadata from its smallest path
        assertThat(jdbc.queryForObject("SELECT canonical_path FROM content WHERE id = (SELECT content_id FROM location WHERE path LIKE '%copy.MID')",
                String.class)).isEqualTo(root + "/a/Song 120bpm Am.mid");
        ImportSummary summary = new ImportRuns(jdbc).find(lastRunId());
        assertThat(summary.found()).isEqualTo(5);
        assertThat(summary.newContents()).isEqualTo(2);
        assertThat(summary.duplicates()).isEqualTo(3);
        assertThat(summary.failed()).isZero();
    }

    @Test
    void reimportOfUnchangedRootsReadsNoFileAndAChangedFileGetsANewContentRow() throws Exception {
        for (int i = 0; i < 30; i++) {
            TestMidi.write(tmp.resolve("lib/f" + i + ".mid"), TestMidi.smf(i));
        }
        TestMidi.write(tmp.resolve("lib/packs.zip"), TestMidi.zip(Map.of("z.mid", TestMidi.smf(99))));
        runImport(tmp);
        Map<String, Object> before = jdbc.queryForMap("SELECT content_id, size FROM location WHERE path LIKE '%/f3.mid'");

        JobExecution second = runImport(tmp);

        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ImportSummary s2 = new ImportRuns(jdbc).find(second.getJobInstance().getInstanceId());
        assertThat(s2.unchanged()).isEqualTo(31);
        assertThat(s2.newContents()).isZero();
        assertThat(readCountOfHashWorkers(second)).as("nothing is re-read").isZero();
        assertThat(count("SELECT count(*) FROM location WHERE import_id = ?", second.getJobInstance().getInstanceId()))
                .as("an unchanged location is not written").isZero();
        assertThat(count("""
                SELECT count(*) FROM location l, import_run r WHERE r.import_id = ? AND l.missing_since IS NULL
                  AND location_last_seen(l.path, l.last_seen, l.missing_since) = r.finished_at""",
                second.getJobInstance().getInstanceId()))
                .as("every location was last seen by the second run").isEqualTo(31);

        // change one file's bytes (and size): it is re-read, gets a new content row, the old one stays
        Path changed = tmp.resolve("lib/f3.mid");
        Files.write(changed, TestMidi.smf(1003));
        Files.write(changed, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        JobExecution third = runImport(tmp);

        ImportSummary s3 = new ImportRuns(jdbc).find(third.getJobInstance().getInstanceId());
        assertThat(s3.unchanged()).isEqualTo(30);
        assertThat(s3.newContents()).isEqualTo(1);
        assertThat(readCountOfHashWorkers(third)).isEqualTo(1);
        Map<String, Object> after = jdbc.queryForMap("SELECT content_id, size FROM location WHERE path LIKE '%/f3.mid'");
        assertThat(after.get("content_id")).isNotEqualTo(before.get("content_id"));
        assertThat(count("SELECT count(*) FROM content WHERE id = ?", before.get("content_id"))).as("nothing is lost").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM content")).isEqualTo(32);
    }

    @Test
    void aPathTheWalkNoLongerFindsIsMarkedMissingAndIsLiveAgainWhenItComesBack() throws Exception {
        for (int i = 0; i < 5; i++) {
            TestMidi.write(tmp.resolve("lib/f" + i + ".mid"), TestMidi.smf(i));
        }
        TestMidi.write(tmp.resolve("other/o.mid"), TestMidi.smf(50));
        runImport(tmp.resolve("lib"), tmp.resolve("other"));
        Path gone = tmp.resolve("lib/f1.mid");
        Path kept = tmp.resolve("kept.mid");
        Files.move(gone, kept);
        String moved = tmp.resolve("lib/f2.mid").toAbsolutePath().normalize().toString();
        Path quarantined = tmp.resolve("quarantine-f2.mid");
        Files.move(tmp.resolve("lib/f2.mid"), quarantined);   // as 'dupes --apply' moves a copy, and marks it
        jdbc.update("UPDATE location SET moved_to = ?, moved_at = now() WHERE path = ?", quarantined.toString(), moved);
        String firstSeen = seenOf(gone);

        JobExecution second = runImport(tmp.resolve("lib"));

        ImportSummary s2 = new ImportRuns(jdbc).find(second.getJobInstance().getInstanceId());
        assertThat(s2.found()).isEqualTo(3);
        assertThat(s2.unchanged()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT path FROM location WHERE missing_since IS NOT NULL", String.class))
                .as("only the vanished path under the walked root; not the moved one, not another root's")
                .containsExactly(gone.toAbsolutePath().normalize().toString());
        assertThat(seenOf(gone)).as("a missing path keeps the time it was last seen").isEqualTo(firstSeen);
        assertThat(seenOf(tmp.resolve("lib/f0.mid"))).isNotEqualTo(firstSeen);

        // the vanished file comes back unchanged, the moved one is put back: both are live again, nothing re-read
        Files.move(kept, gone);
        Files.move(quarantined, tmp.resolve("lib/f2.mid"));
        JobExecution third = runImport(tmp.resolve("lib"));

        assertThat(new ImportRuns(jdbc).find(third.getJobInstance().getInstanceId()).unchanged()).isEqualTo(5);
        assertThat(readCountOfHashWorkers(third)).isZero();
        assertThat(count("SELECT count(*) FROM location WHERE missing_since IS NOT NULL OR moved_to IS NOT NULL")).isZero();
        assertThat(count("SELECT count(*) FROM location WHERE import_id = ?", third.getJobInstance().getInstanceId()))
                .as("exactly the two locations whose state changed are written").isEqualTo(2);
    }

    String seenOf(Path path) {
        return jdbc.queryForObject("SELECT location_last_seen(path, last_seen, missing_since)::text FROM location WHERE path = ?",
                String.class, path.toAbsolutePath().normalize().toString());
    }

    @Test
    void badInputIsRecordedWithItsFamilyAndTheRunGoesOn() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.write(lib.resolve("good.mid"), TestMidi.smf(7));
        TestMidi.write(lib.resolve("empty.mid"), new byte[0]);
        TestMidi.write(lib.resolve("picture.mid"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        TestMidi.write(lib.resolve("cut.mid"), new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0});
        try (RandomAccessFile huge = new RandomAccessFile(lib.resolve("huge.mid").toFile(), "rw")) {
            huge.setLength(17L << 20); // sparse: over the 16 MB default cap without using the disk
        }
        TestMidi.write(lib.resolve("broken.zip"), "PK\u0003\u0004 this is no archive".getBytes());
        TestMidi.write(lib.resolve("bomb.zip"), TestMidi.zip(Map.of("bomb.mid", new byte[20 << 20])));
        Files.createDirectories(lib.resolve("folder.zip"));
        TestMidi.write(lib.resolve("folder.zip/inside.mid"), TestMidi.smf(8));
        Files.createSymbolicLink(lib.resolve("loop"), lib);
        Path badName = lib.resolve(new String(new byte[] {'b', 'a', 'd'}) + "\u00e9.mid");
        TestMidi.write(badName, TestMidi.smf(9));
        createFileWithInvalidUtf8Name(lib);

        JobExecution execution = runImport(lib);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, String> families = new LinkedHashMap<>();
        jdbc.query("SELECT path, family FROM file_error ORDER BY path",
                rs -> { families.put(Path.of(rs.getString(1)).getFileName().toString(), rs.getString(2)); });
        assertThat(families).containsEntry("empty.mid", "EMPTY")
                .containsEntry("picture.mid", "NOT_MIDI")
                .containsEntry("cut.mid", "HEADER_TRUNCATED")
                .containsEntry("huge.mid", "TOO_LARGE")
                .containsEntry("broken.zip", "CORRUPT_ZIP")
                .containsEntry("bomb.mid", "ZIP_BOMB")
                .containsValue("BAD_NAME")
                .hasSize(7);
        assertThat(jdbc.queryForList("SELECT message FROM file_error", String.class)).allMatch(m -> !m.isBlank());
        // the good files, the one inside a folder named like a zip and the valid non-ASCII name are imported;
        // the symbolic link loop is not followed (the default), so nothing is imported twice
        assertThat(jdbc.queryForList("SELECT path FROM location ORDER BY path", String.class))
                .extracting(p -> Path.of(p).getFileName().toString())
                .containsExactly("badé.mid", "inside.mid", "good.mid");
    }

    @Test
    void filesThatVanishOrBecomeUnreadableBeforeARestartAreRecordedNotFatal() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 5; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(200 + i));
        }
        // the first run fails while writing (as a database outage would), after the scan staged every file
        Triggers.failInserts(jdbc, "location", "true");
        JobExecution failed;
        try {
            failed = runImport(lib);
        } finally {
            Triggers.drop(jdbc, "location");
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        Files.delete(lib.resolve("f1.mid"));
        Files.delete(lib.resolve("f2.mid"));
        Files.createDirectory(lib.resolve("f2.mid")); // exists, but cannot be read as a file (root reads anything)

        JobExecution restarted = jobRunner.restart(failed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList("SELECT family FROM file_error ORDER BY path", String.class))
                .containsExactly("VANISHED", "UNREADABLE");
        assertThat(count("SELECT count(*) FROM location")).isEqualTo(3);
    }

    /** A failure in the walk (its rows) or in a hash partition (the locations it writes). */
    @ParameterizedTest
    @ValueSource(strings = {"import_seen", "location"})
    void restartAfterAFailureMidRunEndsWithTheRowsOfAnUninterruptedRun(String failingTable) throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 300; i++) {
            // a third are duplicates, so partitions race on the same content rows
            TestMidi.write(lib.resolve("d" + (i % 7) + "/f" + String.format("%03d", i) + ".mid"), TestMidi.smf(i % 200));
        }
        TestMidi.write(lib.resolve("d3/bad.mid"), "nope".getBytes());
        runImport(lib);
        Rows uninterrupted = Rows.read(jdbc);
        emptyLibraryForTest();

        Triggers.failInserts(jdbc, failingTable, "NEW.path LIKE '%/f250.mid'");
        JobExecution failed;
        try {
            failed = runImport(lib);
        } finally {
            Triggers.drop(jdbc, failingTable);
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        long committedBeforeFailure = count("SELECT count(*) FROM " + failingTable);
        assertThat(committedBeforeFailure).as("some chunks committed before the failure").isBetween(1L, 299L);

        JobExecution restarted = jobRunner.restart(failed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        Rows.read(jdbc).assertSameAs(uninterrupted);
        ImportSummary summary = new ImportRuns(jdbc).find(restarted.getJobInstance().getInstanceId());
        assertThat(summary.found()).as("no path of the walk recorded twice").isEqualTo(301);
        assertThat(summary.newContents()).isEqualTo(200);
        assertThat(summary.duplicates()).isEqualTo(100);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM import_seen")).as("staging is emptied").isZero();
    }

    void emptyLibraryForTest() {
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_seen, import_run, content RESTART IDENTITY CASCADE");
    }

    long lastRunId() {
        return count("SELECT max(job_instance_id) FROM batch_job_instance WHERE job_name = 'import'");
    }

    long readCountOfHashWorkers(JobExecution execution) {
        return count("""
                SELECT coalesce(sum(read_count), 0) FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name LIKE 'importHashWorker:%'""", execution.getId());
    }

    static void createFileWithInvalidUtf8Name(Path dir) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf 'MThd' > \"$(printf 'bad\\377name.mid')\"")
                .directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    /** The library's rows without ids, timestamps and run ids: what two equivalent runs must agree on. */
    public record Rows(List<String> contents, List<String> locations, List<String> errors) {
        /** Compares list by list, so a failure names the rows that differ rather than printing all of them. */
        public void assertSameAs(Rows expected) {
            org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(contents).as("content rows").containsExactlyInAnyOrderElementsOf(expected.contents());
                soft.assertThat(locations).as("location rows").containsExactlyInAnyOrderElementsOf(expected.locations());
                soft.assertThat(errors).as("error rows").containsExactlyInAnyOrderElementsOf(expected.errors());
            });
        }

        public static Rows read(org.springframework.jdbc.core.JdbcTemplate jdbc) {
            return new Rows(
                    jdbc.queryForList("""
                            SELECT encode(blake3, 'hex') || ' ' || size || ' ' || smf_format || ' ' || declared_tracks || ' '
                                   || division || ' ' || canonical_path || ' ' || coalesce(name_bpm::text, '-') || ' '
                                   || coalesce(name_key, '-') || ' ' || array_to_string(name_roles, ',')
                            FROM content ORDER BY blake3""", String.class),
                    jdbc.queryForList("""
                            SELECT l.path || ' ' || encode(c.blake3, 'hex') || ' ' || l.size || ' ' || l.mtime
                            FROM location l JOIN content c ON c.id = l.content_id ORDER BY l.path""", String.class),
                    jdbc.queryForList("SELECT path || ' ' || family || ' ' || message FROM file_error ORDER BY path", String.class));
        }
    }
}
