package io.midicrate.store.reports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.midicrate.analysis.Keys;
import io.midicrate.store.reports.LibraryOverview.Count;
import io.midicrate.store.reports.LibraryOverview.Totals;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts the {@link LibraryOverview} (a scan of the library: {@link LibraryStats}' distributions, and the histograms
 * only the page draws) and keeps the latest one in {@code library_overview}.
 */
@Repository
public class LibraryOverviewStore {

    /** Tempo bands of the histogram: 5 BPM wide from 40 to 240. */
    static final int TEMPO_LOW = 40;
    static final int TEMPO_HIGH = 240;
    static final int TEMPO_BAND = 5;
    static final int METERS_SHOWN = 6;
    static final int DAYS_SHOWN = 90;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final LibraryStats stats;
    private final TransactionTemplate snapshot;

    public LibraryOverviewStore(JdbcTemplate jdbc, LibraryStats stats, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.stats = stats;
        this.snapshot = new TransactionTemplate(transactions);
        // every count from one snapshot, and the marker with them: a job ending meanwhile makes it stale, not torn
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * Which job executions have ended, as one string: it changes whenever an execution ends (a restart is a new
     * execution), in this process or any other on the database. Cheap: the job tables hold one row per execution.
     */
    public String jobsMarker() {
        return jdbc.queryForObject("""
                SELECT count(*) || '/' || coalesce(max(end_time)::text, '-') FROM batch_job_execution
                WHERE end_time IS NOT NULL""", String.class);
    }

    /** Counts everything (seconds at a million files). */
    public LibraryOverview compute() {
        return snapshot.execute(tx -> {
            String marker = jobsMarker();
            return new LibraryOverview(Instant.now(), marker, totals(), keys(), tempo(), meters(), families(), drums(),
                    importedPerDay(), failures());
        });
    }

    /** The stored overview, or null when none was ever computed. */
    public LibraryOverview load() {
        List<String> json = jdbc.queryForList("SELECT overview::text FROM library_overview WHERE id = 1", String.class);
        if (json.isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(json.get(0), LibraryOverview.class);
        } catch (RuntimeException e) {
            return null; // written by another version of midicrate: count again
        }
    }

    public void save(LibraryOverview overview) {
        jdbc.update("""
                INSERT INTO library_overview (id, computed_at, jobs_marker, overview) VALUES (1, ?, ?, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET computed_at = EXCLUDED.computed_at, jobs_marker = EXCLUDED.jobs_marker,
                overview = EXCLUDED.overview""",
                java.sql.Timestamp.from(overview.computedAt()), overview.jobsMarker(), JSON.writeValueAsString(overview));
    }

    /** The stats' totals. */
    private Totals totals() {
        LibraryStats.Totals t = stats.totals();
        return new Totals(t.paths(), t.contents(), t.bytes(), t.duplicatePaths(), t.duplicateBytes(), t.analysed(),
                t.failed(), t.pending());
    }

    /** The stats' files per key name, by key index. */
    private long[] keys() {
        long[] keys = new long[24];
        for (LibraryStats.Count c : stats.keys()) {
            int index = Keys.parse(c.value());
            if (index >= 0 && index < 24) {
                keys[index] += c.files();
            }
        }
        return keys;
    }

    /** Bands from the first to the last one holding a file (empty ones between kept, so the axis stays linear). */
    private List<Count> tempo() {
        int bands = (TEMPO_HIGH - TEMPO_LOW) / TEMPO_BAND;
        long[] counts = new long[bands + 2];
        jdbc.query("SELECT width_bucket(bpm, ?, ?, ?), count(*) FROM analysis WHERE bpm IS NOT NULL GROUP BY 1",
                (ResultSet rs) -> {
                    counts[rs.getInt(1)] = rs.getLong(2);
                }, TEMPO_LOW, TEMPO_HIGH, bands);
        int first = 0;
        while (first < counts.length && counts[first] == 0) {
            first++;
        }
        int last = counts.length - 1;
        while (last >= first && counts[last] == 0) {
            last--;
        }
        List<Count> tempo = new ArrayList<>();
        for (int b = first; b <= last; b++) {
            String label = b == 0 ? "<" + TEMPO_LOW : b > bands ? TEMPO_HIGH + "+" : String.valueOf(TEMPO_LOW + (b - 1) * TEMPO_BAND);
            tempo.add(new Count(label, counts[b]));
        }
        return tempo;
    }

    /** The stats' most common meters, the rest of them summed as "other". */
    private List<Count> meters() {
        List<Count> all = counts(stats.timeSignatures());
        if (all.size() <= METERS_SHOWN) {
            return all;
        }
        List<Count> shown = new ArrayList<>(all.subList(0, METERS_SHOWN - 1));
        shown.add(new Count("other", all.subList(METERS_SHOWN - 1, all.size()).stream().mapToLong(Count::count).sum()));
        return shown;
    }

    private List<Count> families() {
        return counts(stats.instrumentFamilies());
    }

    private List<Count> drums() {
        return jdbc.queryForObject("""
                SELECT count(*) FILTER (WHERE drums_only), count(*) FILTER (WHERE has_drums AND NOT drums_only),
                       count(*) FILTER (WHERE NOT has_drums AND note_count > 0), count(*) FILTER (WHERE note_count = 0)
                FROM analysis""", (rs, i) -> List.of(new Count("drums only", rs.getLong(1)),
                new Count("drums and pitched", rs.getLong(2)), new Count("pitched only", rs.getLong(3)),
                new Count("no notes", rs.getLong(4))));
    }

    private List<Count> importedPerDay() {
        List<Count> days = new ArrayList<>(jdbc.query("""
                SELECT first_seen::date::text, count(*) FROM location GROUP BY 1 ORDER BY 1 DESC LIMIT ?""",
                LibraryOverviewStore::count, DAYS_SHOWN));
        java.util.Collections.reverse(days);
        return days;
    }

    /** Analysis failures (the latest error of each failed content) and the latest import's problems, by family. */
    private List<Count> failures() {
        java.util.Map<String, Long> byFamily = new java.util.TreeMap<>();
        for (LibraryStats.Count c : stats.analysisFailuresByFamily()) {
            byFamily.merge(c.value(), c.files(), Long::sum);
        }
        for (LibraryStats.Count c : stats.latestImportProblemsByFamily()) {
            byFamily.merge(c.value(), c.files(), Long::sum);
        }
        List<Count> failures = new ArrayList<>();
        byFamily.forEach((family, n) -> failures.add(new Count(family, n)));
        failures.sort(java.util.Comparator.comparingLong(Count::count).reversed());
        return failures;
    }

    private static List<Count> counts(List<LibraryStats.Count> counts) {
        return counts.stream().map(c -> new Count(c.value(), c.files())).toList();
    }

    private static Count count(ResultSet rs, int row) throws SQLException {
        return new Count(rs.getString(1), rs.getLong(2));
    }
}
