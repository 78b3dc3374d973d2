package io.midicrate.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.support.ChildProcess;
import io.midicrate.support.DedicatedDatabase;
import io.midicrate.support.TestMidi;

/**
 * 'midicrate serve' outlives its database: while PostgreSQL is stopped it keeps running and reports DOWN, and when
 * the database is back it reports UP and its schedule imports again. The database here is the test's own.
 */
@Tag("integration")
class ServeDatabaseLossTest {

    @TempDir
    Path tmp;

    @Test
    void serveKeepsRunningReportsDownAndRetriesWhenTheDatabaseIsBack() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 50; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i));
        }
        Path jobs = Files.createDirectories(tmp.resolve("jobs"));
        Files.writeString(jobs.resolve("often.yml"), """
                name: often
                cron: "*/2 * * * * *"
                roots: [%s]
                analyze: false
                """.formatted(lib.toAbsolutePath()));
        Process child = null;
        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"))) {
            JdbcTemplate dedicated = db.jdbc();
            Path out = tmp.resolve("serve.out");
            child = ChildProcess.start(out, db.childEnv(tmp.resolve("midicrate.log"),
                    Map.of("SERVER_PORT", "0", "MIDICRATE_DB_CONNECT_TIMEOUT", "3s")), "serve", "--jobs-dir", jobs.toString());
            Process serve = child;
            Matcher port = ServeSigtermTest.PORT.matcher("");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!(port = ServeSigtermTest.PORT.matcher(Files.readString(out))).find()) {
                assertThat(serve.isAlive()).as("serve exited: " + Files.readString(out)).isTrue();
                assertThat(Instant.now()).as("serve did not come up").isBefore(deadline);
                Thread.sleep(100);
            }
            String health = "http://localhost:" + port.group(1) + "/actuator/health";
            ChildProcess.awaitProgress(serve, out, () -> dedicated.queryForObject("SELECT count(*) FROM import_run", Long.class), 1);

            db.stop();
            HttpResponse<String> down = awaitHealth(serve, out, health, r -> r.statusCode() == 503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"");
            Thread.sleep(5000); // a few firings fail while the database is away
            assertThat(serve.isAlive()).as("serve outlives its database: " + Files.readString(out)).isTrue();

            db.start();
            long before = dedicated.queryForObject("SELECT count(*) FROM import_run", Long.class);
            HttpResponse<String> up = awaitHealth(serve, out, health, r -> r.statusCode() == 200);
            assertThat(up.body()).contains("\"status\":\"UP\"");
            ChildProcess.awaitProgress(serve, out,
                    () -> dedicated.queryForObject("SELECT count(*) FROM import_run", Long.class), before + 1);
            assertThat(dedicated.queryForObject("""
                    SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED', 'UNKNOWN')
                    AND end_time IS NULL AND start_time < now() - interval '1 minute'""", Long.class))
                    .as("nothing the outage left behind still looks alive").isZero();

            serve.destroy();
            assertThat(serve.waitFor(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private static HttpResponse<String> awaitHealth(Process serve, Path out, String url,
                                                    Predicate<HttpResponse<String>> wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            assertThat(serve.isAlive()).as("serve exited: " + Files.readString(out)).isTrue();
            HttpResponse<String> response = ServeSigtermTest.get(url);
            if (wanted.test(response)) {
                return response;
            }
            assertThat(Instant.now()).as("health never changed: " + response.body()).isBefore(deadline);
            Thread.sleep(500);
        }
    }
}
