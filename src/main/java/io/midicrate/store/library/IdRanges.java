package io.midicrate.store.library;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.common.IdRange;

/**
 * The one statement that splits a table's rows into id ranges of about equal row counts, for
 * {@code IdRangePartitioner}. The store class of each table names the rows to split.
 */
public final class IdRanges {

    private IdRanges() {
    }

    /**
     * The ids of {@code table}'s rows matching {@code where} in at most {@code buckets} ranges, in id order;
     * {@code where} is fixed SQL of a store class with {@code ?} parameters, never user input.
     */
    public static List<IdRange> split(JdbcTemplate jdbc, String table, String where, int buckets, Object... args) {
        Object[] params = new Object[args.length + 1];
        params[0] = Math.max(1, buckets);
        System.arraycopy(args, 0, params, 1, args.length);
        return jdbc.query(
                "SELECT min(id), max(id), count(*) FROM (SELECT id, ntile(?) OVER (ORDER BY id) AS bucket FROM "
                        + table + " WHERE " + where + ") t GROUP BY bucket ORDER BY 1",
                (rs, i) -> new IdRange(rs.getLong(1), rs.getLong(2), rs.getLong(3)), params);
    }
}
