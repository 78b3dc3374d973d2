package io.midicrate.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL of one test's own, to stop and start again under a running midicrate process (the suite's database
 * is shared, and must stay up). Migrated on start, kept on one port and one data folder across restarts.
 */
public final class DedicatedDatabase implements AutoCloseable {

    private final Path dataDir;
    private int port;
    private EmbeddedPostgres server;

    public DedicatedDatabase(Path dataDir) throws IOException {
        this(dataDir, "latest");
    }

    /** Migrated up to {@code version} only (a migration test fills the older schema, then calls {@link #migrate}). */
    public DedicatedDatabase(Path dataDir, String version) throws IOException {
        this.dataDir = dataDir;
        start();
        migrate(version);
    }

    public void migrate(String version) {
        Flyway.configure().dataSource(url(), "postgres", "postgres").locations("classpath:db/migration").target(version)
                .load().migrate();
    }

    public void start() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "100");
        if (port > 0) {
            builder.setPort(port);
        }
        server = builder.start();
        port = server.getPort();
    }

    /** Stops the server (a fast shutdown: clients are disconnected, as by {@code pg_ctl stop -m fast}). */
    public void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public String url() {
        return url("postgres");
    }

    /** The URL of another database of this server (one a test created). */
    public String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** A template opening a fresh connection per call, so it never holds one a test terminates or a stop breaks. */
    public JdbcTemplate jdbc() {
        return new JdbcTemplate(new DriverManagerDataSource(url(), "postgres", "postgres"));
    }

    /** Environment for a child midicrate process pointed at this server, logging into {@code log}. */
    public Map<String, String> childEnv(Path log, Map<String, String> more) {
        var env = new java.util.HashMap<>(Map.of(
                "SPRING_DATASOURCE_URL", url(),
                "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "postgres",
                "LOGGING_FILE_NAME", log.toString()));
        env.putAll(more);
        return env;
    }

    /** Ends every client connection but the caller's, as an administrator or a failover would. */
    public int terminateClients() {
        return jdbc().queryForObject("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()""", Integer.class);
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
