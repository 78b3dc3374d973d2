package io.midicrate.store.jobs;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Counts an import run from its rows (so the figures are right after any number of restarts) and records them. */
@Repository
public class ImportRuns {

    private final JdbcTemplate jdbc;

    public ImportRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }


    public ImportSummary summarize(long importId, String roots) {
        List<String> rootList = Arrays.stream(roots.split("\n")).filter(s -> !s.isBlank()).toList();
        // Found: the walk's rows; a run whose walk an older build staged has them all in import_candidate.
        long seen = jdbc.queryForObject("SELECT count(*) FROM import_seen WHERE import_id = ?", Long.class, importId);
        long staged = jdbc.queryForObject("SELECT count(*) FROM import_candidate WHERE import_id = ?", Long.class, importId);
        if (staged * 10 > seen) {
            // A bulk load leaves the planner's statistics behind: without fresh ones it may join the staged paths to
            // the locations by nested seq scans (seen: 44 s for 20,000 rows). The analysis job needs them too. A run
            // that hashed a small part of the walk (a re-import: the files that failed before, the few that changed)
            // left them about right, and autovacuum sees to the rest.
            jdbc.execute("ANALYZE import_candidate, content, location");
        }
        Map<String, Object> c = jdbc.queryForMap("""
                SELECT count(*) FILTER (WHERE NOT c.unchanged) AS candidates,
                       count(l.id) FILTER (WHERE NOT c.unchanged) AS hashed,
                       coalesce(sum(l.size) FILTER (WHERE NOT c.unchanged), 0) AS bytes
                FROM import_candidate c LEFT JOIN location l ON l.path = c.path AND l.import_id = c.import_id
                WHERE c.import_id = ?""", importId);
        long found = seen > 0 ? seen : staged;
        long newContents = jdbc.queryForObject("SELECT count(*) FROM content WHERE first_import_id = ?", Long.class, importId);
        long failed = jdbc.queryForObject("SELECT count(*) FROM file_error WHERE run_id = ?", Long.class, importId);
        long hashed = ((Number) c.get("hashed")).longValue();
        ImportSummary summary = new ImportSummary(importId, rootList, found,
                newContents, hashed - newContents, found - ((Number) c.get("candidates")).longValue(), failed,
                ((Number) c.get("bytes")).longValue());
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO import_run (import_id, roots, found, new_contents, duplicates, unchanged, failed, bytes_read)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (import_id) DO UPDATE SET found = EXCLUDED.found, new_contents = EXCLUDED.new_contents,
                        duplicates = EXCLUDED.duplicates, unchanged = EXCLUDED.unchanged, failed = EXCLUDED.failed,
                        bytes_read = EXCLUDED.bytes_read, finished_at = now()""");
            Array rootArray = con.createArrayOf("text", rootList.toArray());
            ps.setLong(1, importId);
            ps.setArray(2, rootArray);
            ps.setLong(3, summary.found());
            ps.setLong(4, summary.newContents());
            ps.setLong(5, summary.duplicates());
            ps.setLong(6, summary.unchanged());
            ps.setLong(7, summary.failed());
            ps.setLong(8, summary.bytesRead());
            return ps;
        });
        // The staging rows have served their purpose; a big library would otherwise keep a copy per run.
        // In the step's transaction: locked first, so rows another run commits meanwhile are kept, not truncated.
        jdbc.execute("LOCK TABLE import_seen IN ACCESS EXCLUSIVE MODE");
        if (Boolean.FALSE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM import_seen WHERE import_id <> ?)",
                Boolean.class, importId))) {
            // The usual case (one import at a time): emptied without leaving a dead row per path to vacuum.
            jdbc.execute("TRUNCATE import_seen");
        }
        discardStaging(importId);
        return summary;
    }

    /** Empties an import run's staging rows: once it is summarised, or abandoned (never to be restarted). */
    public int discardStaging(long importId) {
        jdbc.update("DELETE FROM import_seen WHERE import_id = ?", importId);
        return jdbc.update("DELETE FROM import_candidate WHERE import_id = ?", importId);
    }

    /** The stored summary of a finished run, or null. */
    public ImportSummary find(long importId) {
        List<ImportSummary> rows = jdbc.query("SELECT * FROM import_run WHERE import_id = ?", (rs, i) -> summary(rs), importId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** An {@code import_run} row's columns (by name) as a summary; null when the row is absent (an outer join's NULLs). */
    static ImportSummary summary(ResultSet rs) throws SQLException {
        long importId = rs.getLong("import_id");
        if (rs.wasNull()) {
            return null;
        }
        return new ImportSummary(importId, List.of((String[]) rs.getArray("roots").getArray()), rs.getLong("found"),
                rs.getLong("new_contents"), rs.getLong("duplicates"), rs.getLong("unchanged"), rs.getLong("failed"),
                rs.getLong("bytes_read"));
    }
}
