package io.midicrate.db;

import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.MigrationInfo;
import io.midicrate.store.schema.MigrationStore;

/**
 * Migrations whose file was changed after release without changing what it does to a schema (its comments rewritten,
 * or maintenance taken out of it), each with the checksum Flyway recorded for its earlier text. A database migrated
 * before the change holds that checksum in its schema history, and Flyway's validation would refuse to start on it
 * ("Migration checksum mismatch"). Such a row, and only such a row, is realigned to the file as it is now before
 * Flyway validates; any other mismatch fails as Flyway makes it fail. A file is never changed after release unless it
 * is listed here with the checksum it had (schema/README.md).
 */
final class RewrittenMigrations {

    /** A version and the checksum of one earlier text of its file, as Flyway computed and recorded it. */
    record Known(String version, int checksum) {
    }

    /**
     * Issue 29: comments say what and why, without measurements; V20 and V24 no longer vacuum (SchemaMigration
     * does, after the migrations).
     */
    static final List<Known> KNOWN = List.of(
            new Known("6", -137622022),
            new Known("8", 2009923703),
            new Known("15", 1280480228),
            new Known("17", 915444272),
            new Known("19", 496711803),
            new Known("20", 2074684800),
            new Known("21", -1031587385),
            new Known("22", 558080630),
            new Known("23", -1235488159),
            new Known("24", -280454022));

    private RewrittenMigrations() {
    }

    static boolean isKnown(String version, int checksum) {
        return KNOWN.contains(new Known(version, checksum));
    }

    /**
     * The applied versioned migrations whose recorded checksum differs from their file's and is a known earlier
     * checksum of that version: the rows to realign. Mismatches not listed are left for Flyway's validation.
     */
    static List<MigrationStore.Realignment> toRealign(MigrationInfo[] migrations) {
        List<MigrationStore.Realignment> found = new ArrayList<>();
        for (MigrationInfo m : migrations) {
            if (!m.isApplied() || m.getVersion() == null) {
                continue;
            }
            Integer recorded = m.getAppliedChecksum();
            Integer current = m.getResolvedChecksum();
            if (recorded == null || current == null || recorded.equals(current)) {
                continue;
            }
            String version = m.getVersion().getVersion();
            if (isKnown(version, recorded)) {
                found.add(new MigrationStore.Realignment(version, recorded, current));
            }
        }
        return found;
    }
}
