package io.midicrate.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;
import io.midicrate.store.schema.MigrationStore;

/**
 * How Spring Boot's Flyway migrates the database at startup. First, the schema history rows of migrations whose file
 * was rewritten after release with no change in effect, and which still hold the known checksum of its earlier text,
 * are set to the file's checksum (RewrittenMigrations); any other checksum mismatch fails Flyway's validation as
 * usual. Then Flyway validates and migrates. Then the maintenance that migrations leave to it (schema/README.md,
 * "Maintenance"): when this run applied a migration that rewrote a large table, that table is vacuumed and analysed,
 * once, whatever the number of such migrations.
 */
@Component
public class SchemaMigration implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    /**
     * The migrations that rewrite a large table, and which. Each leaves a dead version of every row behind, or a new
     * table with no visibility map and, until autovacuum comes round, planner statistics of before the migration.
     */
    static final Map<String, List<String>> REWRITES = Map.of(
            "15", List.of("analysis"),      // every analysis row updated with its tags and instruments
            "21", List.of("search_row"),    // the search row filled from analysis
            "22", List.of("search_row"));   // the search row's table rewritten (its file-name words made again)

    /**
     * What one run did: the versions whose recorded checksum it realigned, the versions it applied, and the tables it
     * then vacuumed and analysed.
     */
    public record Outcome(List<String> realigned, List<String> applied, List<String> maintained) {
    }

    @Override
    public void migrate(Flyway flyway) {
        run(flyway);
    }

    public Outcome run(Flyway flyway) {
        List<String> realigned = realign(flyway);
        MigrateResult result = flyway.migrate();
        List<String> applied = result.migrations.stream().map(m -> m.version).filter(Objects::nonNull)
                .filter(v -> !v.isEmpty()).toList();
        List<String> maintained = maintain(flyway, applied);
        return new Outcome(realigned, applied, maintained);
    }

    private static List<String> realign(Flyway flyway) {
        List<MigrationStore.Realignment> rows = RewrittenMigrations.toRealign(flyway.info().all());
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> realigned;
        try {
            MigrationStore store = new MigrationStore(flyway.getConfiguration().getDataSource());
            realigned = store.realign(historyTable(flyway), rows);
        } catch (SQLException e) {
            throw new FlywayException("could not record the checksums of the rewritten migrations " + rows, e);
        }
        log.info("Schema history: recorded the checksums of migrations {} as their files are now (rewritten after"
                + " release with no change to the schema they make; schema/README.md)", realigned);
        return realigned;
    }

    /**
     * Flyway's schema history table, quoted: in the configured default schema, else the first configured schema, else
     * unqualified, which resolves to the connection's current schema, where Flyway keeps it then.
     */
    static String historyTable(Flyway flyway) {
        var conf = flyway.getConfiguration();
        String schema = conf.getDefaultSchema();
        if (schema == null && conf.getSchemas().length > 0) {
            schema = conf.getSchemas()[0];
        }
        String table = MigrationStore.quote(conf.getTable());
        return schema == null ? table : MigrationStore.quote(schema) + "." + table;
    }

    /** The tables the given versions rewrite, each once, in the order of the versions. */
    static List<String> rewrittenBy(List<String> versions) {
        return versions.stream().flatMap(v -> REWRITES.getOrDefault(v, List.of()).stream()).distinct().toList();
    }

    private static List<String> maintain(Flyway flyway, List<String> applied) {
        List<String> tables = rewrittenBy(applied);
        if (tables.isEmpty()) {
            return tables;
        }
        long start = System.nanoTime();
        try {
            new MigrationStore(flyway.getConfiguration().getDataSource()).vacuumAnalyze(tables);
        } catch (SQLException e) {
            // the schema is migrated; without this the tables are only slower until autovacuum comes round
            log.warn("Could not vacuum and analyse {} after the migrations that rewrote them ({}); autovacuum will",
                    tables, e.getMessage());
            return List.of();
        }
        log.info("Vacuumed and analysed {} after this run's migrations rewrote them ({} ms)", tables,
                (System.nanoTime() - start) / 1_000_000);
        return tables;
    }
}
