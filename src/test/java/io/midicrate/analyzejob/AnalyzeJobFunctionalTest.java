package io.midicrate.analyzejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.analysis.Analysis;
import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;
import io.midicrate.analysis.Tagger;

/** The analyze job end to end through the JobOperator (via JobRunner), against real PostgreSQL, asserting on rows. */
public class AnalyzeJobFunctionalTest extends JobTest {
    static final Path CORPUS = io.midicrate.corpus.Corpus.dir().resolve("real");

    JobExecution importRoots(Path... roots) throws Exception {
        return runner.start(importJob, ImportJobConfig.parameters(List.of(roots).stream()
                .map(p -> p.toAbsolutePath().normalize()).toList()));
    }

    JobExecution analyze(boolean retryFailed) throws Exception {
        return runner.start(analyzeJob, AnalyzeJobConfig.parameters(retryFailed));
    }

    @Test
    void analysesTheCorpusAndStoresWhatTheAnalysisCoreComputes() throws Exception {
        assertThat(CORPUS).as("the test corpus in the repository").isDirectory();
        importRoots(CORPUS);
        long contents = count("SELECT count(*) FROM content");

        JobExecution execution = analyze(false);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM content WHERE analyzed_at IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM content WHERE analysis_status = 'ok'")).isEqualTo(contents);
        assertThat(count("SELECT count(*) FROM analysis")).isEqualTo(contents);
        assertThat(count("SELECT count(*) FROM content WHERE analysis_version = ?", MidiAnalyzer.ANALYSIS_VERSION)).isEqualTo(contents);

        MidiAnalyzer analyzer = new MidiAnalyzer();
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT c.canonical_path, a.note_count, a.key_name, a.time_signature, a.duration_seconds, a.bpm,
                       a.note_fingerprint, a.has_drums, a.drum_note_count,
                       jsonb_array_length(a.instruments) AS instruments, a.instrument_families, a.tags
                FROM content c JOIN analysis a ON a.content_id = c.id""");
        assertThat(rows).hasSize((int) contents);
        for (Map<String, Object> row : rows) {
            String path = (String) row.get("canonical_path");
            byte[] bytes = Files.readAllBytes(Path.of(path));
            Analysis expected = analyzer.analyze(bytes, bytes.length);
            assertThat(((Number) row.get("note_count")).intValue()).as(path).isEqualTo(expected.notes().count());
            assertThat(row.get("key_name")).as(path).isEqualTo(expected.key().finalName());
            assertThat(row.get("time_signature")).as(path)
                    .isEqualTo(expected.time().numerator() + "/" + expected.time().denominator());
            assertThat(((Number) row.get("duration_seconds")).doubleValue()).as(path)
                    .isCloseTo(expected.time().durationSeconds(), within(1e-6));
            assertThat(row.get("note_fingerprint")).as(path).isEqualTo(expected.noteFingerprint());
            assertThat(row.get("has_drums")).as(path).isEqualTo(expected.instruments().hasDrums());
            assertThat(((Number) row.get("instruments")).intValue()).as(path)
                    .isEqualTo(expected.instruments().channels().size());
            assertThat(List.of((String[]) ((java.sql.Array) row.get("instrument_families")).getArray())).as(path)
                    .isEqualTo(expected.instruments().channels().stream().map(Analysis.ChannelInstrument::family)
                            .distinct().sorted().toList());
            Double bpm = ContentAnalyzer.searchBpm(expected.tempo());
            assertThat(((Number) row.get("bpm")).doubleValue()).as(path).isCloseTo(bpm, within(1e-3));
            List<String> tags = List.of((String[]) ((java.sql.Array) row.get("tags")).getArray());
            assertThat(tags).as(path).contains(Tagger.bpmBand(bpm)).isSorted().doesNotHaveDuplicates();
            if (expected.key().finalName() != null) {
                assertThat(tags).contains(Tagger.normalise(expected.key().finalName()));
            }
        }
        // drums are drums, never a piano
        assertThat(count("""
                SELECT count(*) FROM analysis a, jsonb_array_elements(a.instruments) i
                WHERE (i ->> 'channel')::int = 9 AND i ->> 'family' <> 'Drums'""")).isZero();
        // every tag is in the dictionary, with its category
        assertThat(count("SELECT count(*) FROM analysis a, unnest(a.tags) n WHERE NOT EXISTS (SELECT 1 FROM tag WHERE name = n)"))
                .isZero();
        // a second run finds nothing to do
        JobExecution again = analyze(false);
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(workerWrites(again)).isZero();
        // full-text search over paths and text meta finds a file by a word of its folder name
        assertThat(count("""
                SELECT count(*) FROM analysis WHERE to_tsvector('simple', search_text) @@ plainto_tsquery('simple', 'freedink')"""))
                .isEqualTo(count("SELECT count(DISTINCT content_id) FROM location WHERE path LIKE '%/freedink-data/%'"));
    }

    @Test
    void failedFilesAreMarkedRecordedNotLoopedOnAndRetriedOnRequest() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.write(lib.resolve("good.mid"), TestMidi.smf(1));
        Path gone = TestMidi.write(lib.resolve("gone.mid"), TestMidi.smf(2));
        // a header and nothing else: the import accepts the header, the analysis finds no track
        TestMidi.write(lib.resolve("hollow.mid"), new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 1, 0, 96});
        importRoots(lib);
        byte[] goneBytes = Files.readAllBytes(gone);
        Files.delete(gone);

        JobExecution first = analyze(false);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(statusByName()).containsEntry("good.mid", "ok").containsEntry("gone.mid", "failed")
                .containsEntry("hollow.mid", "failed");
        assertThat(jdbc.queryForList("SELECT family FROM file_error WHERE job_name = 'analyze' ORDER BY path", String.class))
                .containsExactly("CONTENT_MISSING", "NO_TRACKS");
        assertThat(count("SELECT count(*) FROM file_error WHERE job_name = 'analyze' AND content_id IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM content WHERE analyzed_at IS NULL")).as("failures leave the queue").isZero();

        assertThat(workerWrites(analyze(false))).as("a plain re-run does not loop on failures").isZero();

        Files.write(gone, goneBytes);
        JobExecution retry = analyze(true);

        assertThat(workerWrites(retry)).isEqualTo(2);
        assertThat(statusByName()).containsEntry("gone.mid", "ok").containsEntry("hollow.mid", "failed");
        assertThat(count("SELECT count(*) FROM analysis")).isEqualTo(2);
    }

    @Test
    void restartAfterAFailureMidChunkEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
        importRoots(CORPUS);
        analyze(false);
        Rows uninterrupted = Rows.read(jdbc);
        jdbc.execute("TRUNCATE analysis, tag CASCADE");
        jdbc.update("UPDATE content SET analyzed_at = NULL, analysis_status = NULL, analysis_version = NULL");
        jdbc.update("DELETE FROM file_error WHERE job_name = 'analyze'");

        // a database failure on one content row, past the first chunks of its partition
        long victim = count("SELECT id FROM content ORDER BY id OFFSET 60 LIMIT 1");
        Triggers.failInserts(jdbc, "analysis", "NEW.content_id = " + victim);
        JobExecution failed;
        try {
            failed = analyze(false);
        } finally {
            Triggers.drop(jdbc, "analysis");
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(count("SELECT count(*) FROM analysis")).isPositive();
        assertThat(count("SELECT count(*) FROM content WHERE analyzed_at IS NULL")).isPositive();

        JobExecution restarted = runner.restart(failed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(Rows.read(jdbc)).isEqualTo(uninterrupted);
    }

    @Test
    void aSecondAnalyzeStartedWhileOneRunsIsRefusedAndNothingIsAnalysedTwice() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 60; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i));
        }
        importRoots(lib);
        long executionsBefore = count("SELECT count(*) FROM batch_job_execution");
        Triggers.slowInserts(jdbc, "analysis", 0.02);
        try {
            CompletableFuture<JobExecution> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return analyze(false);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (count("SELECT count(*) FROM analysis") == 0) {
                assertThat(first).isNotDone();
                Thread.sleep(20);
            }
            assertThatThrownBy(() -> analyze(false)).isInstanceOf(OperatorException.class)
                    .hasMessageContaining("in progress");
            assertThat(first.get(2, TimeUnit.MINUTES).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        } finally {
            Triggers.drop(jdbc, "analysis");
        }
        assertThat(count("SELECT count(*) FROM analysis")).isEqualTo(60);
        assertThat(count("SELECT count(*) FROM batch_job_execution") - executionsBefore)
                .as("the refused run left no execution behind").isEqualTo(1);
    }

    Map<String, String> statusByName() {
        Map<String, String> status = new java.util.TreeMap<>();
        jdbc.query("SELECT l.path, c.analysis_status FROM content c JOIN location l ON l.content_id = c.id",
                rs -> { status.put(Path.of(rs.getString(1)).getFileName().toString(), rs.getString(2)); });
        return status;
    }

    long workerWrites(JobExecution execution) {
        return count("""
                SELECT coalesce(sum(write_count), 0) FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name LIKE 'analyzeWorker:%'""", execution.getId());
    }

    /** Stored analysis results without ids or timestamps: what two equivalent runs must agree on. */
    public record Rows(List<String> analyses, List<String> instruments, List<String> tags, List<String> statuses) {
        public static Rows read(JdbcTemplate jdbc) {
            return new Rows(
                    jdbc.queryForList("""
                            SELECT encode(c.blake3, 'hex') || ' ' || a.note_count || ' ' || coalesce(a.key_name, '-') || ' '
                                   || coalesce(a.bpm::text, '-') || ' ' || a.time_signature || ' ' || a.duration_ticks || ' '
                                   || coalesce(a.note_fingerprint, '-') || ' ' || a.search_text
                            FROM analysis a JOIN content c ON c.id = a.content_id ORDER BY 1""", String.class),
                    jdbc.queryForList("""
                            SELECT encode(c.blake3, 'hex') || ' ' || (i ->> 'channel') || ' ' || (i ->> 'program') || ' '
                                   || (i ->> 'family') || ' ' || (i ->> 'note_count')
                            FROM analysis a JOIN content c ON c.id = a.content_id, jsonb_array_elements(a.instruments) i
                            ORDER BY 1""", String.class),
                    jdbc.queryForList("""
                            SELECT encode(c.blake3, 'hex') || ' ' || t.name || ' ' || t.category
                            FROM analysis a JOIN content c ON c.id = a.content_id, unnest(a.tags) n JOIN tag t ON t.name = n
                            ORDER BY 1""", String.class),
                    jdbc.queryForList("""
                            SELECT encode(blake3, 'hex') || ' ' || analysis_status || ' ' || analysis_version FROM content
                            ORDER BY 1""", String.class));
        }
    }
}
