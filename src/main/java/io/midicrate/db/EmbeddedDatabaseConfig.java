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
            return new EmbeddedServer(null, runningPort);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "200");
        if (properties.db().port() > 0) {
            builder.setPort(properties.db().port());
        }
        EmbeddedPostgres postgres = builder.start();
        return new EmbeddedServer(postgres, postgres.getPort());
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

    /** The server this process started (stopped on exit), or one it adopted (left running). */
    record EmbeddedServer(EmbeddedPostgres started, int port) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (started != null) {
                started.close();
            }
        }
    }
}
