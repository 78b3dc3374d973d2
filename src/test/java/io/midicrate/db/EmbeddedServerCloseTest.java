package io.midicrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A midicrate process stops the embedded server it ran when it is done, unless another client still uses it; its own
 * connections, still closing, do not count as another client, nor do another midicrate process's probe (the question
 * a process asks while it stops), the connections of a midicrate process that has exited, or those of one that
 * closes them while this one stops.
 */
@Tag("integration")
class EmbeddedServerCloseTest {

    @TempDir
    Path dataDir;

    private EmbeddedPostgres start() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setServerConfig("fsync", "off").start();
    }

    private Connection connect(int port, String applicationName) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?ApplicationName="
                + applicationName, "postgres", "postgres");
    }

    @Test
    void ownConnectionsDoNotKeepTheServerRunningAndAnotherClientsDo() throws Exception {
        EmbeddedPostgres postgres = start();
        int port = postgres.getPort();
        var server = new EmbeddedDatabaseConfig.EmbeddedServer(postgres, port, dataDir);
        try (Connection other = connect(port, "psql");
             Connection own = connect(port, EmbeddedDatabaseConfig.APPLICATION_NAME)) {
            server.close();
            assertThat(EmbeddedDatabaseConfig.runningServerPort(dataDir)).as("another client is connected").isEqualTo(port);
            assertThat(own.isValid(2)).isTrue();
        }
        // only this process's connection is left: the server stops
        try (Connection own = connect(port, EmbeddedDatabaseConfig.APPLICATION_NAME)) {
            server.close();
            assertThat(EmbeddedDatabaseConfig.runningServerPort(dataDir)).as("stopped with its own connection open").isNull();
        }
    }

    @Test
    void anotherMidicrateProcessKeepsTheServerRunningOnlyWhileItIsAliveAndConnected() throws Exception {
        EmbeddedPostgres postgres = start();
        int port = postgres.getPort();
        var server = new EmbeddedDatabaseConfig.EmbeddedServer(postgres, port, dataDir);
        long alive = ProcessHandle.current().parent().orElseThrow().pid(); // the build's JVM: alive, and not this one
        Process exited = new ProcessBuilder("true").start();
        assertThat(exited.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (Connection running = connect(port, "midicrate-" + alive)) {
            server.close();
            assertThat(EmbeddedDatabaseConfig.runningServerPort(dataDir)).as("a live midicrate process is connected")
                    .isEqualTo(port);
        }
        // a process stopping at the same time: its probe, the sessions of an exited process, and a pool it closes
        // while this process waits are no clients
        try (Connection probe = connect(port, "midicrate-" + alive + "-probe");
             Connection dead = connect(port, "midicrate-" + exited.pid());
             Connection closing = connect(port, "midicrate-" + alive)) {
            CompletableFuture<Void> closes = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    closing.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            server.close();
            closes.join();
            assertThat(EmbeddedDatabaseConfig.runningServerPort(dataDir)).as("no client left that keeps it running").isNull();
        }
    }
}
