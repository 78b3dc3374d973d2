package io.midicrate.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.midicrate.config.MidicrateProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The zero-setup database: with no {@code spring.datasource.url}, midicrate runs PostgreSQL itself from a data
 * directory that persists between runs. A server left running by a killed midicrate process (kill -9 skips the
 * shutdown hook) is adopted rather than fought over, so a crashed run can be restarted straight away.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedDatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedServer embeddedServer(MidicrateProperties properties) throws IOException {
        Path dataDir = properties.db().dataDir().toAbsolutePath();
        Files.createDirectories(dataDir.getParent());
        Integer runningPort = runningServerPort(dataDir);
        if (runningPort != null) {
            log.info("Using the embedded PostgreSQL already running on port {} for {}", runningPort, dataDir);
            return new EmbeddedServer(null, runningPort, dataDir);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // zonky's test defaults turn fsync off (-F); a library must survive a power cut, so it goes back on.
                // Asynchronous commit stays: a power cut may lose the last instants of work, consistently (data and
                // job state share one WAL), and a restart redoes it.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "200");
        if (properties.db().port() > 0) {
            builder.setPort(properties.db().port());
        }
        EmbeddedPostgres postgres = builder.start();
        return new EmbeddedServer(postgres, postgres.getPort(), dataDir);
    }

    @Bean
    DataSource dataSource(EmbeddedServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + server.port() + "/postgres");
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(16);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setPoolName("midicrate-embedded");
        return new HikariDataSource(config);
    }

    /** The port of a live server recorded in {@code postmaster.pid}, or null when none runs on this directory. */
    static Integer runningServerPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> port).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The server this process started, or one it adopted from a process that died. Either way it is stopped when
     * this process is done with it: an adopted one by a "smart" shutdown request (SIGTERM to its postmaster), which
     * waits for any other client still connected, so a second midicrate process using it is not cut off.
     */
    record EmbeddedServer(EmbeddedPostgres started, int port, Path dataDir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (started != null) {
                started.close();
                return;
            }
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
        }
    }
}
