package io.midicrate.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.support.DatabaseTest;

/**
 * An analysis write locks its contents in the order an import's content upsert does (by BLAKE3), so the two wait for
 * each other instead of deadlocking. Here content 2 comes first by BLAKE3 and content 1 first by id: a transaction
 * standing in for an import holds content 2, the analysis of both waits for it, and the import then takes content 1
 * as well. Locked by id, the analysis would hold content 1 by then and PostgreSQL would abort one of the two.
 */
class AnalysisResultsLockOrderTest extends DatabaseTest {

    private static final String ANALYSIS_STATUS_WAITING = """
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE content c SET analyzed_at%'""";

    @Autowired
    DataSource dataSource;

    @Test
    void anAnalysisLocksItsContentsInTheImportsOrder() throws Exception {
        for (long id = 1; id <= 2; id++) {
            jdbc.update("INSERT INTO content (id, blake3, size, canonical_path, first_import_id) VALUES (?, ?, 1, ?, 1)",
                    id, new byte[] {(byte) (3 - id)}, "/lib/" + id + ".mid");
        }
        try (Connection importing = dataSource.getConnection()) {
            importing.setAutoCommit(false);
            try (Statement statement = importing.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '20s'");
                statement.execute("SELECT id FROM content WHERE id = 2 FOR NO KEY UPDATE");

                CompletableFuture<Void> analysis = CompletableFuture.runAsync(() -> {
                    try {
                        new AnalysisResults(dataSource).write(List.of(), Map.of(), List.of(1L, 2L), List.of(), 3);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (jdbc.queryForObject(ANALYSIS_STATUS_WAITING, Long.class) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(jdbc.queryForObject(ANALYSIS_STATUS_WAITING, Long.class)).as("the analysis waits").isEqualTo(1);

                // the import's next content: free, because the waiting analysis holds none of its contents yet
                statement.execute("SELECT id FROM content WHERE id = 1 FOR NO KEY UPDATE");
                importing.commit();
                analysis.get(20, TimeUnit.SECONDS);
            }
        }
        assertThat(jdbc.queryForList("SELECT analysis_status FROM content ORDER BY id", String.class))
                .containsExactly("ok", "ok");
    }
}
