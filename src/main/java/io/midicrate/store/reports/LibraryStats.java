package io.midicrate.store.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.midicrate.analysis.Tagger;

/** Library totals and distributions: what {@code midicrate stats} prints. */
@Component
public class LibraryStats {

    /**
     * @param paths          the paths the library holds now: neither moved into a quarantine by {@code dupes --apply}
     *                       nor found missing by an import (their rows stay, marked)
     * @param contents       distinct contents, and their {@code bytes}
     * @param heldContents   contents at least one of those paths holds
     * @param duplicateBytes what the paths beyond the first of each held content take
     * @param moved          paths {@code dupes --apply} moved into a quarantine
     * @param missing        paths an import found gone
     */
    public record Totals(long paths, long contents, long bytes, long analysed, long failed, long pending,
                         long heldContents, long duplicateBytes, long moved, long missing) {
        /** Paths holding a content another live path holds too. */
        public long duplicatePaths() {
            return paths - heldContents;
        }
    }

    public record Count(String value, long files) {
    }

    private final JdbcTemplate jdbc;

    public LibraryStats(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Totals totals() {
        return jdbc.queryForObject("""
                WITH live AS (SELECT content_id, size FROM location WHERE moved_to IS NULL AND missing_since IS NULL),
                held AS (SELECT count(*) AS contents, coalesce(sum(c.size), 0) AS bytes FROM content c
                         WHERE EXISTS (SELECT 1 FROM live WHERE live.content_id = c.id))
                SELECT (SELECT count(*) FROM live),
                       (SELECT count(*) FROM content),
                       (SELECT coalesce(sum(size), 0) FROM content),
                       (SELECT count(*) FROM content WHERE analysis_status = 'ok'),
                       (SELECT count(*) FROM content WHERE analysis_status = 'failed'),
                       (SELECT count(*) FROM content WHERE analyzed_at IS NULL),
                       held.contents,
                       (SELECT coalesce(sum(size), 0) FROM live) - held.bytes,
                       (SELECT count(*) FROM location WHERE moved_to IS NOT NULL),
                       (SELECT count(*) FROM location WHERE moved_to IS NULL AND missing_since IS NOT NULL)
                FROM held""",
                (rs, i) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)));
    }

    /** Files whose analysis failed, by the family of their latest error. */
    public List<Count> analysisFailuresByFamily() {
        return counts("""
                SELECT family, count(*) FROM (SELECT DISTINCT ON (e.content_id) e.family FROM file_error e
                  JOIN content c ON c.id = e.content_id AND c.analysis_status = 'failed'
                  ORDER BY e.content_id, e.id DESC) f GROUP BY family ORDER BY 2 DESC, 1""");
    }

    /** The latest import's problems by family. */
    public List<Count> latestImportProblemsByFamily() {
        return counts("""
                SELECT family, count(*) FROM file_error WHERE job_name = 'import'
                  AND run_id = (SELECT max(import_id) FROM import_run) GROUP BY family ORDER BY 2 DESC, 1""");
    }

    public List<Count> keys() {
        return counts("SELECT coalesce(key_name, '(none)'), count(*) FROM analysis GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 24");
    }

    /** Files per tempo tag (20-BPM bands), slowest band first. */
    public List<Count> tempoBands() {
        List<Count> bands = new ArrayList<>(counts("""
                SELECT t.name, count(*) FROM analysis a, unnest(a.tags) n (name) JOIN tag t ON t.name = n.name
                WHERE t.category = 'tempo' GROUP BY t.name"""));
        bands.sort(Comparator.comparing(Count::value, Tagger.BY_TEMPO));
        return bands;
    }

    public List<Count> timeSignatures() {
        return counts("SELECT time_signature, count(*) FROM analysis GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 12");
    }

    /** Files using each instrument family. */
    public List<Count> instrumentFamilies() {
        return counts("""
                SELECT f.family, count(*) FROM analysis a, unnest(a.instrument_families) f (family)
                GROUP BY 1 ORDER BY 2 DESC, 1""");
    }

    /** Contents analysed (or failed) so far, and their bytes: what an analysis benchmark divides by. */
    public long[] analysedContentsAndBytes() {
        return jdbc.queryForObject("SELECT count(*), coalesce(sum(size), 0) FROM content WHERE analyzed_at IS NOT NULL",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    private List<Count> counts(String sql) {
        return jdbc.query(sql, (rs, i) -> new Count(rs.getString(1), rs.getLong(2)));
    }
}
