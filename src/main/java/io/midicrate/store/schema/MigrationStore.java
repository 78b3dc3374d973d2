package io.midicrate.store.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The statements run around Flyway's migration (SchemaMigration): the checksum of a migration whose comments were
 * rewritten, set in Flyway's schema history table, and the vacuum of a table that a migration rewrote.
 */
public final class MigrationStore {

    /** One history row to realign: the version, the checksum it holds now, the checksum of the file as it is. */
    public record Realignment(String version, int recorded, int current) {
    }

    private final DataSource dataSource;

    /** On Flyway's own data source, which may not be the application's pool: so built by the migration, not injected. */
    public MigrationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Sets the checksum of each given version, where the row still holds the recorded one, in one transaction. The
     * table's name comes from Flyway's configuration (an identifier, quoted); every value is a bind parameter.
     *
     * @return the versions whose row was updated
     */
    public List<String> realign(String historyTable, List<Realignment> realignments) throws SQLException {
        List<String> updated = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE " + historyTable + " SET checksum = ? WHERE version = ? AND checksum = ?")) {
                for (Realignment r : realignments) {
                    update.setInt(1, r.current());
                    update.setString(2, r.version());
                    update.setInt(3, r.recorded());
                    if (update.executeUpdate() > 0) {
                        updated.add(r.version());
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        return updated;
    }

    /**
     * VACUUM (ANALYZE) of each table, outside a transaction as VACUUM needs: dead row versions made reusable, the
     * visibility map set (so index-only scans read no table rows), and planner statistics sampled again. Not FULL: the
     * table stays readable and writable meanwhile, and keeps its size.
     */
    public void vacuumAnalyze(List<String> tables) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                for (String table : tables) {
                    st.execute("VACUUM (ANALYZE) " + quote(table));
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** A PostgreSQL identifier, quoted. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
