package io.midicrate.query;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every statement of the query layer shares: read-only transactions with plans made for their own values, the
 * word prefixes of the full-text index, and the EXPLAIN capture the search benchmark reads.
 */
@Component
class QueryExecution {

    private final ThreadLocal<List<String>> plans = new ThreadLocal<>();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public QueryExecution(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** A read-only transaction: one snapshot for all the statements of a page or a count. */
    TransactionTemplate readOnly() {
        return readOnly;
    }

    /** Runs {@code action} and returns the plans of the statements it ran on this thread (see LibrarySearch#explain). */
    List<String> explain(Runnable action) {
        List<String> collected = new ArrayList<>();
        plans.set(collected);
        try {
            action.run();
        } finally {
            plans.remove();
        }
        return collected;
    }

    <T> List<T> select(String sql, org.springframework.jdbc.core.RowMapper<T> mapper, Object... args) {
        record(sql, args);
        return jdbc.query(sql, mapper, args);
    }

    /** Keeps the plan of this statement when {@link #explain(Runnable)} is collecting them. */
    void record(String sql, Object... args) {
        List<String> collected = plans.get();
        if (collected != null) {
            collected.add(String.join("\n", jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + sql, String.class, args)));
        }
    }

    /**
     * A plan made for this query's own values: after five runs of one statement the driver prepares it on the server,
     * and a generic plan ignores how skewed the values are (a rare genre and a common one get one plan), which showed
     * as a one-second outlier among 7 ms runs. And memory enough for an exact bitmap of every page of a
     * multi-million-content analysis table: at the default 4 MB the bitmap of "dark pad" key:Em at a million contents
     * went lossy, and 38,000 rows were read again to find 4,651 (196 ms; 90 ms with this). A bitmap takes what it
     * needs, up to this, for the one transaction.
     */
    void planSettings() {
        jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        jdbc.execute("SET LOCAL work_mem = '32MB'");
    }

    /** Above this many words a prefix stands for, the prefix itself is cheaper to ask for than their union. */
    static final int MAX_PREFIX_WORDS = 64;

    /** A bare word's lexeme and the library's words that start with it (V19), for {@link QuerySql#exactTsquery}. */
    QuerySql.Prefix prefix(String word) {
        return jdbc.query("SELECT t.l, ARRAY(SELECT s.word FROM search_word s WHERE s.word >= t.l[1] COLLATE \"C\""
                + " AND s.word < (t.l[1] || chr(1114111)) COLLATE \"C\" AND starts_with(s.word, t.l[1])"
                + " ORDER BY s.word LIMIT ?) FROM (SELECT tsvector_to_array(to_tsvector('simple', ?)) AS l) t", rs -> {
                    rs.next();
                    String[] lexemes = (String[]) rs.getArray(1).getArray();
                    if (lexemes.length != 1) {
                        return null; // not one word to PostgreSQL: the term keeps to_tsquery's reading
                    }
                    String[] words = (String[]) rs.getArray(2).getArray();
                    return new QuerySql.Prefix(lexemes[0],
                            words.length == 0 || words.length > MAX_PREFIX_WORDS ? null : List.of(words));
                }, MAX_PREFIX_WORDS + 1, word);
    }
}
