package io.midicrate.store;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The secondary indexes of {@code location} and {@code content} that a large import builds once after its hash step
 * instead of entry by entry: the non-unique ones, which the import's own statements never read (its upserts and
 * lookups go through the unique keys: path, blake3, ids). Their definitions are kept in {@code import_deferred_index}
 * in the transaction that drops them, so a build is never lost: a killed run's restart, or any later import, builds
 * what is still listed there. Meanwhile search and the web page work, only slower on a path substring.
 */
public final class DeferredIndexes {

    private static final String SAVE = """
            INSERT INTO import_deferred_index (name, definition, import_id)
            SELECT i.indexname, i.indexdef, ? FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = i.schemaname::regnamespace
            JOIN pg_index x ON x.indexrelid = c.oid
            WHERE i.schemaname = current_schema() AND i.tablename IN ('location', 'content')
              AND NOT x.indisunique AND NOT x.indisprimary
            ON CONFLICT (name) DO NOTHING""";

    private final JdbcTemplate jdbc;

    public DeferredIndexes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether a run hashing {@code candidates} files should drop the indexes first: it at least doubles the library. */
    public boolean worthDeferring(long candidates, long minimum) {
        if (candidates < minimum) {
            return false;
        }
        Long locations = jdbc.queryForObject("SELECT count(*) FROM location", Long.class);
        return locations == null || candidates >= locations;
    }

    /** Records and drops the indexes, in the caller's transaction; returns their names. */
    public List<String> drop(long importId) {
        jdbc.update(SAVE, importId);
        List<String> names = listed();
        for (String name : names) {
            // a name from the catalogue, quoted as an identifier: no user input reaches this statement
            jdbc.execute("DROP INDEX IF EXISTS " + jdbc.queryForObject("SELECT quote_ident(?)", String.class, name));
        }
        return names;
    }

    /** Builds every listed index that does not exist, then unlists it, in the caller's transaction; returns how many. */
    public int rebuild() {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT name, definition FROM import_deferred_index ORDER BY name");
        if (rows.isEmpty()) {
            return 0;
        }
        for (Map<String, Object> row : rows) {
            String definition = (String) row.get("definition");
            jdbc.execute(definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX IF NOT EXISTS "));
            jdbc.update("DELETE FROM import_deferred_index WHERE name = ?", row.get("name"));
        }
        return rows.size();
    }

    /** The indexes waiting to be built. */
    public List<String> listed() {
        return jdbc.queryForList("SELECT name FROM import_deferred_index ORDER BY name", String.class);
    }
}
