package io.midicrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

import io.midicrate.support.DatabaseTest;

/**
 * Spring Boot's Flyway migrates through SchemaMigration, and leaves the suite's database valid at the files'
 * checksums.
 */
class SchemaMigrationWiringTest extends DatabaseTest {

    @Autowired
    FlywayMigrationStrategy strategy;

    @Autowired
    Flyway flyway;

    @Test
    void springBootsFlywayMigratesThroughSchemaMigration() {
        assertThat(strategy).isInstanceOf(SchemaMigration.class);
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        for (MigrationInfo m : flyway.info().applied()) {
            assertThat(m.getAppliedChecksum()).as("V%s", m.getVersion()).isEqualTo(m.getResolvedChecksum());
        }
    }
}
