package io.midicrate.reprocessjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real midicrate process running 'reprocess' is killed (SIGKILL) mid-run; the restart completes the same audit
 * and writes one history row per changed file, no more. The CLI's dry run and audit views are read as a person
 * (and a machine) would.
 */
class ReprocessKillTest extends JobTest {
    static final int FILES = 200;

    @Test
    void killedReprocessRestartsToACompleteAuditWithoutDuplicateHistory() throws Exception {
        for (int i = 0; i < FILES; i++) {
            TestMidi.write(tmp.resolve("lib/p" + (i % 4) + "/f" + i + ".mid"), TestMidi.smf(i));
        }
        runner.start(importJob, ImportJobConfig.parameters(List.of(tmp.resolve("lib"))));
        analyze();
        // an older analysis whose key differs on every file
        jdbc.update("UPDATE analysis SET key_name = 'X major', analysis_version = 0");
        jdbc.update("UPDATE content SET analysis_version = 0");

        ChildResult dry = runChild("reprocess", "--dry-run", "--version-below", "1");
        assertThat(dry.code()).as(dry.output()).isZero();
        assertThat(dry.output()).contains("dry run: " + FILES + " files in");
        assertThat(count("SELECT count(*) FROM reprocess_selection")).as("the dry run wrote nothing").isZero();

        // slow the history writes down so the kill lands mid-run, whatever the machine's speed
        Triggers.slowInserts(jdbc, "content_history", 0.02);
        Path log = tmp.resolve("child.log");
        try {
            Process child = ChildProcess.start(log, Map.of("MIDICRATE_ANALYZE_CHUNK_SIZE", "10"), "reprocess",
                    "--version-below", "1", "--reason", "kill test", "--operator", "tester", "--no-progress");
            ChildProcess.killAfter(child, log, () -> count("SELECT count(*) FROM content_history"), 40);
        } finally {
            Triggers.drop(jdbc, "content_history");
        }
        long auditId = count("SELECT max(id) FROM audit");
        assertThat(jdbc.queryForObject("SELECT status FROM audit WHERE id = ?", String.class, auditId)).isEqualTo("STARTED");
        assertThat(count("SELECT count(*) FROM content_history WHERE audit_id = ?", auditId)).isBetween(40L, FILES - 1L);
        long killedId = count("SELECT job_execution_ids[1] FROM audit WHERE id = ?", auditId);
        JobExecution killed = runner.find(killedId);
        assertThat(killed.getStatus()).isEqualTo(BatchStatus.STARTED);

        JobExecution restarted = runner.restart(killed);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> audit = jdbc.queryForMap("SELECT * FROM audit WHERE id = ?", auditId);
        assertThat(audit).containsEntry("status", "COMPLETED").containsEntry("selected", (long) FILES)
                .containsEntry("changed", (long) FILES).containsEntry("unchanged", 0L).containsEntry("operator", "tester");
        assertThat(jdbc.queryForList("SELECT unnest(job_execution_ids) FROM audit WHERE id = ?", Long.class, auditId))
                .containsExactly(killedId, restarted.getId());
        assertThat(count("SELECT count(*) FROM content_history WHERE audit_id = ?", auditId)).isEqualTo(FILES);
        assertThat(count("SELECT count(DISTINCT content_id) FROM content_history WHERE audit_id = ?", auditId)).isEqualTo(FILES);
        assertThat(count("SELECT count(*) FROM content_history WHERE audit_id = ? AND changes->'key'->>'old' = 'X major'",
                auditId)).as("every row holds the value that was really overwritten").isEqualTo(FILES);
        assertThat(count("SELECT count(*) FROM analysis WHERE key_name = 'X major'")).isZero();
        // partitions of both executions are tied to the audit; none is left looking as if it still ran
        assertThat(count("SELECT count(DISTINCT job_execution_id) FROM audit_partition WHERE audit_id = ?", auditId)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_partition WHERE audit_id = ? AND status = 'STARTED'", auditId)).isZero();
        assertThat(count("SELECT sum(changed) FROM audit_partition WHERE audit_id = ? AND job_execution_id = ?",
                auditId, restarted.getId()) + count("""
                SELECT count(*) FROM content_history h WHERE audit_id = ? AND NOT EXISTS (SELECT 1 FROM audit_partition p
                  WHERE p.audit_id = h.audit_id AND p.job_execution_id = ? AND h.content_id BETWEEN p.min_id AND p.max_id)""",
                auditId, restarted.getId())).isEqualTo(FILES);

        ChildResult json = runChild("audit", String.valueOf(auditId), "--json");
        assertThat(json.code()).as(json.output()).isZero();
        JsonNode node = JsonMapper.builder().build().readTree(json.output().substring(json.output().indexOf('{')));
        assertThat(node.get("reason").asString()).isEqualTo("kill test");
        assertThat(node.get("selection").get("versionBelow").asInt()).isEqualTo(1);
        assertThat(node.get("changed").asLong()).isEqualTo(FILES);
        JsonNode keyChanges = null;
        for (JsonNode field : node.get("changes")) {
            if (field.get("field").asString().equals("key")) {
                keyChanges = field;
            }
        }
        assertThat(keyChanges).isNotNull();
        assertThat(keyChanges.get("files").asLong()).isEqualTo(FILES);
        assertThat(keyChanges.get("top").get(0).get("from").asString()).isEqualTo("X major");

        ChildResult text = runChild("audit", String.valueOf(auditId));
        assertThat(text.output()).contains("key changed on " + FILES + " files: X major -> ").contains("kill test")
                .contains("  selection  analysis version below 1\n");
    }

    record ChildResult(int code, String output) {
    }

    ChildResult runChild(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "child", ".log");
        Process child = ChildProcess.start(log, Map.of(), args);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("a JVM starts slowly on a busy machine").isTrue();
        return new ChildResult(child.exitValue(), Files.readString(log));
    }
}
