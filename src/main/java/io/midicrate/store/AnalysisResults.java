package io.midicrate.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The analyze job's aggregate, written a chunk at a time: the {@code analysis} row of each content, its
 * {@code content_instrument} rows, its tags ({@code tag}, {@code content_tag}) and the content's analysis status.
 *
 * <p>Each table's rows are copied ({@code COPY}) into a temporary staging table of the session and merged by one
 * set-based statement, in the caller's transaction; every statement is idempotent, so a replayed chunk leaves the
 * same rows. Staging tables are {@code ON COMMIT DELETE ROWS} and emptied at the start of each write too, so rows
 * of a write rolled back to a savepoint, or of an earlier write in the same transaction, are never merged twice.
 */
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

    /** One {@code content_instrument} row. */
    public record Instrument(long contentId, int channel, int program, String name, String family, boolean drums,
                             int noteCount) {
    }

    /** A tag of a content, and why it has it ({@code source}). */
    public record TagLink(long contentId, String name, String category, String source) {
    }

    public static final String STATUS_OK = "ok";
    public static final String STATUS_FAILED = "failed";

    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS analysis_stage (LIKE analysis INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS instrument_stage (ord integer, content_id bigint, channel smallint,
                program smallint, name text, family text, drums boolean, note_count integer) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS tag_link_stage (ord integer, content_id bigint, name text, category text,
                source text) ON COMMIT DELETE ROWS;
            DELETE FROM analysis_stage; DELETE FROM instrument_stage; DELETE FROM tag_link_stage""";

    private static final List<String> INSTRUMENT_COLUMNS =
            List.of("ord", "content_id", "channel", "program", "name", "family", "drums", "note_count");
    private static final List<String> TAG_COLUMNS = List.of("ord", "content_id", "name", "category", "source");

    private static final String INSTRUMENTS = """
            INSERT INTO content_instrument (content_id, channel, program, name, family, drums, note_count)
            SELECT DISTINCT ON (content_id, channel, program) content_id, channel, program, name, family, drums, note_count
            FROM instrument_stage ORDER BY content_id, channel, program, ord DESC
            ON CONFLICT (content_id, channel, program) DO UPDATE SET note_count = EXCLUDED.note_count""";

    /** New tags in name order, so two partitions adding the same new tags cannot deadlock; the first category wins. */
    private static final String TAGS = """
            INSERT INTO tag (name, category)
            SELECT DISTINCT ON (name) name, category FROM tag_link_stage ORDER BY name, ord
            ON CONFLICT (name) DO NOTHING""";

    /** A content's first link to a tag wins (its source). */
    private static final String TAG_LINKS = """
            INSERT INTO content_tag (content_id, tag_id, source)
            SELECT DISTINCT ON (s.content_id, t.id) s.content_id, t.id, s.source
            FROM tag_link_stage s JOIN tag t ON t.name = s.name ORDER BY s.content_id, t.id, s.ord
            ON CONFLICT (content_id, tag_id) DO NOTHING""";

    private static final String STATUS = """
            UPDATE content SET analyzed_at = now(), analysis_version = ?,
                analysis_status = CASE WHEN id = ANY(?) THEN 'ok' ELSE 'failed' END
            WHERE id = ANY(?)""";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public AnalysisResults(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Writes one chunk in the caller's transaction: the analysis rows (upserted), the instruments and tag links of
     * every content in {@code analyzed} and {@code failed} (replaced), and the status of each.
     */
    public void write(List<Row> rows, List<Instrument> instruments, List<TagLink> tags, List<Long> analyzed,
                      List<Long> failed, int analysisVersion) throws SQLException {
        CopyRows.execute(dataSource, STAGING);
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
        List<Long> all = new ArrayList<>(analyzed);
        all.addAll(failed);
        Long[] ids = all.stream().sorted().toArray(Long[]::new);
        if (ids.length == 0) {
            return;
        }
        CopyRows instrumentRows = new CopyRows(INSTRUMENT_COLUMNS.size());
        for (Instrument i : instruments) {
            instrumentRows.row(instrumentRows.rows(), i.contentId(), i.channel(), i.program(), i.name(), i.family(),
                    i.drums(), i.noteCount());
        }
        CopyRows tagRows = new CopyRows(TAG_COLUMNS.size());
        for (TagLink t : tags) {
            tagRows.row(tagRows.rows(), t.contentId(), t.name(), t.category(), t.source());
        }
        instrumentRows.copyInto(dataSource, "instrument_stage", INSTRUMENT_COLUMNS);
        tagRows.copyInto(dataSource, "tag_link_stage", TAG_COLUMNS);
        jdbc.update("DELETE FROM content_instrument WHERE content_id = ANY(?)", (Object) ids);
        if (instrumentRows.rows() > 0) {
            jdbc.update(INSTRUMENTS);
        }
        jdbc.update("DELETE FROM content_tag WHERE content_id = ANY(?)", (Object) ids);
        if (tagRows.rows() > 0) {
            jdbc.update(TAGS);
            jdbc.update(TAG_LINKS);
        }
        jdbc.update(STATUS, analysisVersion, analyzed.toArray(Long[]::new), ids);
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
