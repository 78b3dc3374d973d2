package io.midicrate.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.batch.JobLocks;
import io.midicrate.batch.JobRunner;
import io.midicrate.support.ChildProcess;
import io.midicrate.support.DatabaseTest;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * A real 'midicrate serve' process: its schedule fires, overlapping firings are skipped, health and metrics answer
 * over HTTP, and SIGTERM leaves the running import STOPPED at a chunk boundary, from where a restart completes it.
 */
class ServeSigtermTest extends DatabaseTest {

    static final int FILES = 300;
    static final Pattern PORT = Pattern.compile("web page on http://127\\.0\\.0\\.1:(\\d+)/");

    @Autowired
    JobRunner runner;
    @Autowired
    JobLocks locks;

    @TempDir
    Path tmp;

    @Test
    void sigtermStopsTheRunningImportCleanlyAndARestartCompletesIt() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.library(lib, FILES, 3, FILES);
        Path jobs = Files.createDirectories(tmp.resolve("jobs"));
        Files.writeString(jobs.resolve("often.yml"), """
                name: often
                cron: "* * * * * *"
                roots: [%s]
                analyze: false
                """.formatted(lib.toAbsolutePath()));
        long executionsBefore = count("SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution");

        Triggers.slowInserts(jdbc, "location", 0.01);
        Path log = tmp.resolve("serve.log");
        Process child = null;
        try {
            // the schedule's first instance, running elsewhere: this test's session holds the schedule's lock
            JobLocks.Held first = locks.tryLock("schedule:often");
            assertThat(first).isNotNull();
            child = ChildProcess.start(log, Map.of("SERVER_PORT", "0", "MIDICRATE_IMPORT_CHUNK_SIZE", "10"),
                    "serve", "--jobs-dir", jobs.toString());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            Matcher port = PORT.matcher("");
            while (!(port = PORT.matcher(Files.readString(log))).find()) {
                assertThat(child.isAlive()).as("serve exited: " + Files.readString(log)).isTrue();
                assertThat(Instant.now()).as("serve did not come up").isBefore(deadline);
                Thread.sleep(100);
            }
            String base = "http://127.0.0.1:" + port.group(1);
            HttpResponse<String> health = get(base + "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");

            // while the first instance runs, the second (serve's firings) is refused, logged and counted
            HttpResponse<String> skipped = get(base + "/actuator/metrics/midicrate.schedule.runs?tag=outcome:skipped");
            while (skipped.statusCode() != 200) {
                assertThat(child.isAlive()).as("serve exited: " + Files.readString(log)).isTrue();
                assertThat(Instant.now()).as("no firing was skipped").isBefore(deadline);
                Thread.sleep(200);
                skipped = get(base + "/actuator/metrics/midicrate.schedule.runs?tag=outcome:skipped");
            }
            assertThat(skipped.body()).contains("\"statistic\":\"COUNT\"");
            assertThat(count("SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution"))
                    .as("a refused firing starts no job").isEqualTo(executionsBefore);
            first.close();

            while (count("SELECT count(*) FROM location") < 40) {
                assertThat(child.isAlive()).as("serve exited: " + Files.readString(log)).isTrue();
                assertThat(Instant.now()).as("the schedule never fired").isBefore(deadline);
                Thread.sleep(50);
            }
            assertThat(count("SELECT count(*) FROM batch_job_execution WHERE job_execution_id > ?", executionsBefore))
                    .as("one run at a time").isEqualTo(1);

            child.destroy(); // SIGTERM
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("serve did not stop").isTrue();
            assertThat(child.exitValue()).as("128 + SIGTERM, after the shutdown hooks ran").isEqualTo(143);
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            Triggers.drop(jdbc, "location");
        }
        String output = Files.readString(log);
        long executionId = count("SELECT max(job_execution_id) FROM batch_job_execution");
        JobExecution stopped = runner.find(executionId);
        assertThat(stopped.getStatus()).as(output).isEqualTo(BatchStatus.STOPPED);
        long imported = count("SELECT count(*) FROM location");
        assertThat(imported).isBetween(40L, FILES - 1L);
        assertThat(count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND status = 'STARTED'",
                executionId)).as("no step is left looking alive").isZero();

        JobExecution restarted = runner.restart(stopped);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(stopped.getJobInstance().getInstanceId());
        assertThat(count("SELECT count(*) FROM location")).isEqualTo(FILES);
        assertThat(count("SELECT count(*) FROM content")).isEqualTo(FILES);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
