package io.midicrate.store.library;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The analyze job's aggregate, written a chunk at a time: the {@code analysis} row of each content (its tags,
 * instrument families and instruments are columns of it, schema/V15), new names in the {@code tag} dictionary and
 * the content's analysis status.
 *
 * <p>The rows are copied ({@code COPY}) into a temporary staging table of the session and merged by one set-based
 * statement, in the caller's transaction; every statement is idempotent, so a replayed chunk leaves the
 * same rows. Staging tables are {@code ON COMMIT DELETE ROWS} and emptied at the start of each write too, so rows
 * of a write rolled back to a savepoint, or of an earlier write in the same transaction, are never merged twice.
 */
@Repository
public class AnalysisResults {

    /** One {@code analysis} row, its values by column name (the names are the table's). */
    public static final class Row {
        private final LinkedHashMap<String, Object> values = new LinkedHashMap<>(96);

        public Row put(String column, Object value) {
            if (values.put(column, value) != null) {
                throw new IllegalArgumentException("column " + column + " set twice");
            }
            return this;
        }

        public Map<String, Object> values() {
            return values;
        }
    }

    public static final String STATUS_OK = "ok";
    public static final String STATUS_FAILED = "failed";

    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS analysis_stage (LIKE analysis INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
            DELETE FROM analysis_stage""";

    /**
     * Tag names the dictionary does not hold yet, in name order (two partitions adding the same new tags cannot
     * deadlock); a name's first category wins.
     */
    private static final String TAGS = """
            INSERT INTO tag (name, category)
            SELECT name, category FROM unnest(?::text[], ?::text[]) AS t (name, category) ORDER BY name
            ON CONFLICT (name) DO NOTHING""";

    private static final String CLEAR_FAILED = """
            UPDATE analysis SET tags = '{}', instrument_families = '{}', instruments = '[]'
            WHERE content_id = ANY(?) AND (tags <> '{}' OR instruments <> '[]')""";

    /**
     * The contents are locked in BLAKE3 order first, the order in which an import's content upsert locks them, so an
     * import and an analysis of the same contents wait for each other instead of deadlocking.
     */
    private static final String STATUS = """
            UPDATE content c SET analyzed_at = now(), analysis_version = ?,
                analysis_status = CASE WHEN c.id = ANY(?) THEN 'ok' ELSE 'failed' END
            FROM (SELECT id FROM content WHERE id = ANY(?) ORDER BY blake3 FOR NO KEY UPDATE) locked
            WHERE c.id = locked.id""";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public AnalysisResults(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Writes one chunk in the caller's transaction: the analysis rows (upserted, their tags and instruments in them),
     * the chunk's tag names in the dictionary ({@code tagCategories}: name to category), and the status of every
     * content in {@code analyzed} and {@code failed} (an earlier analysis of a failed one keeps no tags or instruments).
     */
    public void write(List<Row> rows, Map<String, String> tagCategories, List<Long> analyzed, List<Long> failed,
                      int analysisVersion) throws SQLException {
        CopyRows.execute(dataSource, STAGING);
        // the contents first, as an import locks them: an import that finds a smaller first path locks the content,
        // then (trigger) its search row; writing the analysis first (whose trigger locks the search row) and the
        // content after could deadlock with it
        List<Long> all = new ArrayList<>(analyzed);
        all.addAll(failed);
        Long[] ids = all.toArray(Long[]::new);
        if (ids.length > 0) {
            jdbc.update(STATUS, analysisVersion, analyzed.toArray(Long[]::new), ids);
        }
        if (!tagCategories.isEmpty()) {
            List<String> names = tagCategories.keySet().stream().sorted().toList();
            jdbc.update(TAGS, names.toArray(String[]::new), names.stream().map(tagCategories::get).toArray(String[]::new));
        }
        if (!rows.isEmpty()) {
            List<String> columns = new ArrayList<>(rows.get(0).values().keySet());
            CopyRows copy = new CopyRows(columns.size());
            for (Row row : rows) {
                if (!row.values().keySet().equals(rows.get(0).values().keySet())) {
                    throw new IllegalArgumentException("analysis rows of one chunk must set the same columns");
                }
                row.values().values().forEach(copy::add);
            }
            copy.copyInto(dataSource, "analysis_stage", columns);
            jdbc.update(upsert(columns));
        }
        if (!failed.isEmpty()) {
            // an analysis kept from an earlier run no longer answers tag: or inst: once its content fails
            jdbc.update(CLEAR_FAILED, (Object) failed.stream().sorted().toArray(Long[]::new));
        }
    }

    /** The upsert of the staged analysis rows, by column name; a re-analysis replaces every column it names. */
    static String upsert(List<String> columns) {
        String names = String.join(", ", columns);
        StringBuilder sql = new StringBuilder("INSERT INTO analysis (").append(names).append(") SELECT ").append(names)
                .append(" FROM analysis_stage ORDER BY content_id ON CONFLICT (content_id) DO UPDATE SET analyzed_at = now()");
        for (String column : columns) {
            if (!column.equals("content_id")) {
                sql.append(", ").append(column).append(" = EXCLUDED.").append(column);
            }
        }
        return sql.toString();
    }
}
