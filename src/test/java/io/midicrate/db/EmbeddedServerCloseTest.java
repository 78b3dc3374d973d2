package io.midicrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A midicrate process stops the embedded server it ran when it is done, unless another client still uses it; its own
 * connections, still closing, do not count as another client.
 */
@Tag("integration")
class EmbeddedServerCloseTest {

    @TempDir
    Path dataDir;

    @Test
    void ownConnectionsDoNotKeepTheServerRunningAndAnotherClientsDo() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setServerConfig("fsync", "off").start();
        int port = postgres.getPort();
        var server = new EmbeddedDatabaseConfig.EmbeddedServer(postgres, port, dataDir);
        String base = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection other = DriverManager.getConnection(base + "?ApplicationName=psql", "postgres", "postgres");
             Connection own = DriverManager.getConnection(base + "?ApplicationName="
                     + EmbeddedDatabaseConfig.APPLICATION_NAME, "postgres", "postgres")) {
            server.close();
            assertThat(EmbeddedDatabaseConfig.runningServerPort(dataDir)).as("another client is connected").isEqualTo(port);
            assertThat(own.isValid(2)).isTrue();
        }
        // only this process's connection is left: the server stops
        try (Connection own = DriverManager.getConnection(base + "?ApplicationName="
                + EmbeddedDatabaseConfig.APPLICATION_NAME, "postgres", "postgres")) {
            server.close();
            assertThat(EmbeddedDatabaseConfig.runningServerPort(dataDir)).as("stopped with its own connection open").isNull();
        }
    }
}
