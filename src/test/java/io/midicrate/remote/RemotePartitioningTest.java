package io.midicrate.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.analyzejob.AnalyzeJobFunctionalTest;
import io.midicrate.corpus.Corpus;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.importjob.ImportJobFunctionalTest;
import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.Triggers;

/**
 * Remote partitioning end to end: a manager and two {@code midicrate worker} JVMs on the suite's database, each a
 * real child process; the rows must equal those of a local run, also after a worker is killed with SIGKILL.
 */
class RemotePartitioningTest extends JobTest {
    /** The manager's settings: four partitions per step, and a quick poll so the test does not wait on it. */
    static final Map<String, String> REMOTE = Map.of("MIDICRATE_PARTITIONING", "remote",
            "MIDICRATE_IMPORT_GRID_SIZE", "4", "MIDICRATE_ANALYZE_GRID_SIZE", "4",
            "MIDICRATE_REMOTE_POLL_INTERVAL", "200ms");
    // generous: the machines running the suite are small and shared, and each child JVM starts Spring and Flyway
    static final Duration PATIENCE = Duration.ofMinutes(12);

    @Autowired
    Workers workers;

    final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void importAndAnalyzeOnTwoWorkersGiveTheRowsOfALocalRun() throws Exception {
        Path corpus = Corpus.dir();
        runner.start(importJob, ImportJobConfig.parameters(List.of(corpus)));
        analyze();
        var localImport = ImportJobFunctionalTest.Rows.read(jdbc);
        var localAnalysis = AnalyzeJobFunctionalTest.Rows.read(jdbc);
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_seen, import_run, content RESTART IDENTITY CASCADE");

        Map<Long, Process> pool = startWorkers(2, Map.of());
        Path log = tmp.resolve("manager.log");
        Process manager = child(log, REMOTE, "run", corpus.toString(), "--no-progress");
        assertExit(manager, log, 0);

        ImportJobFunctionalTest.Rows.read(jdbc).assertSameAs(localImport);
        assertThat(AnalyzeJobFunctionalTest.Rows.read(jdbc)).isEqualTo(localAnalysis);
        for (String job : List.of("import", "analyze")) {
            long execution = lastExecution(job);
            // every partition of the run was taken by one of the two workers, none ran in the manager
            assertThat(count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND step_name LIKE '%:partition%'", execution))
                    .isEqualTo(4);
            assertThat(jdbc.queryForList("""
                    SELECT w.pid FROM remote_partition p JOIN remote_worker w ON w.id = p.worker_id
                    JOIN batch_step_execution s ON s.step_execution_id = p.step_execution_id
                    WHERE s.job_execution_id = ?""", Long.class, execution))
                    .hasSize(4).allSatisfy(pid -> assertThat(pool).containsKey(pid));
        }
        assertThat(Files.readString(log)).contains("import #", "analyze #", "COMPLETED");
    }

    @Test
    void aWorkerKilledMidAnalysisFailsTheJobAndRestartRerunsOnlyTheUnfinishedPartitions() throws Exception {
        var local = analyseLocallyThenForget(Corpus.dir());
        long contents = count("SELECT count(*) FROM content");

        // small chunks so a partition is caught half done; the manager and the workers must agree on the size
        Map<String, String> chunks = Map.of("MIDICRATE_ANALYZE_CHUNK_SIZE", "5");
        Map<Long, Process> pool = startWorkers(2, chunks);
        Map<String, String> remote = new HashMap<>(REMOTE);
        remote.putAll(chunks);
        Path log = tmp.resolve("manager.log");
        Triggers.slowInserts(jdbc, "analysis", 0.02);
        Process manager;
        try {
            manager = child(log, remote, "analyze", "--no-progress");
            // a worker in the middle of a partition, with some chunks committed
            Long victim = null;
            Instant deadline = Instant.now().plus(PATIENCE);
            while (victim == null) {
                assertThat(Instant.now()).as("no partition got going: " + Files.readString(log)).isBefore(deadline);
                assertThat(manager.isAlive()).as("manager ended early: " + Files.readString(log)).isTrue();
                victim = jdbc.query("""
                        SELECT w.pid FROM remote_partition p JOIN remote_worker w ON w.id = p.worker_id
                        JOIN batch_step_execution s ON s.step_execution_id = p.step_execution_id
                        WHERE s.step_name LIKE 'analyzeWorker:%' AND s.status = 'STARTED' AND s.write_count >= 5
                        ORDER BY s.step_execution_id DESC LIMIT 1""", rs -> rs.next() ? rs.getLong(1) : null);
                Thread.sleep(50);
            }
            Process killed = pool.remove(victim);
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        } finally {
            Triggers.drop(jdbc, "analysis");
        }

        // the manager notices the dead worker, the survivor finishes the other partitions, the job fails
        assertExit(manager, log, 1);
        long failed = lastExecution("analyze");
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class, failed))
                .isEqualTo("FAILED");
        assertThat(Files.readString(log)).contains("died", "midicrate restart " + failed);
        long unfinished = count("""
                SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND step_name LIKE 'analyzeWorker:%'
                AND status <> 'COMPLETED'""", failed);
        assertThat(unfinished).isBetween(1L, 3L);

        Path restartLog = tmp.resolve("restart.log");
        assertExit(child(restartLog, remote, "restart", "--last", "--no-progress"), restartLog, 0);

        assertThat(AnalyzeJobFunctionalTest.Rows.read(jdbc)).isEqualTo(local);
        long restarted = lastExecution("analyze");
        assertThat(restarted).isGreaterThan(failed);
        // only the partitions that had not completed ran again, on the surviving worker
        assertThat(jdbc.queryForList("""
                SELECT w.pid FROM remote_partition p JOIN remote_worker w ON w.id = p.worker_id
                JOIN batch_step_execution s ON s.step_execution_id = p.step_execution_id
                WHERE s.job_execution_id = ?""", Long.class, restarted))
                .hasSize((int) unfinished).allSatisfy(pid -> assertThat(pool).containsKey(pid));
        // each file analysed exactly once across the failed run and its restart
        assertThat(count("""
                SELECT coalesce(sum(s.write_count), 0) FROM batch_step_execution s
                WHERE s.job_execution_id IN (?, ?) AND s.step_name LIKE 'analyzeWorker:%'""", failed, restarted))
                .isEqualTo(contents);
    }

    @Test
    void withNoWorkerAliveTheManagerSaysSoAndFailsAfterTheConfiguredWait() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 10; i++) {
            io.midicrate.support.TestMidi.write(lib.resolve("f" + i + ".mid"), io.midicrate.support.TestMidi.smf(i));
        }
        runner.start(importJob, ImportJobConfig.parameters(List.of(lib)));
        assertThat(workers.alive()).isEmpty();
        Map<String, String> env = new HashMap<>(REMOTE);
        env.put("MIDICRATE_REMOTE_WORKER_WAIT_TIMEOUT", "3s");
        Path log = tmp.resolve("manager.log");

        assertExit(child(log, env, "analyze", "--no-progress"), log, 1);

        assertThat(Files.readString(log)).contains("waiting for a worker", "no 'midicrate worker' is alive",
                "no worker was alive for 3 s");
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
                lastExecution("analyze"))).isEqualTo("FAILED");
        assertThat(count("SELECT count(*) FROM content WHERE analyzed_at IS NULL")).isEqualTo(10);
    }

    @Test
    void aWorkerWithAPathMapReadsTheLibraryWhereItIsMountedAndGivesTheRowsOfALocalRun() throws Exception {
        Path stored = tmp.resolve("stored");
        copyTree(Corpus.dir(), stored);
        var local = analyseLocallyThenForget(stored);
        long localErrors = count("SELECT count(*) FROM file_error WHERE job_execution_id = ?", lastExecution("analyze"));
        // the library is now mounted elsewhere: nothing is left at the stored paths
        Path mounted = tmp.resolve("mnt").resolve("midi");
        Files.createDirectories(mounted.getParent());
        Files.move(stored, mounted);

        startWorkers(1, Map.of("MIDICRATE_PATHS_MAP", stored + "=" + mounted));
        Path log = tmp.resolve("manager.log");
        assertExit(child(log, REMOTE, "analyze", "--no-progress"), log, 0);

        assertThat(AnalyzeJobFunctionalTest.Rows.read(jdbc)).isEqualTo(local);
        assertThat(count("SELECT count(*) FROM file_error WHERE job_execution_id = ?", lastExecution("analyze")))
                .isEqualTo(localErrors);
        assertThat(count("SELECT count(*) FROM file_error WHERE family IN ('VANISHED', 'CONTENT_MISSING')")).isZero();
    }

    @Test
    void aWorkerThatCannotSeeTheFilesFailsThePartitionNamingThePathAndItselfInsteadOfRecordingEveryFile() throws Exception {
        Path stored = tmp.resolve("stored");
        copyTree(Corpus.dir(), stored);
        runner.start(importJob, ImportJobConfig.parameters(List.of(stored)));
        long contents = count("SELECT count(*) FROM content");
        long errorsBefore = count("SELECT count(*) FROM file_error");
        Files.move(stored, tmp.resolve("elsewhere"));

        Map<Long, Process> pool = startWorkers(1, Map.of());
        long pid = pool.keySet().iterator().next();
        Path log = tmp.resolve("manager.log");
        assertExit(child(log, REMOTE, "analyze", "--no-progress"), log, 1);

        assertThat(Files.readString(log)).contains("cannot see the library's files", stored + " does not exist",
                ":" + pid, "midicrate.paths.map");
        assertThat(count("SELECT count(*) FROM file_error")).isEqualTo(errorsBefore);
        assertThat(count("SELECT count(*) FROM content WHERE analyzed_at IS NULL")).isEqualTo(contents);
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
                lastExecution("analyze"))).isEqualTo("FAILED");
    }

    @Test
    void aBadPathMapIsAnOperatorErrorOnOneLine() throws Exception {
        Path log = tmp.resolve("worker.log");
        assertExit(child(log, Map.of("MIDICRATE_PATHS_MAP", "srv/midi:/mnt/midi"), "worker", "--threads", "1"), log, 2);
        assertThat(Files.readString(log)).contains("midicrate: midicrate.paths.map: 'srv/midi:/mnt/midi' is not FROM=TO")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void serveRunsRemotePartitionsAsAWorkerOfItsOwnMetersThemAndStopsItsWorkerWithItself() throws Exception {
        var local = analyseLocallyThenForget(Corpus.dir());

        Path serveLog = tmp.resolve("serve.log");
        Process serve = child(serveLog, Map.of("SERVER_PORT", "0"), "serve", "--no-schedules", "--worker-threads", "2");
        Instant deadline = Instant.now().plus(PATIENCE);
        Matcher port;
        while (!(port = SERVE_PORT.matcher(Files.readString(serveLog))).find()
                || workers.alive().stream().noneMatch(w -> w.pid() == serve.pid())) {
            assertThat(serve.isAlive()).as("serve exited: " + Files.readString(serveLog)).isTrue();
            assertThat(Instant.now()).as("serve's worker did not join").isBefore(deadline);
            Thread.sleep(100);
        }
        Workers.Worker worker = workers.alive().stream().filter(w -> w.pid() == serve.pid()).findFirst().orElseThrow();
        assertThat(worker.threads()).isEqualTo(2);
        String metrics = "http://127.0.0.1:" + port.group(1) + "/actuator/metrics/";

        Path log = tmp.resolve("manager.log");
        assertExit(child(log, REMOTE, "analyze", "--no-progress"), log, 0);

        assertThat(AnalyzeJobFunctionalTest.Rows.read(jdbc)).isEqualTo(local);
        assertThat(jdbc.queryForList("""
                SELECT w.pid FROM remote_partition p JOIN remote_worker w ON w.id = p.worker_id
                JOIN batch_step_execution s ON s.step_execution_id = p.step_execution_id
                WHERE s.job_execution_id = ?""", Long.class, lastExecution("analyze"))).containsOnly(serve.pid());
        String done = metrics + "midicrate.worker.partitions?tag=" + URLEncoder.encode("worker:" + worker.label(),
                StandardCharsets.UTF_8) + "&tag=status:COMPLETED";
        // the per-worker rows are re-read every few seconds: wait for the run's four partitions to show
        while (!get(done).contains("\"value\":4.0")) {
            assertThat(Instant.now()).as("per-worker meter: " + get(done)).isBefore(deadline);
            Thread.sleep(500);
        }
        assertThat(get(metrics + "midicrate.workers.alive")).contains("\"value\":1.0");
        assertThat(get(metrics + "midicrate.partitions.queued")).contains("\"value\":0.0");
        assertThat(get(metrics + "midicrate.partitions.running")).contains("\"value\":0.0");

        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(serve.exitValue()).as(Files.readString(serveLog)).isEqualTo(143);
        assertThat(workers.alive()).noneMatch(w -> w.pid() == serve.pid());
        assertThat(jdbc.queryForObject("SELECT stopped_at IS NOT NULL FROM remote_worker WHERE id = ?", Boolean.class,
                worker.id())).as("serve's worker left the database cleanly").isTrue();
    }

    static final Pattern SERVE_PORT = Pattern.compile("web page on http://127\\.0\\.0\\.1:(\\d+)/");

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Imports and analyses {@code root} in this process, keeps the analysis rows, then forgets the analyses. */
    AnalyzeJobFunctionalTest.Rows analyseLocallyThenForget(Path root) throws Exception {
        runner.start(importJob, ImportJobConfig.parameters(List.of(root)));
        analyze();
        var local = AnalyzeJobFunctionalTest.Rows.read(jdbc);
        jdbc.execute("TRUNCATE analysis, tag CASCADE");
        jdbc.update("UPDATE content SET analyzed_at = NULL, analysis_status = NULL, analysis_version = NULL");
        return local;
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Starts workers and waits until each has joined; by pid. */
    Map<Long, Process> startWorkers(int n, Map<String, String> env) throws Exception {
        Map<Long, Process> pool = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Path log = tmp.resolve("worker" + i + ".log");
            Process worker = child(log, env, "worker", "--threads", "1");
            pool.put(worker.pid(), worker);
        }
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!workers.alive().stream().map(Workers.Worker::pid).toList().containsAll(pool.keySet())) {
            assertThat(pool.values()).as("a worker exited").allMatch(Process::isAlive);
            assertThat(Instant.now()).as("workers did not join").isBefore(deadline);
            Thread.sleep(100);
        }
        return pool;
    }

    Process child(Path log, Map<String, String> env, String... args) throws Exception {
        Process p = ChildProcess.start(log, env, args);
        children.add(p);
        return p;
    }

    static void assertExit(Process p, Path log, int code) throws Exception {
        assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("still running: " + Files.readString(log)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(code);
    }

    long lastExecution(String job) {
        return jdbc.queryForObject("""
                SELECT max(e.job_execution_id) FROM batch_job_execution e
                JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id WHERE i.job_name = ?""", Long.class, job);
    }
}
