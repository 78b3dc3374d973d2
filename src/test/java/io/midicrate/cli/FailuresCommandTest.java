package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failed files are visible from the command line: {@code failures} lists them (import and analysis failures, newest
 * run first, each file once while it still fails), {@code show PATH} of a file that failed its import says so,
 * {@code jobs ID} lists a run's failing paths, and the job summaries point to {@code failures --job ID}.
 */
class FailuresCommandTest extends JobTest {

    Path lib;
    long importExecution;
    long analyzeExecution;

    @BeforeEach
    void aLibraryWithFailures() throws Exception {
        lib = tmp.resolve("lib");
        for (int i = 0; i < 6; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i));
        }
        Files.write(lib.resolve("readme.mid"), "not midi".getBytes());
        Files.write(lib.resolve("empty.mid"), new byte[0]);
        importExecution = importLibrary(lib).getId();
        Files.delete(lib.resolve("f5.mid")); // gone before its analysis: CONTENT_MISSING
        analyzeExecution = analyze().getId();
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forgetTheTestDatabase() {
        CliRun.forgetTestDatabase();
    }

    String path(String name) {
        return lib.toAbsolutePath().resolve(name).toString();
    }

    @Test
    void listsImportAndAnalysisFailuresNewestRunFirstInEveryFormat() {
        CliRun table = CliRun.of("failures");
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("FAMILY").contains("RUN", "EXEC", "PATH: MESSAGE");
        assertThat(lines.get(1)).startsWith("CONTENT_MISSING").contains("analyze #", " " + analyzeExecution + "  " + path("f5.mid") + ": ");
        assertThat(lines.get(2)).startsWith("EMPTY").contains("import #", path("empty.mid") + ": ");
        assertThat(lines.get(3)).startsWith("NOT_MIDI").contains(path("readme.mid") + ": no MThd header");
        assertThat(lines.get(4)).isEqualTo("(3 failures)");
        assertThat(lines).hasSize(5);

        CliRun paths = CliRun.of("failures", "--format", "paths");
        assertThat(paths.out()).isEqualTo(path("f5.mid") + "\n" + path("empty.mid") + "\n" + path("readme.mid") + "\n");

        CliRun csv = CliRun.of("failures", "--family", "not_midi", "--format", "csv");
        List<String> csvLines = csv.out().lines().toList();
        assertThat(csvLines).hasSize(2);
        assertThat(csvLines.get(0)).isEqualTo("path,family,message,job,run,execution,recordedAt,contentId");
        assertThat(csvLines.get(1)).startsWith("\"" + path("readme.mid") + "\",NOT_MIDI,")
                .contains(",import,", "," + importExecution + ",");

        JsonNode json = JsonMapper.builder().build().readTree(CliRun.of("failures", "--format", "json").out());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(3);
        assertThat(json.get(0).get("family").asString()).isEqualTo("CONTENT_MISSING");
        assertThat(json.get(0).get("contentId").isNull()).as("an analysis failure names its content").isFalse();
        assertThat(json.get(2).get("path").asString()).isEqualTo(path("readme.mid"));
        assertThat(json.get(2).get("job").asString()).isEqualTo("import");
        assertThat(json.get(2).get("execution").asLong()).isEqualTo(importExecution);
        assertThat(json.get(2).get("contentId").isNull()).as("a failed import has no content").isTrue();

        CliRun limited = CliRun.of("failures", "--limit", "1");
        assertThat(limited.out()).contains("(1 of 3 failures shown; --limit N for more, --format csv for all)");
    }

    @Test
    void narrowsByJobFamilyPathAndWords() {
        assertThat(CliRun.of("failures", "--job", Long.toString(importExecution), "--format", "paths").out())
                .isEqualTo(path("empty.mid") + "\n" + path("readme.mid") + "\n");
        assertThat(CliRun.of("failures", "--family", "EMPTY,content_missing", "--format", "paths").out())
                .isEqualTo(path("f5.mid") + "\n" + path("empty.mid") + "\n");
        assertThat(CliRun.of("failures", "path:**/readme.mid", "--format", "paths").out()).isEqualTo(path("readme.mid") + "\n");
        assertThat(CliRun.of("failures", "mthd", "--format", "paths").out()).as("a word of the message, any case")
                .isEqualTo(path("readme.mid") + "\n");
        CliRun none = CliRun.of("failures", "path:/nowhere");
        assertThat(none.code()).isZero();
        assertThat(none.out()).endsWith("(no failure matches)\n");
    }

    @Test
    void mistakesAreOneLineAndExitCodeTwo() {
        CliRun family = CliRun.of("failures", "--family", "BROKEN");
        assertThat(family.code()).isEqualTo(2);
        assertThat(family.err().strip()).startsWith("midicrate: no error family 'BROKEN'; the families are ")
                .contains("EMPTY", "NOT_MIDI", "ZIP_BOMB", "CONTENT_MISSING").doesNotContain("\n");
        CliRun term = CliRun.of("failures", "key:Am");
        assertThat(term.code()).isEqualTo(2);
        assertThat(term.err()).contains("bad query term 'key:Am': failures are found by path: terms and words");
        CliRun job = CliRun.of("failures", "--job", "999999");
        assertThat(job.code()).isEqualTo(2);
        assertThat(job.err().strip()).isEqualTo("midicrate: no execution 999999 (see 'midicrate jobs')");
        assertThat(CliRun.of("failures", "--format", "xml").code()).isEqualTo(2);
    }

    @Test
    void eachFailingFileIsListedOnceUntilItIsReadOrAnalysedSince() throws Exception {
        long again = importLibrary(lib).getId(); // readme and empty fail again
        CliRun current = CliRun.of("failures");
        assertThat(current.out()).contains("(3 failures)");
        assertThat(current.out().lines().filter(l -> l.contains(path("readme.mid"))))
                .singleElement().asString().contains(" " + again + "  ");
        assertThat(CliRun.of("failures", "--all").out()).as("every run's failures").contains("(5 failures)");

        TestMidi.write(lib.resolve("readme.mid"), TestMidi.smf(40)); // mended: the next import reads it
        TestMidi.write(lib.resolve("f5.mid"), TestMidi.smf(5));      // back: the next analysis reads it
        importLibrary(lib);
        assertThat(runner.start(analyzeJob, AnalyzeJobConfig.parameters(true)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(CliRun.of("failures", "--format", "paths").out()).isEqualTo(path("empty.mid") + "\n");
        assertThat(CliRun.of("failures", "--all", "--format", "paths").out().lines()).hasSize(6);
    }

    @Test
    void showOfAFileThatFailedItsImportSaysWhyAndShowOfAFailedAnalysisListsItsErrors() {
        CliRun show = CliRun.of("show", path("readme.mid"));
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).startsWith(path("readme.mid") + "\n  failed its import: NOT_MIDI: no MThd header")
                .contains("in import #", "(execution " + importExecution + ")", "'midicrate failures'");
        JsonNode json = JsonMapper.builder().build().readTree(CliRun.of("show", path("readme.mid"), "--json").out());
        assertThat(json.get("status").asString()).isEqualTo("import failed");
        assertThat(json.get("failure").get("family").asString()).isEqualTo("NOT_MIDI");

        long missing = count("SELECT content_id FROM file_error WHERE family = 'CONTENT_MISSING'");
        CliRun failedAnalysis = CliRun.of("show", Long.toString(missing));
        assertThat(failedAnalysis.out()).contains("content " + missing + "  failed").contains("errors:")
                .containsPattern("analyze run #\\d+ CONTENT_MISSING: ");

        CliRun unknown = CliRun.of("show", path("never.mid"));
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no file " + path("never.mid"));
    }

    @Test
    void jobsIdListsTheFailingFilesAndTheSummaryPointsToFailures() throws Exception {
        Path more = tmp.resolve("more");
        for (int i = 0; i < 23; i++) {
            TestMidi.write(more.resolve("broken" + i + ".mid"), ("junk " + i).getBytes());
        }
        TestMidi.write(more.resolve("good.mid"), TestMidi.smf(70));
        CliRun imported = CliRun.of("import", "--no-progress", more.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        long execution = count("SELECT max(job_execution_id) FROM batch_job_execution");
        assertThat(imported.out()).contains("failures by family: NOT_MIDI 23", "details: midicrate failures --job " + execution)
                .contains("1 file waits for analysis: midicrate analyze").doesNotContain("SELECT");

        CliRun jobs = CliRun.of("jobs", Long.toString(execution));
        List<String> lines = jobs.out().lines().toList();
        int heading = lines.indexOf("failing files of run #" + count("SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?", execution) + " (23):");
        assertThat(heading).as(jobs.out()).isPositive();
        assertThat(lines.subList(heading + 1, heading + 21)).allSatisfy(l -> assertThat(l).startsWith("  NOT_MIDI").contains("broken"));
        assertThat(lines.get(heading + 21)).isEqualTo("  +3 more: midicrate failures --job " + execution);
        assertThat(CliRun.of("failures", "--job", Long.toString(execution), "--format", "paths").out().lines()).hasSize(23);
    }
}
