package io.midicrate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The pool waits the whole connection timeout for a connection while the server is up and every connection busy,
 * and stops waiting once the server refuses connections. The timeout here is ten minutes, so a pool that waited it
 * out while the server is down would trip the test's two-minute guard.
 */
@Tag("integration")
class FailFastPoolTest {

    @TempDir
    Path dataDir;

    private static FailFastPool pool(int port) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(Duration.ofMinutes(10).toMillis());
        return new FailFastPool(config);
    }

    @Test
    void aBusyPoolIsWaitedForPastTheFirstWait() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).start();
             FailFastPool pool = pool(postgres.getPort())) {
            Connection busy = pool.getConnection();
            CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(FailFastPool.FIRST_WAIT_MILLIS * 3);
                    busy.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Connection next = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.getConnection();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(2, TimeUnit.MINUTES)) {
                assertThat(next.isValid(5)).as("the connection the busy statement gave back").isTrue();
            }
            released.join();
        }
    }

    @Test
    void aStoppedServerEndsTheWaitWithTheRefusal() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).start();
        try (FailFastPool pool = pool(postgres.getPort())) {
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
            postgres.close();
            // the idle connection may be handed out unchecked (Hikari trusts one used in the last 500 ms): the first
            // statement on it fails, and the pool drops it, as a job's chunk finds the server gone
            try (Connection stale = pool.getConnection()) {
                assertThatThrownBy(() -> stale.createStatement().execute("SELECT 1")).isInstanceOf(java.sql.SQLException.class);
            } catch (SQLTransientConnectionException alreadyChecked) {
                // it was checked, and dropped
            }
            CompletableFuture<Throwable> attempt = CompletableFuture.supplyAsync(() -> {
                try (Connection c = pool.getConnection()) {
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            Throwable failure = attempt.get(2, TimeUnit.MINUTES);
            assertThat(failure).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(failure.getCause()).as("the pool's failed attempt to connect").isNotNull();
            assertThat(((SQLTransientConnectionException) failure).getSQLState()).startsWith("08");
        }
    }
}
