package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the reporting commands say, as a newcomer reads it: {@code jobs} in files, {@code stats} with its tempo bands
 * in tempo order, the command line an audit or a dupes manifest records as typed, and an export's files and parts.
 */
class ReportsCliTest extends JobTest {

    Path lib;

    @BeforeEach
    void aLibrary() throws Exception {
        lib = tmp.resolve("lib");
        int[] tempi = {70, 70, 110, 110, 128, 150};
        for (int i = 0; i < tempi.length; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i, tempi[i]));
        }
        Files.copy(lib.resolve("f0.mid"), lib.resolve("copy of f0.mid"));
        Files.write(lib.resolve("readme.mid"), "not midi".getBytes());
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forgetTheTestDatabase() {
        CliRun.forgetTestDatabase();
    }

    @Test
    void jobsSaysWhatEachExecutionDidInFilesAndWhatEachStepCounts() {
        CliRun run = CliRun.of("run", "--no-progress", lib.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("wait for analysis").as("run analyses what it imported");

        CliRun jobs = CliRun.of("jobs", "--limit", "2");
        List<String> lines = jobs.out().lines().toList();
        assertThat(lines.get(0)).startsWith("EXEC").contains("FILES").doesNotContain("READ", "WRITTEN");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("analyze", "COMPLETED", "analysed 6 files: 6 ok, 0 failed");
        assertThat(lines.get(2)).contains("import", "COMPLETED",
                "found 8 MIDI files: 6 new, 1 duplicate, 0 unchanged, 1 failed");

        long importExecution = count("SELECT max(job_execution_id) - 1 FROM batch_job_execution");
        long importRun = count("SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?", importExecution);
        CliRun steps = CliRun.of("jobs", Long.toString(importExecution));
        assertThat(steps.out().lines().findFirst().orElseThrow())
                .isEqualTo("import #" + importRun + " (execution " + importExecution
                        + ") COMPLETED: found 8 MIDI files: 6 new, 1 duplicate, 0 unchanged, 1 failed");
        assertThat(steps.out()).containsPattern("importScan +COMPLETED .* 8 +8 .*read: files the walk found; written: staged for comparison")
                .contains("read: new or changed files; written: hashed and recorded, failures included")
                .contains("failing files of run #", "NOT_MIDI", "readme.mid: no MThd header")
                .doesNotContain("more: midicrate failures");
    }

    @Test
    void statsListsTempoBandsSlowestFirst() {
        assertThat(CliRun.of("run", "--no-progress", lib.toString()).code()).isZero();
        CliRun stats = CliRun.of("stats");
        assertThat(stats.code()).isZero();
        List<String> bands = stats.out().lines().dropWhile(l -> !l.equals("tempo band:")).skip(1)
                .takeWhile(l -> !l.isBlank()).map(l -> l.strip().split(" +")[0]).toList();
        assertThat(bands).containsExactly("bpm-60-79", "bpm-100-119", "bpm-120-139", "bpm-140-159");
    }

    @Test
    void auditsAndManifestsRecordTheCommandLineAsTyped() throws Exception {
        assertThat(CliRun.of("run", "--no-progress", lib.toString()).code()).isZero();
        CliRun reprocess = CliRun.of("reprocess", "--query", "bpm:60..80", "--reason", "try it", "--no-progress");
        assertThat(reprocess.code()).as(reprocess.err()).isZero();
        assertThat(jdbc.queryForObject("SELECT command_line FROM audit ORDER BY id DESC LIMIT 1", String.class))
                .isEqualTo("midicrate reprocess --query bpm:60..80 --reason 'try it' --no-progress");

        Path quarantine = tmp.resolve("quarantine dir");
        CliRun dupes = CliRun.of("dupes", "--apply", "--to", quarantine.toString(), "--no-progress");
        assertThat(dupes.code()).as(dupes.err()).isZero();
        Path manifest;
        try (Stream<Path> files = Files.list(quarantine)) {
            manifest = files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
        assertThat(JsonMapper.builder().build().readTree(manifest.toFile()).get("command").asString())
                .isEqualTo("midicrate dupes --apply --to '" + quarantine + "' --no-progress");
    }

    @Test
    void aSplitExportCountsFilesAndTheirParts() {
        assertThat(CliRun.of("run", "--no-progress", lib.toString()).code()).isZero();
        CliRun export = CliRun.of("export", "path:**/f1.mid", "--to", tmp.resolve("out").toString(), "--split", "tracks",
                "--no-progress");
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 1 file as 1 track part: 1 written (");
    }
}
