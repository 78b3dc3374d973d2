package io.midicrate.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;

import io.midicrate.config.MidicrateHome;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.store.jobs.ServerSessions;
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
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            announceNewDatabase(dataDir);
        }
        Integer runningPort = runningServerPort(dataDir);
        if (runningPort != null) {
            if (accepts(runningPort)) {
                log.info("Using the embedded PostgreSQL already running on port {} for {}", runningPort, dataDir);
                return new EmbeddedServer(null, runningPort, dataDir);
            }
            // a server left by a process that died while stopping it: let it finish, then start afresh
            awaitExit(dataDir, Duration.ofMinutes(2));
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // Spring stops it, after the jobs have stopped at a chunk boundary (GracefulStop); zonky's own
                // shutdown hook would pull the database from under them on SIGTERM.
                .setRegisterShutdownHook(false)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // zonky's test defaults turn fsync off (-F); a library must survive a power cut, so it goes back on.
                // Asynchronous commit stays: a power cut may lose the last instants of work, consistently (data and
                // job state share one WAL), and a restart redoes it.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "off")
                // bulk loads: fewer checkpoints (each one makes the next writes log whole pages)
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                // searches and counts read the search rows of many matches: from PostgreSQL's cache a page costs a
                // fraction of a read from the operating system's (midicrate.db.shared-buffers)
                .setServerConfig("shared_buffers", properties.db().effectiveSharedBuffers())
                .setServerConfig("max_connections", "200");
        if (properties.db().port() > 0) {
            builder.setPort(properties.db().port());
        }
        EmbeddedPostgres postgres = builder.start();
        return new EmbeddedServer(postgres, postgres.getPort(), dataDir);
    }

    /**
     * The first run says where the library's database goes, and why there: on stderr, which stays free of the
     * command's own output. A data folder set on purpose ({@code midicrate.db.data-dir}, as {@code bench} does) is
     * only logged.
     */
    private static void announceNewDatabase(Path dataDir) {
        MidicrateHome home = MidicrateHome.current();
        if (dataDir.equals(home.folder().resolve("pgdata").toAbsolutePath())) {
            System.err.println("midicrate: creating the library's database in " + dataDir + ", in midicrate's folder "
                    + home.describe());
        }
        log.info("Creating the embedded PostgreSQL's data folder {}", dataDir);
    }

    /**
     * The name every connection of this process to its embedded server carries: when the process is done, only
     * connections with another name (another midicrate process, a psql) keep the server running. Counting this
     * process's own connections still closing left the server running after 'serve' and 'bench' exited.
     */
    static final String APPLICATION_NAME = "midicrate-" + ProcessHandle.current().pid();

    @Bean
    DataSource dataSource(EmbeddedServer server, MidicrateProperties properties) {
        HikariConfig config = new HikariConfig();
        // the name travels in the URL, so connections opened from it outside the pool (LISTEN) carry it too
        config.setJdbcUrl("jdbc:postgresql://localhost:" + server.port() + "/postgres?ApplicationName=" + APPLICATION_NAME);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(16);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setPoolName("midicrate-embedded");
        ConnectionTimeouts.apply(config, properties.db());
        return new FailFastPool(config);
    }

    private static boolean accepts(int port) {
        try (Connection c = probe(port);
             Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            log.info("The embedded PostgreSQL on port {} does not accept connections ({})", port, e.getMessage());
            return false;
        }
    }

    private static void awaitExit(Path dataDir, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (runningServerPort(dataDir) != null) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the embedded PostgreSQL in " + dataDir + " neither accepts connections nor exits");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the embedded PostgreSQL to stop", e);
            }
        }
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
     * The name of this process's own short-lived connections that ask the server something (is it up, who else is
     * connected): another midicrate process deciding whether to stop the server does not count them as a client.
     * Two processes stopping at the same instant each saw the other's unnamed question as a client, and both left the
     * server running.
     */
    static final String PROBE_NAME = APPLICATION_NAME + "-probe";

    private static final Pattern MIDICRATE_CLIENT = Pattern.compile("midicrate-(\\d+)(-probe)?");

    /**
     * Whether a client connection, known by its application name, keeps the server running when this process is
     * done: this process's own connections do not, nor another midicrate process's probe, nor the connections of a
     * midicrate process that has exited (the server has not reaped them yet); any other client does (a live midicrate
     * process, a psql).
     */
    static boolean keepsServerRunning(String applicationName, long ownPid, LongPredicate processAlive) {
        Matcher m = MIDICRATE_CLIENT.matcher(applicationName);
        if (!m.matches()) {
            return true;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ownPid && m.group(2) == null && processAlive.test(pid);
    }

    /** Whether the client belongs to another midicrate process (its connections may be closing right now). */
    static boolean isMidicrate(String applicationName) {
        return MIDICRATE_CLIENT.matcher(applicationName).matches();
    }

    /**
     * The server this process started, or one it adopted from another midicrate process (running, or dead). When
     * this process is done with it, it is stopped unless another client is still connected (say a long import while
     * 'midicrate jobs' ran): then it is left running, and whichever process is last stops it.
     */
    record EmbeddedServer(EmbeddedPostgres started, int port, Path dataDir) implements AutoCloseable {

        /**
         * How long other midicrate processes' connections are watched before they are taken as clients: a process
         * stopping at the same moment as this one has closed its pool, but the server ends those sessions a few
         * milliseconds later.
         */
        static final Duration CLOSING_CLIENTS_WAIT = Duration.ofSeconds(1);

        @Override
        public void close() throws IOException {
            List<String> others = otherClients(port);
            Instant deadline = Instant.now().plus(CLOSING_CLIENTS_WAIT);
            while (!others.isEmpty() && others.stream().allMatch(EmbeddedDatabaseConfig::isMidicrate)
                    && Instant.now().isBefore(deadline)) {
                pause(Duration.ofMillis(100));
                others = otherClients(port);
            }
            if (!others.isEmpty()) {
                log.info("Leaving the embedded PostgreSQL running: {} other client connection(s) ({})", others.size(),
                        String.join(", ", new java.util.TreeSet<>(others)));
                return;
            }
            if (started != null) {
                started.close();
                return;
            }
            Path pidFile = dataDir.resolve("postmaster.pid");
            try {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            } catch (IOException | RuntimeException gone) {
                // stopped meanwhile by the process that started it
            }
        }

        /** The application names of the clients that keep the server running (none when it cannot be asked). */
        private static List<String> otherClients(int port) {
            try (Connection c = probe(port)) {
                long ownPid = ProcessHandle.current().pid();
                return ServerSessions.otherClients(c).stream()
                        .filter(name -> keepsServerRunning(name, ownPid, pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)))
                        .map(name -> name.isEmpty() ? "unnamed" : name)
                        .toList();
            } catch (SQLException e) {
                return List.of();
            }
        }

        private static void pause(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A connection of its own to ask the server something, named so that other midicrate processes ignore it. */
    static Connection probe(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?connectTimeout=5&ApplicationName="
                + PROBE_NAME, "postgres", "postgres");
    }
}
