package io.midicrate.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.midicrate.support.DedicatedDatabase;

/**
 * Paths compare in byte order whatever locale the database was created with (V22). In a database whose default
 * collation is a language's (ICU en-US, where "apple" sorts before "Zebra"), two paths holding one content name it
 * after the byte-smallest, as on any other server, and locations list in byte order.
 */
@Tag("integration")
class PathByteOrderTest {

    @TempDir
    Path tmp;

    @Test
    void pathsCompareInByteOrderUnderALanguageCollation() throws Exception {
        try (DedicatedDatabase server = new DedicatedDatabase(tmp.resolve("pg"))) {
            server.jdbc().execute("""
                    CREATE DATABASE english LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C' TEMPLATE template0""");
            String url = server.url("english");
            Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration").load()
                    .migrate();
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "postgres", "postgres", true);
            try {
                JdbcTemplate jdbc = new JdbcTemplate(dataSource);
                // the database's own order, which paths must not follow
                assertThat(jdbc.queryForObject("SELECT 'apple' < 'Zebra'", Boolean.class)).isTrue();

                byte[] blake3 = new byte[32];
                List<LibraryFiles.Hashed> files =
                        List.of(hashed(blake3, "/lib/apple.mid"), hashed(blake3, "/lib/Zebra.mid"));
                LibraryFiles libraryFiles = new LibraryFiles(dataSource);
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(tx -> {
                    try {
                        libraryFiles.write(files, 1, 1);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });

                assertThat(jdbc.queryForObject("SELECT canonical_path FROM content", String.class))
                        .isEqualTo("/lib/Zebra.mid");
                assertThat(jdbc.queryForList("SELECT path FROM location ORDER BY path", String.class))
                        .containsExactly("/lib/Zebra.mid", "/lib/apple.mid");
            } finally {
                dataSource.destroy();
            }
        }
    }

    private static LibraryFiles.Hashed hashed(byte[] blake3, String path) {
        return new LibraryFiles.Hashed(blake3, 100, 1, 1, 96, false, path, null, null, List.of(), List.of(), null,
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
