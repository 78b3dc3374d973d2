package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import io.midicrate.reprocessjob.Selection;
import io.midicrate.store.library.ContentSelection;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/**
 * Folder names holding {@code !} (even {@code x.zip!}) and archives with repeated entry names: every file reaches a
 * row (or the repeated entry an error row), none is lost or replaced, and the analysis reads each from its address.
 */
class ArchiveAddressTest extends JobTest {
    Map<String, String> importAndAnalyse(Path lib) throws Exception {
        JobExecution imported = importLibrary(lib);
        assertThat(imported.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        JobExecution analysed = analyze();
        assertThat(analysed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, String> status = new java.util.TreeMap<>();
        jdbc.query("SELECT l.path, c.analysis_status, (SELECT track_names[1] FROM analysis a WHERE a.content_id = c.id) "
                        + "FROM location l JOIN content c ON c.id = l.content_id",
                rs -> { status.put(rs.getString(1).substring(lib.toString().length()), rs.getString(2) + " " + rs.getString(3)); });
        return status;
    }

    @Test
    void aFolderNamedLikeAnArchiveAddressKeepsItsFiles() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.write(lib.resolve("a.zip!/f.mid"), TestMidi.smf(1));
        TestMidi.write(lib.resolve("Hits!/g.mid"), TestMidi.smf(2));

        assertThat(importAndAnalyse(lib)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/Hits!!/g.mid", "ok seed 2",
                "/a.zip!!/f.mid", "ok seed 1"));
        assertThat(count("SELECT count(*) FROM file_error")).isZero();
    }

    @Test
    void aFolderBesideAnArchiveOfTheSameNameAndEntryKeepsBothFiles() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.write(lib.resolve("real.zip!/x.mid"), TestMidi.smf(3));
        TestMidi.write(lib.resolve("real.zip"), TestMidi.zip(Map.of("x.mid", TestMidi.smf(4))));

        assertThat(importAndAnalyse(lib)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/real.zip!!/x.mid", "ok seed 3",
                "/real.zip!/x.mid", "ok seed 4"));
        assertThat(count("SELECT count(*) FROM file_error")).isZero();
    }

    @Test
    void twoEntriesWithOneNameInOneZipImportTheFirstAndRecordTheSecond() throws Exception {
        Path lib = tmp.resolve("lib");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (int seed : new int[] {5, 6}) {
                zip.putArchiveEntry(new ZipArchiveEntry("dup.mid"));
                zip.write(TestMidi.smf(seed));
                zip.closeArchiveEntry();
            }
        }
        TestMidi.write(lib.resolve("pack.zip"), bytes.toByteArray());

        assertThat(importAndAnalyse(lib)).containsExactlyEntriesOf(Map.of("/pack.zip!/dup.mid", "ok seed 5"));
        assertThat(jdbc.queryForList("SELECT path || ' ' || family FROM file_error", String.class))
                .containsExactly(lib.toAbsolutePath() + "/pack.zip!/dup.mid CORRUPT_ZIP");
    }

    @Test
    void aReprocessPathNamingAFolderWithBangSlashSelectsThatFolder() {
        Path folder = tmp.resolve("real.zip!");
        TestMidi.write(folder.resolve("x.mid"), TestMidi.smf(7));
        Selection selection = new Selection(null, List.of(folder + "/"), null, null, false, null, false);

        assertThat(selection.criteria().paths())
                .containsExactly(new ContentSelection.PathPattern(false, tmp.toAbsolutePath() + "/real.zip!!/"));
    }
}
