package io.midicrate.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * How Spring Boot's Flyway migrates the database at startup. First, the schema history rows of migrations whose file
 * was rewritten after release with no change in effect, and which still hold the known checksum of its earlier text,
 * are set to the file's checksum (RewrittenMigrations); any other checksum mismatch fails Flyway's validation as
 * usual. Then Flyway validates and migrates.
 */
@Component
public class SchemaMigration implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    /** What one run did: the versions whose recorded checksum it realigned, and the versions it applied. */
    public record Outcome(List<String> realigned, List<String> applied) {
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
        return new Outcome(realigned, applied);
    }

    private static List<String> realign(Flyway flyway) {
        List<MigrationStore.Realignment> rows = RewrittenMigrations.toRealign(flyway.info().all());
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> realigned;
        try {
            realigned = new MigrationStore(flyway.getConfiguration().getDataSource()).realign(historyTable(flyway), rows);
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
}
