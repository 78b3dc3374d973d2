package io.midicrate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.midicrate.support.DedicatedDatabase;

/**
 * The migration at startup (SchemaMigration), on a PostgreSQL of the test's own: a database migrated before the
 * migrations' comments were rewritten (its schema history holding their earlier checksums) starts and ends with the
 * files' checksums; any other checksum mismatch still fails Flyway's validation; and the tables a run's migrations
 * rewrote are vacuumed and analysed after them, only in that run.
 */
@Tag("integration")
class SchemaMigrationTest {

    @TempDir
    Path tmp;

    /** Flyway as Spring Boot configures it from config/application.yml (spring.flyway.locations). */
    private static Flyway flyway(DedicatedDatabase db, String target) {
        return flyway(db.url(), target);
    }

    private static Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                .target(target).load();
    }

    private static Map<String, Integer> recordedChecksums(JdbcTemplate jdbc) {
        Map<String, Integer> sums = new TreeMap<>();
        jdbc.query("SELECT version, checksum FROM flyway_schema_history WHERE version IS NOT NULL",
                rs -> {
                    sums.put(rs.getString(1), rs.getInt(2));
                });
        return sums;
    }

    private static Map<String, Integer> fileChecksums(Flyway flyway) {
        Map<String, Integer> sums = new TreeMap<>();
        for (MigrationInfo m : flyway.info().all()) {
            sums.put(m.getVersion().getVersion(), m.getResolvedChecksum());
        }
        return sums;
    }

    private static void record(JdbcTemplate jdbc, String version, int checksum) {
        assertThat(jdbc.update("UPDATE flyway_schema_history SET checksum = ? WHERE version = ?", checksum, version))
                .isEqualTo(1);
    }

    @Test
    void aDatabaseHoldingTheEarlierChecksumsOfTheRewrittenMigrationsStartsAndEndsWithTheFilesChecksums()
            throws Exception {
        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"))) {
            JdbcTemplate jdbc = db.jdbc();
            Flyway flyway = flyway(db, "latest");
            Map<String, Integer> files = fileChecksums(flyway);
            assertThat(recordedChecksums(jdbc)).isEqualTo(files);
            int rows = jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history", Integer.class);

            // the history of a database migrated by the build before the rewrite
            for (RewrittenMigrations.Known known : RewrittenMigrations.KNOWN) {
                assertThat(files.get(known.version())).as("V%s's file is rewritten", known.version())
                        .isNotNull().isNotEqualTo(known.checksum());
                record(jdbc, known.version(), known.checksum());
            }
            // which Flyway alone refuses
            assertThat(flyway.validateWithResult().validationSuccessful).isFalse();

            SchemaMigration.Outcome outcome = new SchemaMigration().run(flyway);

            assertThat(outcome.realigned()).containsExactlyInAnyOrderElementsOf(
                    RewrittenMigrations.KNOWN.stream().map(RewrittenMigrations.Known::version).toList());
            assertThat(outcome.applied()).isEmpty();
            assertThat(outcome.maintained()).isEmpty();
            assertThat(recordedChecksums(jdbc)).isEqualTo(files);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history", Integer.class))
                    .as("nothing applied again").isEqualTo(rows);
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();

            // and the next start has nothing to realign
            assertThat(new SchemaMigration().run(flyway).realigned()).isEmpty();
        }
    }

    @Test
    void anyOtherChecksumMismatchStillFailsFlywaysValidationAndIsLeftAsItIs() throws Exception {
        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"))) {
            JdbcTemplate jdbc = db.jdbc();
            Flyway flyway = flyway(db, "latest");
            Map<String, Integer> files = fileChecksums(flyway);
            int oldV21 = known("21");
            int oldV22 = known("22");

            // neither V21's earlier checksum nor its file's
            record(jdbc, "21", 12345);
            assertMismatchFails(flyway, "21");
            assertThat(recordedChecksums(jdbc)).containsEntry("21", 12345);

            // an earlier checksum, but another version's
            record(jdbc, "21", oldV22);
            assertMismatchFails(flyway, "21");
            assertThat(recordedChecksums(jdbc)).containsEntry("21", oldV22);

            // a version whose file was not rewritten, holding some rewritten file's earlier checksum
            record(jdbc, "21", files.get("21"));
            record(jdbc, "2", oldV21);
            assertMismatchFails(flyway, "2");
            assertThat(recordedChecksums(jdbc)).containsEntry("2", oldV21);

            // a known earlier checksum beside an unknown mismatch: the known one is realigned, the start still fails
            record(jdbc, "2", files.get("2"));
            record(jdbc, "22", oldV22);
            record(jdbc, "23", 777);
            assertMismatchFails(flyway, "23");
            assertThat(recordedChecksums(jdbc)).containsEntry("22", files.get("22")).containsEntry("23", 777);
        }
    }

    private static int known(String version) {
        return RewrittenMigrations.KNOWN.stream().filter(k -> k.version().equals(version)).findFirst().orElseThrow()
                .checksum();
    }

    private static void assertMismatchFails(Flyway flyway, String version) {
        assertThatThrownBy(() -> new SchemaMigration().run(flyway))
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("Migration checksum mismatch for migration version " + version);
    }

    @Test
    void theTablesARunsMigrationsRewroteAreVacuumedAndAnalysedAfterThemInThatRunOnly() throws Exception {
        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"), "14")) {
            JdbcTemplate jdbc = db.jdbc();
            assertThat(vacuums(jdbc, "analysis")).isZero();

            // V15 rewrites analysis, V21 fills the search row and V22 rewrites it: each table once
            SchemaMigration.Outcome upgrade = new SchemaMigration().run(flyway(db, "22"));
            assertThat(upgrade.applied()).containsExactly("15", "17", "19", "20", "21", "22");
            assertThat(upgrade.maintained()).containsExactly("analysis", "search_row");
            // a manual VACUUM, not FULL (which PostgreSQL does not count here), and an ANALYZE (V15 has none)
            assertThat(vacuums(jdbc, "analysis")).isEqualTo(1);
            assertThat(vacuums(jdbc, "search_row")).isEqualTo(1);
            assertThat(analyses(jdbc, "analysis")).isEqualTo(1);

            // V23, V24 and the later ones rewrite nothing (V24, which once vacuumed the search row, no longer does)
            SchemaMigration.Outcome rest = new SchemaMigration().run(flyway(db, "latest"));
            assertThat(rest.applied()).startsWith("23", "24").hasSize(migrationsAfter(22));
            assertThat(rest.maintained()).isEmpty();
            assertThat(vacuums(jdbc, "analysis")).isEqualTo(1);
            assertThat(vacuums(jdbc, "search_row")).isEqualTo(1);

            // nothing to apply, nothing to maintain
            SchemaMigration.Outcome again = new SchemaMigration().run(flyway(db, "latest"));
            assertThat(again.applied()).isEmpty();
            assertThat(again.maintained()).isEmpty();
            assertThat(vacuums(jdbc, "analysis")).isEqualTo(1);
            assertThat(vacuums(jdbc, "search_row")).isEqualTo(1);

            // a new database applies every migration: both tables, once
            jdbc.execute("CREATE DATABASE fresh");
            JdbcTemplate fresh = new JdbcTemplate(new DriverManagerDataSource(db.url("fresh"), "postgres", "postgres"));
            SchemaMigration.Outcome all = new SchemaMigration().run(flyway(db.url("fresh"), "latest"));
            assertThat(all.applied()).hasSize(migrationsAfter(0)).startsWith("1").contains("24");
            assertThat(all.maintained()).containsExactly("analysis", "search_row");
            assertThat(vacuums(fresh, "analysis")).isEqualTo(1);
            assertThat(vacuums(fresh, "search_row")).isEqualTo(1);
        }
    }

    /** Manual VACUUMs of the table (autovacuum's and VACUUM FULL are not counted). */
    private static long vacuums(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = ?", Long.class, table);
    }

    /** Manual ANALYZEs of the table (autovacuum's are not counted). */
    private static long analyses(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = ?", Long.class,
                table);
    }

    @Test
    void theRewritingMigrationsNameEachTableOnce() {
        assertThat(SchemaMigration.rewrittenBy(List.of("14", "15", "17", "21", "22", "23")))
                .containsExactly("analysis", "search_row");
        assertThat(SchemaMigration.rewrittenBy(List.of("20", "23", "24"))).isEmpty();
    }

    /** How many migrations schema/ holds above this version. */
    private static int migrationsAfter(int version) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("schema"))) {
            return (int) files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).filter(v -> v > version).count();
        }
    }
}
