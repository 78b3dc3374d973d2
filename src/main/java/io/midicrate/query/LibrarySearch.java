package io.midicrate.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import io.midicrate.analysis.Tag;
import io.midicrate.common.OperatorException;
import io.midicrate.library.LibraryPath;

/**
 * The query layer: runs parsed queries against the library. One row per distinct content; keyset paging (a page
 * read while files are imported neither skips nor repeats a row); facet counts; everything about one file; and
 * streams of every match for commands that act on all of them.
 */
@Component
public class LibrarySearch {

    /** The largest page a caller may ask for. */
    public static final int MAX_LIMIT = 10_000;

    private static final int STREAM_PAGE = 1_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public LibrarySearch(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** The order actually used: relevance needs words, and a query without any sorts by path instead. */
    public static Sort effectiveSort(Query query, Sort sort) {
        if (sort == null) {
            return Sort.defaultFor(query);
        }
        return sort == Sort.RELEVANCE && !query.hasText() ? Sort.PATH : sort;
    }

    /**
     * A condition on table {@code content} (not aliased) that holds for the contents {@code query} matches, and its
     * arguments in order: for selections made in SQL, such as a reprocess by query.
     */
    public static ContentCondition condition(Query query) {
        QuerySql.Where where = QuerySql.where(query);
        return new ContentCondition("content.id IN (SELECT c.id FROM " + QuerySql.FROM + " WHERE " + where.sql() + ")",
                where.args());
    }

    /** A SQL condition and its bound arguments. */
    public record ContentCondition(String sql, List<Object> args) {
        public ContentCondition {
            args = List.copyOf(args);
        }
    }

    /**
     * One page of matches.
     *
     * @param sort  the order (null: {@link Sort#defaultFor})
     * @param limit rows per page, 1..{@link #MAX_LIMIT}
     * @param after the cursor of the previous page, or null for the first page
     */
    public SearchPage search(Query query, Sort sort, int limit, Cursor after) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new OperatorException("--limit must be between 1 and " + MAX_LIMIT);
        }
        Sort order = effectiveSort(query, sort);
        if (after != null && after.sort() != order) {
            throw new OperatorException("this --after cursor belongs to --sort "
                    + after.sort().name().toLowerCase(Locale.ROOT)
                    + ", not " + order.name().toLowerCase(Locale.ROOT));
        }
        QuerySql.Where where = QuerySql.where(query, this::prefix);
        // one snapshot for the page's ids and their rows; no parallel workers: starting them costs more than a
        // page (LIMIT 51) saves, and on a busy machine much more
        return readOnly.execute(status -> {
            jdbc.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            planSettings();
            List<Hit> hits = hits(query, order, where, limit + 1, after);
            Cursor next = null;
            if (hits.size() > limit) {
                hits = hits.subList(0, limit);
                Hit last = hits.get(limit - 1);
                next = new Cursor(order, last.section(), last.value(), last.id());
            }
            return new SearchPage(rows(hits.stream().mapToLong(Hit::id).toArray()), next);
        });
    }

    /**
     * How many contents match, with the top values of the facets among them. The total is exact. The facets read the
     * analysis row (its tags and instrument families included) of every match they count, which over a large match
     * costs seconds: above {@link Facets#SAMPLE} matches they are counted on a pseudo-random sample of about that many
     * matches (a hash of the content id, so the same query gives the same figures) and scaled up to the total;
     * {@link Facets#sampled()} says how many matches they were counted on.
     */
    public Facets count(Query query) {
        return count(query, Facets.SAMPLE);
    }

    /** {@link #count(Query)} with another sample size (tests use a small one on the small corpus). */
    Facets count(Query query, int sampleAbove) {
        QuerySql.Where where = QuerySql.where(query, this::prefix);
        return readOnly.execute(status -> {
            planSettings();
            QuerySql.Source source = QuerySql.source(query);
            String matches = "SELECT " + source.id() + " AS id FROM " + source.from() + " WHERE " + where.sql();
            // the sample is the matches whose id hashes below 2^32 / k, k = ceil(total / sampleAbove): a smaller k's
            // sample holds a larger k's, so one pass over the matches, with k from the planner's estimate of the
            // total, gives the exact total and a superset of the sample, thinned here to the true k; only an
            // estimate too high (or a superset over its cap) takes a second pass with the true k. A quarter of the
            // estimate: one up to 4x too high still needs no second pass.
            long estimatedK = samplingRate(estimatedRows(matches, where.args()) / 4, sampleAbove);
            SamplePass pass = samplePass(matches, where.args(), estimatedK, sampleAbove);
            long k = samplingRate(pass.total(), sampleAbove);
            if (k < estimatedK || pass.capped()) {
                pass = samplePass(matches, where.args(), k, sampleAbove);
            }
            long threshold = SAMPLE_HASH_RANGE / k;
            long[] ids = Arrays.stream(pass.ids()).filter(id -> sampleHash(id) < threshold).toArray();
            long total = pass.total();
            long n = ids.length;
            Map<String, List<Facets.Count>> facets = facetsOf(ids);
            return new Facets(total, n, scaled(facets.get("key"), total, n), scaled(facets.get("tempo"), total, n),
                    scaled(facets.get("meter"), total, n), scaled(facets.get("instrument"), total, n),
                    scaled(facets.get("tag"), total, n));
        });
    }

    /**
     * The top values of each facet among these contents, by facet name (key, tempo, meter, instrument, tag). The ids
     * are one bound array, so the planner knows how few they are and looks each one up by its key.
     */
    private Map<String, List<Facets.Count>> facetsOf(long[] ids) {
        String sql = """
                WITH s AS MATERIALIZED (SELECT unnest(?::bigint[]) AS id),
                     sa AS MATERIALIZED (SELECT a.key_name, a.bpm, a.time_signature, a.instrument_families, a.tags
                                         FROM s JOIN search_row a ON a.content_id = s.id)
                (SELECT 'key' AS facet, key_name AS value, count(*) AS n FROM sa WHERE key_name IS NOT NULL
                 GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'tempo', CASE WHEN bpm < 60 THEN 'bpm-under-60' WHEN bpm >= 200 THEN 'bpm-200-plus'
                                  ELSE 'bpm-' || (floor(bpm / 20) * 20)::int || '-' || (floor(bpm / 20) * 20 + 19)::int END,
                                  count(*) FROM sa WHERE bpm IS NOT NULL GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'meter', time_signature, count(*) FROM sa WHERE time_signature IS NOT NULL
                           GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'instrument', f.family, count(*) FROM sa, unnest(sa.instrument_families) f (family)
                           GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'tag', t.name, count(*) FROM sa, unnest(sa.tags) n (name) JOIN tag t ON t.name = n.name
                           WHERE t.category NOT IN ('key', 'meter', 'tempo', 'instrument')
                           GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)"""
                .formatted(Facets.TOP, Facets.TOP, Facets.TOP, Facets.TOP, Facets.TOP);
        Object idArray = Arrays.stream(ids).boxed().toArray(Long[]::new);
        explain(sql, idArray);
        Map<String, List<Facets.Count>> facets = new HashMap<>();
        jdbc.query(sql, rs -> {
            facets.computeIfAbsent(rs.getString(1), f -> new ArrayList<>()).add(new Facets.Count(rs.getString(2), rs.getLong(3)));
        }, idArray);
        return facets;
    }

    /** The facets' sample: matches whose id hashes below {@code SAMPLE_HASH_RANGE / k}. */
    private static final long SAMPLE_HASH_RANGE = 1L << 32;

    /**
     * Fibonacci hashing of a content id into [0, 2^32): consecutive ids (one pack's files) spread evenly. The same
     * arithmetic in SQL ({@link #SAMPLE_HASH_SQL}) never overflows a bigint.
     */
    static long sampleHash(long id) {
        return ((id & 0x7FFFFFFFL) * 2654435769L) & 0xFFFFFFFFL;
    }

    static final String SAMPLE_HASH_SQL = "((m.id % 2147483648) * 2654435769 % 4294967296)";

    private static long samplingRate(long total, int sampleAbove) {
        return Math.max(1, (total + sampleAbove - 1) / sampleAbove);
    }

    /** The exact total, and the ids of the matches in the sample of rate k (at most 20 samples' worth: capped). */
    private record SamplePass(long total, long[] ids, boolean capped) {
    }

    private SamplePass samplePass(String matches, List<Object> whereArgs, long k, int sampleAbove) {
        int cap = 20 * sampleAbove;
        List<Object> args = new ArrayList<>();
        args.add(SAMPLE_HASH_RANGE / k);   // first: the FILTER comes before the matches in the statement
        args.add(cap);
        args.addAll(whereArgs);
        String sql = "SELECT count(*), (array_agg(m.id ORDER BY m.id) FILTER (WHERE " + SAMPLE_HASH_SQL + " < ?))[1:?]"
                + " FROM (" + matches + ") m";
        explain(sql, args.toArray());
        return jdbc.queryForObject(sql, (rs, i) -> {
            Array ids = rs.getArray(2);
            long[] sample = ids == null ? new long[0]
                    : Arrays.stream((Object[]) ids.getArray()).mapToLong(v -> ((Number) v).longValue()).toArray();
            return new SamplePass(rs.getLong(1), sample, sample.length >= cap);
        }, args.toArray());
    }

    private static final JsonMapper PLAN_READER = JsonMapper.builder().build();

    /** PostgreSQL's estimate of how many rows a statement returns (its plan's top row count; planning only). */
    private long estimatedRows(String sql, List<Object> args) {
        String plan = jdbc.queryForObject("EXPLAIN (FORMAT JSON) " + sql, String.class, args.toArray());
        double rows = PLAN_READER.readTree(plan).path(0).path("Plan").path("Plan Rows").asDouble(0);
        return (long) Math.min(Long.MAX_VALUE / 2, rows);
    }

    /** Counts made on a sample, scaled to the whole match (never above it). */
    private static List<Facets.Count> scaled(List<Facets.Count> counts, long total, long sampled) {
        if (counts == null) {
            return List.of();
        }
        if (sampled >= total || sampled == 0) {
            return counts;
        }
        return counts.stream().map(c -> new Facets.Count(c.value(), Math.min(total, Math.round(c.count() * (double) total / sampled))))
                .toList();
    }

    /**
     * The search page's count: the facets of the first {@code sample} matches the plan finds. {@link #count(Query)}
     * reads every match once for its exact total (up to a second for a common word at a million files); a page that
     * must answer at once stops after the sample instead. {@link Facets#total} is then at most {@code sample + 1}:
     * more than {@code sample} says the facets are of a sample.
     */
    public Facets countFirst(Query query, int sample) {
        if (sample < 1) {
            throw new IllegalArgumentException("sample " + sample);
        }
        QuerySql.Where where = QuerySql.where(query, this::prefix);
        List<Object> args = new ArrayList<>(where.args());
        args.add(sample + 1);   // one row past the sample tells that there are more
        return readOnly.execute(status -> {
            // as for a page: starting parallel workers costs more than a sample saves
            jdbc.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            planSettings();
            QuerySql.Source source = QuerySql.source(query);
            String sql = "SELECT " + source.id() + " FROM " + source.from() + " WHERE " + where.sql() + " LIMIT ?";
            explain(sql, args.toArray());
            long[] found = jdbc.queryForList(sql, Long.class, args.toArray()).stream().mapToLong(Long::longValue).toArray();
            long[] ids = Arrays.copyOf(found, Math.min(found.length, sample));
            Map<String, List<Facets.Count>> facets = facetsOf(ids);
            return new Facets(found.length, ids.length, facets.getOrDefault("key", List.of()),
                    facets.getOrDefault("tempo", List.of()), facets.getOrDefault("meter", List.of()),
                    facets.getOrDefault("instrument", List.of()), facets.getOrDefault("tag", List.of()));
        });
    }

    /** Every match, page by page in the given order (memory stays one page). */
    public void forEachMatch(Query query, Sort sort, Consumer<SearchRow> each) {
        Cursor after = null;
        do {
            SearchPage page = search(query, sort, STREAM_PAGE, after);
            page.rows().forEach(each);
            after = page.next();
        } while (after != null);
    }

    /** The id of every match, ascending, read in keyset batches (cheaper than rows when only ids are needed). */
    public void forEachMatchingId(Query query, LongConsumer each) {
        QuerySql.Where where = QuerySql.where(query, this::prefix);
        long after = 0;
        while (true) {
            List<Object> args = new ArrayList<>(where.args());
            args.add(after);
            args.add(STREAM_PAGE * 5);
            List<Long> ids = jdbc.queryForList("SELECT c.id FROM " + QuerySql.FROM + " WHERE " + where.sql()
                    + " AND c.id > ? ORDER BY c.id LIMIT ?", Long.class, args.toArray());
            ids.forEach(each::accept);
            if (ids.size() < STREAM_PAGE * 5) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    /** The rows of these contents, in the order given (ids not in the library are left out). */
    public List<SearchRow> rows(long... ids) {
        if (ids.length == 0) {
            return List.of();
        }
        Map<Long, SearchRow> byId = new HashMap<>();
        select("""
                SELECT c.id, c.canonical_path, c.size, encode(c.blake3, 'hex') AS blake3, c.pack, c.analysis_status,
                       c.analyzed_at, c.first_seen, a.key_index, a.key_name, a.bpm, a.time_signature, a.duration_bars,
                       a.duration_seconds, a.note_count, a.track_count, a.has_drums, a.drums_only,
                       (SELECT count(*) FROM location l WHERE l.content_id = c.id AND l.moved_to IS NULL AND l.missing_since IS NULL) AS paths,
                       a.instrument_families AS families, a.tags
                FROM content c LEFT JOIN analysis a ON a.content_id = c.id WHERE c.id = ANY(?)""", (rs, i) -> row(rs),
                (Object) Arrays.stream(ids).boxed().toArray(Long[]::new)).forEach(r -> byId.put(r.id(), r));
        List<SearchRow> rows = new ArrayList<>(ids.length);
        for (long id : ids) {
            SearchRow row = byId.get(id);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Everything known about one content. */
    public Optional<FileDetails> show(long contentId) {
        List<FileDetails> found = jdbc.query("""
                SELECT id, encode(blake3, 'hex') AS blake3, size, smf_format, declared_tracks, division, rmid,
                       canonical_path, name_bpm, name_key, name_genres, name_roles, pack, first_seen, first_import_id,
                       analyzed_at, analysis_version, analysis_status
                FROM content WHERE id = ?""", (rs, i) -> details(rs), contentId);
        return found.stream().findFirst();
    }

    /** Everything known about the content a path holds (the path exactly as stored). */
    public Optional<FileDetails> show(String path) {
        List<Long> ids = jdbc.queryForList("SELECT content_id FROM location WHERE path = ?", Long.class, path);
        return ids.isEmpty() ? Optional.empty() : show(ids.get(0));
    }

    private record Hit(long id, int section, String value) {
    }

    private final ThreadLocal<List<String>> plans = new ThreadLocal<>();

    /**
     * Runs {@code action} (searches and counts on this thread) and returns the plans PostgreSQL chose for their
     * queries (EXPLAIN ANALYZE, so each query runs twice): how the benchmark checks that no page scans the library.
     */
    public List<String> explain(Runnable action) {
        List<String> collected = new ArrayList<>();
        plans.set(collected);
        try {
            action.run();
        } finally {
            plans.remove();
        }
        return collected;
    }

    private <T> List<T> select(String sql, org.springframework.jdbc.core.RowMapper<T> mapper, Object... args) {
        explain(sql, args);
        return jdbc.query(sql, mapper, args);
    }

    private void explain(String sql, Object... args) {
        List<String> collected = plans.get();
        if (collected != null) {
            collected.add(String.join("\n", jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + sql, String.class, args)));
        }
    }

    private List<Hit> hits(Query query, Sort order, QuerySql.Where where, int n, Cursor after) {
        List<Object> args = new ArrayList<>(where.args());
        String base = " FROM " + QuerySql.FROM + " WHERE " + where.sql();
        switch (order) {
            case PATH -> {
                // a search row carries its content's first path, so a query on search rows alone pages in path order
                // without probing a content per row it walks past
                QuerySql.Source source = QuerySql.source(query);
                String keyset = "";
                if (after != null) {
                    keyset = " AND (" + source.path() + ", " + source.id() + ") > (?, ?)";
                    args.add(after.value());
                    args.add(after.id());
                }
                args.add(n);
                return select("SELECT " + source.id() + ", " + source.path() + " FROM " + source.from() + " WHERE "
                        + where.sql() + keyset + " ORDER BY " + source.path() + ", " + source.id() + " LIMIT ?",
                        (rs, i) -> new Hit(rs.getLong(1), 0, rs.getString(2)), args.toArray());
            }
            case RECENT -> {
                String keyset = "";
                if (after != null) {
                    keyset = " AND c.id < ?";
                    args.add(after.id());
                }
                args.add(n);
                return select("SELECT c.id" + base + keyset + " ORDER BY c.id DESC LIMIT ?",
                        (rs, i) -> new Hit(rs.getLong(1), 0, null), args.toArray());
            }
            case RELEVANCE -> {
                return byRelevance(query, where, n, after);
            }
            default -> {
                return sortedByAnalysis(order, base, where, n, after);
            }
        }
    }

    /**
     * Best match first, as two sections each in path order: contents whose own file name (the last part of their
     * first path) holds every word (section 0), then those holding the words only elsewhere: folders, other paths,
     * track names, markers (section 1). Paged by keyset on (path, id) within a section, so page 20 costs what page 1
     * does; ranking every match by ts_rank (the former order) took seconds a page for a common word.
     */
    private List<Hit> byRelevance(Query query, QuerySql.Where where, int n, Cursor after) {
        QuerySql.Source source = QuerySql.source(query);
        String path = source.path();
        List<Hit> hits = new ArrayList<>();
        for (int section = after == null ? 0 : after.section(); section <= 1 && hits.size() < n; section++) {
            List<Object> args = new ArrayList<>(where.args());
            String nameMatch = QuerySql.nameMatch(query, args);
            String keyset = "";
            if (after != null && after.section() == section) {
                keyset = " AND (" + path + ", " + source.id() + ") > (?, ?)";
                args.add(after.value());
                args.add(after.id());
            }
            args.add(n - hits.size());
            int inSection = section;
            hits.addAll(select("SELECT " + source.id() + ", " + path + " FROM " + source.from() + " WHERE " + where.sql()
                    + " AND " + nameMatch + (section == 0 ? "" : " IS NOT TRUE") + keyset + " ORDER BY " + path + ", "
                    + source.id() + " LIMIT ?", (rs, i) -> new Hit(rs.getLong(1), inSection, rs.getString(2)),
                    args.toArray()));
        }
        return hits;
    }

    /**
     * Sorted by an analysis value: section 0 holds the rows that have one (keyset on the value and id, served by
     * the (value, content_id) indexes), section 1 the rest (no value, or not analysed) by id.
     */
    private List<Hit> sortedByAnalysis(Sort order, String base, QuerySql.Where where, int n, Cursor after) {
        String column = switch (order) {
            case BPM -> "a.bpm";
            case KEY -> "a.key_index";
            default -> "a.duration_seconds";
        };
        List<Hit> hits = new ArrayList<>();
        if (after == null || after.section() == 0) {
            List<Object> args = new ArrayList<>(where.args());
            String keyset = "";
            if (after != null) {
                keyset = " AND (" + column + ", a.content_id) > (?, ?)";
                args.add(sortValue(order, after.value()));
                args.add(after.id());
            }
            args.add(n);
            hits.addAll(select("SELECT a.content_id, " + column + base + " AND " + column + " IS NOT NULL" + keyset
                    + " ORDER BY " + column + ", a.content_id LIMIT ?", (rs, i) -> new Hit(rs.getLong(1), 0,
                    rs.getString(2)), args.toArray()));
        }
        if (hits.size() < n) {
            List<Object> args = new ArrayList<>(where.args());
            String keyset = "";
            if (after != null && after.section() == 1) {
                keyset = " AND c.id > ?";
                args.add(after.id());
            }
            args.add(n - hits.size());
            hits.addAll(select("SELECT c.id" + base + " AND (a.content_id IS NULL OR " + column + " IS NULL)" + keyset
                    + " ORDER BY c.id LIMIT ?", (rs, i) -> new Hit(rs.getLong(1), 1, null), args.toArray()));
        }
        return hits;
    }

    /** A cursor's value as the column's own type, so the keyset compares exactly what was read. */
    private static Object sortValue(Sort order, String value) {
        try {
            return switch (order) {
                case BPM -> Float.parseFloat(value);
                case KEY -> Integer.parseInt(value);
                default -> Double.parseDouble(value);
            };
        } catch (RuntimeException e) {
            throw new OperatorException("--after takes the cursor printed at the end of a page, not this one");
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
    private void planSettings() {
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

    private static SearchRow row(ResultSet rs) throws SQLException {
        int keyIndex = rs.getInt("key_index");
        boolean hasKey = !rs.wasNull();
        return new SearchRow(rs.getLong("id"), rs.getString("canonical_path"), Math.max(0, rs.getInt("paths") - 1),
                status(rs.getString("analysis_status"), rs.getObject("analyzed_at")), rs.getString("key_name"),
                hasKey ? Camelot.code(keyIndex) : null, nullableDouble(rs, "bpm"), rs.getString("time_signature"),
                nullableDouble(rs, "duration_bars"), nullableDouble(rs, "duration_seconds"),
                (Integer) rs.getObject("note_count"), (Integer) rs.getObject("track_count"),
                (Boolean) rs.getObject("has_drums"), (Boolean) rs.getObject("drums_only"), strings(rs.getArray("families")),
                strings(rs.getArray("tags")), rs.getString("pack"), rs.getLong("size"), rs.getString("blake3"),
                rs.getObject("first_seen", OffsetDateTime.class));
    }

    static String status(String analysisStatus, Object analyzedAt) {
        return analyzedAt == null || analysisStatus == null ? "pending" : analysisStatus;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    /** Analysis columns that {@link FileDetails} lists as instruments and tags rather than among the analysis values. */
    private static final Set<String> SHOWN_APART = Set.of("tags", "instrument_families", "instruments");

    private FileDetails details(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        FileDetails.Header header = new FileDetails.Header((Integer) intOrNull(rs, "smf_format"),
                (Integer) rs.getObject("declared_tracks"), (Integer) rs.getObject("division"), rs.getBoolean("rmid"));
        FileDetails.Names names = new FileDetails.Names(rs.getString("canonical_path"), (Integer) rs.getObject("name_bpm"),
                rs.getString("name_key"), strings(rs.getArray("name_genres")), strings(rs.getArray("name_roles")),
                rs.getString("pack"));
        String blake3 = rs.getString("blake3");
        long size = rs.getLong("size");
        String status = status(rs.getString("analysis_status"), rs.getObject("analyzed_at"));
        Integer version = (Integer) rs.getObject("analysis_version");
        OffsetDateTime analyzedAt = rs.getObject("analyzed_at", OffsetDateTime.class);
        OffsetDateTime firstSeen = rs.getObject("first_seen", OffsetDateTime.class);
        long firstImport = rs.getLong("first_import_id");

        List<FileDetails.PathInfo> paths = jdbc.query("""
                SELECT path, size, mtime, first_seen, location_last_seen(path, last_seen, missing_since), import_execution_id FROM location
                WHERE content_id = ? ORDER BY path""", (r, i) -> new FileDetails.PathInfo(r.getString(1), r.getLong(2),
                r.getObject(3, OffsetDateTime.class), r.getObject(4, OffsetDateTime.class),
                r.getObject(5, OffsetDateTime.class), r.getLong(6), exists(r.getString(1))), id);
        Map<String, Object> analysis = new LinkedHashMap<>();
        String[] fingerprint = {null};
        jdbc.query("SELECT *, tempo_map::text AS tempo_map_text FROM analysis WHERE content_id = ?", r -> {
            ResultSetMetaData md = r.getMetaData();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                String name = md.getColumnLabel(c);
                if (name.equals("tempo_map") || name.equals("search_vector") || SHOWN_APART.contains(name)) {
                    continue;
                }
                Object value = r.getObject(c);
                if (value instanceof Array a) {
                    value = strings(a);
                } else if (value instanceof java.sql.Timestamp) {
                    value = r.getObject(c, OffsetDateTime.class);
                }
                analysis.put(name.equals("tempo_map_text") ? "tempo_map" : name, value);
            }
            fingerprint[0] = r.getString("note_fingerprint");
        }, id);
        List<FileDetails.Instrument> instruments = jdbc.query("""
                SELECT (i ->> 'channel')::int, (i ->> 'program')::int, i ->> 'name', i ->> 'family', (i ->> 'drums')::boolean,
                       (i ->> 'note_count')::int
                FROM analysis a, jsonb_array_elements(a.instruments) i WHERE a.content_id = ? ORDER BY 1, 2""",
                (r, i) -> new FileDetails.Instrument(r.getInt(1), r.getInt(2), r.getString(3), r.getString(4),
                        r.getBoolean(5), r.getInt(6)), id);
        // a tag came from the names when the content's names metadata holds it (the analysis tagged those first)
        List<Tag> tags = jdbc.query("""
                SELECT n.name, coalesce(t.category, ''),
                       CASE WHEN n.name = ANY(c.name_genres || c.name_roles) THEN 'name' ELSE 'content' END
                FROM analysis a JOIN content c ON c.id = a.content_id CROSS JOIN unnest(a.tags) n (name)
                     LEFT JOIN tag t ON t.name = n.name
                WHERE a.content_id = ? ORDER BY 2, 1""", (r, i) -> new Tag(r.getString(1),
                r.getString(2), r.getString(3)), id);
        List<FileDetails.ErrorInfo> errors = jdbc.query("""
                SELECT run_id, job_name, path, family, message, created_at FROM file_error WHERE content_id = ?
                ORDER BY id""", (r, i) -> new FileDetails.ErrorInfo(r.getLong(1), r.getString(2), r.getString(3),
                r.getString(4), r.getString(5), r.getObject(6, OffsetDateTime.class)), id);
        List<FileDetails.HistoryEntry> history = jdbc.query("""
                SELECT h.audit_id, h.changed_at, a.operator, a.reason, h.changes::text FROM content_history h
                JOIN audit a ON a.id = h.audit_id WHERE h.content_id = ? ORDER BY h.id""",
                (r, i) -> new FileDetails.HistoryEntry(r.getLong(1), r.getObject(2, OffsetDateTime.class), r.getString(3),
                        r.getString(4), r.getString(5)), id);
        List<FileDetails.NearDuplicate> near = List.of();
        long nearCount = 0;
        if (fingerprint[0] != null && !fingerprint[0].isEmpty()) {
            near = jdbc.query("""
                    SELECT c.id, c.canonical_path FROM analysis a JOIN content c ON c.id = a.content_id
                    WHERE a.note_fingerprint = ? AND a.content_id <> ? ORDER BY c.id LIMIT ?""",
                    (r, i) -> new FileDetails.NearDuplicate(r.getLong(1), r.getString(2)), fingerprint[0], id,
                    FileDetails.NEAR_DUPLICATE_LIMIT);
            nearCount = near.size() < FileDetails.NEAR_DUPLICATE_LIMIT ? near.size() : jdbc.queryForObject(
                    "SELECT count(*) FROM analysis WHERE note_fingerprint = ? AND content_id <> ?", Long.class,
                    fingerprint[0], id);
        }
        return new FileDetails(id, blake3, size, status, version, analyzedAt, firstSeen, firstImport, header, names, paths,
                analysis, instruments, tags, errors, history, near, nearCount);
    }

    private static Object intOrNull(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v instanceof Number n ? n.intValue() : null;
    }

    /** Whether a stored path still exists: the file, or for an archive entry its outermost archive. */
    static boolean exists(String path) {
        int entry = path.indexOf(LibraryPath.ARCHIVE_SEPARATOR);
        String file = entry < 0 ? path : path.substring(0, entry);
        try {
            return Files.exists(Path.of(file));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
