package io.midicrate.reprocessjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.batch.JobLocks;
import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.store.reports.AuditReport;
import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/** The reprocess job end to end against real PostgreSQL: selections, the audit, history rows, dry runs. */
class ReprocessJobFunctionalTest extends JobTest {
    @Autowired
    Reprocessing reprocessing;
    @Autowired
    AuditReport auditReport;
    @Autowired
    JobLocks locks;

    long firstImportExecution;
    long secondImportExecution;

    /** 30 files in two packs, a header-only file that fails analysis, then a second import of 10 more files. */
    @BeforeEach
    void library() throws Exception {
        for (int i = 0; i < 30; i++) {
            TestMidi.write(tmp.resolve("lib/" + (i < 20 ? "house" : "techno") + "/f" + i + ".mid"), TestMidi.smf(i));
        }
        TestMidi.write(tmp.resolve("lib/house/hollow.mid"), new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 1, 0, 96});
        firstImportExecution = runner.start(importJob, ImportJobConfig.parameters(List.of(tmp.resolve("lib")))).getId();
        for (int i = 30; i < 40; i++) {
            TestMidi.write(tmp.resolve("more/f" + i + ".kar"), TestMidi.smf(i));
        }
        secondImportExecution = runner.start(importJob, ImportJobConfig.parameters(List.of(tmp.resolve("more")))).getId();
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM content WHERE analysis_status = 'failed'")).isEqualTo(1);
    }

    @Test
    void eachSelectorKindReprocessesExactlyItsFiles() throws Exception {
        String lib = tmp.toAbsolutePath().resolve("lib").toString();
        long someTagged = count("""
                SELECT count(*) FROM analysis WHERE 'house' = ANY(tags)""");
        assertThat(someTagged).as("the folder name gives a genre tag").isEqualTo(20);

        assertReprocesses(new Selection(List.of("3-7", "12"), null, null, null, false, null, false),
                "SELECT id FROM content WHERE id BETWEEN 3 AND 7 OR id = 12");
        assertReprocesses(new Selection(null, List.of(lib + "/techno"), null, null, false, null, false),
                "SELECT content_id FROM location WHERE path LIKE '%/lib/techno/%'");
        assertReprocesses(new Selection(null, List.of("*.kar"), null, null, false, null, false),
                "SELECT content_id FROM location WHERE path LIKE '%.kar'");
        assertReprocesses(new Selection(null, List.of(lib + "/*/f1?.mid"), null, null, false, null, false),
                "SELECT content_id FROM location WHERE path ~ '/lib/[^/]+/f1[0-9]\\.mid$'");
        assertReprocesses(new Selection(null, null, List.of(secondImportExecution), null, false, null, false),
                "SELECT content_id FROM location WHERE path LIKE '%/more/%'");
        jdbc.update("UPDATE content SET analysis_version = 0 WHERE id IN (1, 2, 3)");
        assertReprocesses(new Selection(null, null, null, MidiAnalyzer.ANALYSIS_VERSION, false, null, false),
                "SELECT id FROM content WHERE id IN (1, 2, 3)");
        assertReprocesses(new Selection(null, null, null, null, true, null, false),
                "SELECT content_id FROM location WHERE path LIKE '%/hollow.mid'");
        assertReprocesses(new Selection(null, null, null, null, false, List.of("House"), false),
                "SELECT content_id FROM location WHERE path LIKE '%/lib/house/f%'");
        // kinds narrow each other
        assertReprocesses(new Selection(List.of("1-10"), null, null, null, false, List.of("house"), false),
                "SELECT content_id FROM location WHERE path LIKE '%/lib/house/f%' AND content_id <= 10");
        assertReprocesses(new Selection(null, null, null, null, false, null, true), "SELECT id FROM content");
    }

    @Test
    void idsAreWrittenAsTheQueryLanguageWritesThem() throws Exception {
        assertReprocesses(new Selection(List.of("3..7,12"), null, null, null, false, null, false),
                "SELECT id FROM content WHERE id BETWEEN 3 AND 7 OR id = 12");
        assertReprocesses(new Selection(List.of("..2", "40.."), null, null, null, false, null, false),
                "SELECT id FROM content WHERE id <= 2 OR id >= 40");
        for (String bad : List.of(" .. ", "5-", "-5", "1..2..3", "x")) {
            assertThatThrownBy(() -> new Selection(List.of(bad), null, null, null, false, null, false).validated())
                    .as(bad).isInstanceOf(OperatorException.class)
                    .hasMessage("--ids takes content ids and ranges like 42, 100..200 (or 100-200), ..200 or 100.., separated"
                            + " by commas, not '" + bad.strip() + "'");
        }

        CliRun range = CliRun.onTestDatabase("reprocess", "--ids", "5..10", "--dry-run");
        assertThat(range.code()).as(range.err()).isZero();
        assertThat(range.out()).contains("dry run: 6 files in ");
        assertThat(CliRun.onTestDatabase("reprocess", "--ids", "5,9..10", "--ids", "20-21", "--dry-run").out())
                .contains("dry run: 5 files in ");
    }

    @Test
    void aSelectionThatMatchesNothingIsRefusedBeforeAnyAuditIsWritten() {
        long[] before = state();
        Selection nowhere = new Selection(null, List.of("/nonexistent"), null, null, false, null, false);
        String nothing = "nothing to reprocess: no file matches --path /nonexistent";
        assertThatThrownBy(() -> reprocessing.dryRun(nowhere)).isInstanceOf(OperatorException.class).hasMessage(nothing);
        assertThatThrownBy(() -> reprocessing.run(nowhere, "bob", "why", "x")).isInstanceOf(OperatorException.class)
                .hasMessage(nothing);
        // each selector holds files, but none holds a file of the other
        String techno = tmp.toAbsolutePath().resolve("lib/techno").toString();
        long house = count("SELECT content_id FROM location WHERE path LIKE '%/lib/house/f1.mid'");
        Selection apart = new Selection(List.of(String.valueOf(house)), List.of(techno), null, null, false, null, false);
        assertThatThrownBy(() -> reprocessing.run(apart, "bob", "why", "x")).isInstanceOf(OperatorException.class)
                .hasMessage("nothing to reprocess: no file matches --ids " + house + " and --path " + techno + " together");
        assertThatThrownBy(() -> reprocessing.dryRun(new Selection(null, null, null, null, false, null, false,
                "key:Am ^drums:no -drums:yes"))).hasMessage("nothing to reprocess: no file matches --query 'key:Am ^drums:no -drums:yes'");

        // the command says it in one line, exit 2, with or without --dry-run
        for (List<String> args : List.of(List.of("reprocess", "--path", "/nonexistent", "--reason", "why"),
                List.of("reprocess", "--path", "/nonexistent", "--dry-run"))) {
            CliRun r = CliRun.onTestDatabase(args.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("midicrate: " + nothing);
            assertThat(r.out()).isEmpty();
        }
        assertThat(state()).isEqualTo(before);
    }

    void assertReprocesses(Selection selection, String expectedIdsSql) throws Exception {
        List<Long> expected = jdbc.queryForList(expectedIdsSql + " ORDER BY 1", Long.class);
        assertThat(expected).as(selection.toString()).isNotEmpty();
        long dryRunFiles = reprocessing.dryRun(selection).stream().mapToLong(Reprocessing.Partition::rows).sum();
        assertThat(dryRunFiles).as("dry run of " + selection).isEqualTo(expected.size());

        JobExecution execution = reprocessing.run(selection, "tester", "selector test", "test");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long auditId = Reprocessing.auditId(execution);
        assertThat(jdbc.queryForList("SELECT content_id FROM reprocess_selection WHERE audit_id = ? ORDER BY 1", Long.class,
                auditId)).as(selection.toString()).isEqualTo(expected);
        assertThat(count("""
                SELECT coalesce(sum(read_count), 0) FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name LIKE 'reprocessWorker:%'""", execution.getId()))
                .as("every selected file is read once").isEqualTo(expected.size());
        assertThat(count("SELECT selected FROM audit WHERE id = ?", auditId)).isEqualTo(expected.size());
    }

    @Test
    void aRunThatChangesResultsKeepsTheAuditAndHistoryWithOldAndNewValues() throws Exception {
        Map<String, Object> real = jdbc.queryForMap("SELECT key_name, bpm::text AS bpm FROM analysis WHERE content_id = 5");
        List<String> realTags = jdbc.queryForList("""
                SELECT unnest(tags) FROM analysis WHERE content_id = 5""", String.class);
        // an older analysis: version 0 everywhere in ids 1-12; its results differ on 1-4 (key), 5 (key, bpm, tags)
        jdbc.update("UPDATE content SET analysis_version = 0 WHERE id <= 12");
        jdbc.update("UPDATE analysis SET analysis_version = 0 WHERE content_id <= 12");
        // 'Cb major' is never a real result (the analysis spells it B major), so all five keys really change
        jdbc.update("UPDATE analysis SET key_name = 'Cb major' WHERE content_id <= 5");
        jdbc.update("UPDATE analysis SET bpm = 99 WHERE content_id = 5");
        jdbc.update("UPDATE analysis SET tags = '{}' WHERE content_id = 5");
        long executionsBefore = count("SELECT count(*) FROM batch_job_execution");

        JobExecution execution = reprocessing.run(new Selection(null, null, null, 1, false, null, false), "alice",
                "key profile fix", "midicrate reprocess --version-below 1");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long auditId = Reprocessing.auditId(execution);
        Map<String, Object> audit = jdbc.queryForMap("SELECT * FROM audit WHERE id = ?", auditId);
        assertThat(audit).containsEntry("operator", "alice").containsEntry("reason", "key profile fix")
                .containsEntry("status", "COMPLETED").containsEntry("selected", 12L).containsEntry("changed", 5L)
                .containsEntry("unchanged", 7L).containsEntry("failed", 0L)
                .containsEntry("job_instance_id", execution.getJobInstance().getInstanceId());
        assertThat(audit.get("started_at")).isNotNull();
        assertThat(audit.get("finished_at")).isNotNull();
        assertThat(count("SELECT job_execution_ids[1] FROM audit WHERE id = ?", auditId)).isEqualTo(execution.getId());
        assertThat(jdbc.queryForObject("SELECT selection->>'versionBelow' FROM audit WHERE id = ?", String.class, auditId))
                .isEqualTo("1");

        // history: exactly the changed files, with the stored old values and the new ones
        assertThat(jdbc.queryForList("SELECT content_id FROM content_history WHERE audit_id = ? ORDER BY 1", Long.class, auditId))
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        Map<String, Object> five = jdbc.queryForMap("""
                SELECT changes->'key'->>'old' AS old_key, changes->'key'->>'new' AS new_key,
                       changes->'bpm'->>'old' AS old_bpm, changes->'bpm'->>'new' AS new_bpm,
                       changes->'tags'->>'old' AS old_tags, changes->'tags'->>'new' AS new_tags,
                       changes->'analysis_version'->>'old' AS old_version, changes->'analysis_version'->>'new' AS new_version,
                       jsonb_exists(changes, 'time_signature') AS has_meter
                FROM content_history WHERE audit_id = ? AND content_id = 5""", auditId);
        assertThat(five).containsEntry("old_key", "Cb major").containsEntry("new_key", real.get("key_name"))
                .containsEntry("old_bpm", "99").containsEntry("new_bpm", real.get("bpm"))
                .containsEntry("old_tags", null).containsEntry("new_tags", String.join(", ", realTags))
                .containsEntry("old_version", "0").containsEntry("new_version", String.valueOf(MidiAnalyzer.ANALYSIS_VERSION))
                .containsEntry("has_meter", false);
        assertThat(real.get("key_name")).isNotEqualTo("Cb major");
        // the search row (V21) follows the analysis row the reprocess rewrote: search finds the new key
        assertThat(jdbc.queryForMap("SELECT key_name, bpm::text AS bpm FROM search_row WHERE content_id = 5")).isEqualTo(real);
        // the stored results are the real ones again
        assertThat(jdbc.queryForMap("SELECT key_name, bpm::text AS bpm FROM analysis WHERE content_id = 5")).isEqualTo(real);
        assertThat(count("SELECT count(*) FROM content WHERE analysis_version = 0")).isZero();

        // every partition's step execution is tied to the audit with its range and counts
        List<Map<String, Object>> partitions = jdbc.queryForList(
                "SELECT * FROM audit_partition WHERE audit_id = ? ORDER BY min_id", auditId);
        assertThat(partitions).isNotEmpty();
        assertThat(partitions.stream().mapToLong(p -> (Long) p.get("rows")).sum()).isEqualTo(12);
        assertThat(partitions.stream().mapToLong(p -> (Long) p.get("written")).sum()).isEqualTo(12);
        assertThat(partitions.stream().mapToLong(p -> (Long) p.get("changed")).sum()).isEqualTo(5);
        for (Map<String, Object> p : partitions) {
            assertThat(p.get("status")).isEqualTo("COMPLETED");
            assertThat(count("SELECT count(*) FROM batch_step_execution WHERE step_execution_id = ? AND job_execution_id = ?",
                    p.get("step_execution_id"), execution.getId())).isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM batch_job_execution") - executionsBefore).isEqualTo(1);

        // the summary a person reads
        AuditReport.Detail detail = auditReport.detail(auditId);
        AuditReport.FieldChanges key = detail.changes().stream().filter(f -> f.field().equals("key")).findFirst().orElseThrow();
        assertThat(key.files()).isEqualTo(5);
        assertThat(key.top()).extracting(AuditReport.Transition::from).contains("Cb major");
        assertThat(key.top().stream().mapToLong(AuditReport.Transition::files).sum()).isEqualTo(5);
        assertThat(detail.partitions()).hasSize(partitions.size());
    }

    @Test
    void aDryRunWritesNothing() {
        long[] before = state();

        List<Reprocessing.Partition> partitions = reprocessing.dryRun(new Selection(null, null, null, null, false, null, true));

        assertThat(partitions.stream().mapToLong(Reprocessing.Partition::rows).sum()).isEqualTo(41);
        assertThat(partitions.get(0).minId()).isEqualTo(1);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void operatorMistakesAreRefusedBeforeAnyAuditIsWritten() {
        long[] before = state();
        Selection all = new Selection(null, null, null, null, false, null, true);
        assertThatThrownBy(() -> reprocessing.run(all, "bob", " ", "x")).isInstanceOf(OperatorException.class)
                .hasMessageContaining("--reason");
        assertThatThrownBy(() -> reprocessing.run(new Selection(null, null, List.of(999_999L), null, false, null, false),
                "bob", "why", "x")).isInstanceOf(OperatorException.class).hasMessageContaining("no such execution");
        long analyze = count("SELECT max(job_execution_id) FROM batch_job_execution e JOIN batch_job_instance i "
                + "ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'analyze'");
        assertThatThrownBy(() -> reprocessing.dryRun(new Selection(null, null, List.of(analyze), null, false, null, false)))
                .isInstanceOf(OperatorException.class).hasMessageContaining("not of import");
        assertThatThrownBy(() -> reprocessing.dryRun(new Selection(null, null, null, null, false, List.of("polka"), false)))
                .isInstanceOf(OperatorException.class).hasMessageContaining("polka");
        assertThatThrownBy(() -> new Selection(List.of("9-3"), null, null, null, false, null, false).validated())
                .isInstanceOf(OperatorException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Selection(null, null, null, null, false, null, false).validated())
                .isInstanceOf(OperatorException.class).hasMessageContaining("name what to reprocess");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aReprocessWhileAnotherAnalysisRunsIsRefusedAndLeavesNoAudit() {
        long[] before = state();
        try (JobLocks.Held analysisRunning = locks.tryLock("analysis-writers")) {
            assertThat(analysisRunning).isNotNull();
            assertThatThrownBy(() -> reprocessing.run(new Selection(null, null, null, null, false, null, true), "bob",
                    "why", "x")).isInstanceOf(OperatorException.class).hasMessageContaining("in progress");
        }
        assertThat(state()).isEqualTo(before);
    }

    /** Audits, selections, history and job executions: what a dry run or a refused run must not add to. */
    long[] state() {
        return new long[] {count("SELECT count(*) FROM audit"), count("SELECT count(*) FROM reprocess_selection"),
                count("SELECT count(*) FROM content_history"), count("SELECT count(*) FROM batch_job_execution"),
                count("SELECT count(*) FROM audit_partition")};
    }
}
