package io.midicrate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one PostgreSQL the whole suite uses, chosen once per JVM: the server named by {@code MIDICRATE_TEST_DB_URL}
 * (with {@code MIDICRATE_TEST_DB_USER} / {@code MIDICRATE_TEST_DB_PASSWORD}) if set; else Testcontainers' PostgreSQL
 * where a Docker engine answers; else an embedded PostgreSQL (zonky) in a temporary folder. This machine and CI have
 * no Docker engine, so the embedded path is the one every test must pass on.
 */
public final class TestDatabase {

    public record Connection(String url, String user, String password, String kind) {
    }

    private static Connection connection;

    private TestDatabase() {
    }

    /** The suite's database as Spring's datasource, for a test class's {@code @DynamicPropertySource}. */
    public static void register(DynamicPropertyRegistry registry) {
        Connection db = get();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = choose();
            System.out.println("[midicrate tests] database: " + connection.kind() + " " + connection.url());
        }
        return connection;
    }

    private static Connection choose() {
        String url = System.getenv("MIDICRATE_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(url, env("MIDICRATE_TEST_DB_USER", "postgres"), env("MIDICRATE_TEST_DB_PASSWORD", ""), "external");
        }
        if (dockerAvailable()) {
            return Containers.start();
        }
        try {
            Path dir = Files.createTempDirectory("midicrate-test-pg");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return new Connection("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "postgres", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL for the tests", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Kept apart so the Testcontainers classes load only where Docker answers. */
    private static final class Containers {
        static Connection start() {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "testcontainers");
        }
    }
}
