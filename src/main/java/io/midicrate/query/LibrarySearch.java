package io.midicrate.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

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
    private final QueryExecution exec;

    public LibrarySearch(JdbcTemplate jdbc, QueryExecution exec) {
        this.jdbc = jdbc;
        this.exec = exec;
    }

    /** The order actually used: relevance needs words, and a query without any sorts by path instead. */
    public static Sort effectiveSort(Query query, Sort sort) {
        if (sort == null) {
            return Sort.defaultFor(query);
        }
        if (sort == Sort.SIMILAR && query.like() == null) {
            return Sort.PATH;
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
        return search(query, sort, limit, after, ShownPath.MATCHING);
    }

    /** One page of matches, each row showing the path {@code shown} picks. */
    public SearchPage search(Query query, Sort sort, int limit, Cursor after, ShownPath shown) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new SearchOptionException("{limit} must be between 1 and " + MAX_LIMIT);
        }
        Sort order = effectiveSort(query, sort);
        if (after != null && after.sort() != order) {
            throw new SearchOptionException("this {after} cursor belongs to {sort} "
                    + after.sort().name().toLowerCase(Locale.ROOT)
                    + ", not " + order.name().toLowerCase(Locale.ROOT));
        }
        requireSound(query);
        QuerySql.Where where = QuerySql.where(query, exec::prefix);
        // one snapshot for the page's ids and their rows; no parallel workers: starting them costs more than a
        // page (LIMIT 51) saves, and on a busy machine much more
        return exec.readOnly().execute(status -> {
            IdPage page = idPage(query, order, where, limit, after);
            return new SearchPage(rows(query, shown, page.ids()), page.next());
        });
    }

    /**
     * A like: term names a file that has a sound profile: otherwise nothing is near it, and the user is told why
     * rather than shown no matches.
     */
    private void requireSound(Query query) {
        Query.Like like = query.like();
        if (like == null) {
            return;
        }
        String status = exec.select("SELECT CASE WHEN EXISTS (SELECT 1 FROM sound_summary WHERE content_id = c.id)"
                + " THEN 'profiled' ELSE coalesce(c.analysis_status, 'pending') END FROM content c WHERE c.id = ?",
                (rs, i) -> rs.getString(1), like.contentId()).stream().findFirst().orElse(null);
        if (status == null) {
            throw new QuerySyntaxException(like.source(), "the id of a file in the library (no file " + like.contentId() + ")");
        }
        if (!status.equals("profiled")) {
            throw new QuerySyntaxException(like.source(), "a file analysed by this version (file " + like.contentId()
                    + " is " + (status.equals("failed") ? "unreadable" : "not analysed yet, or by an older version: run"
                    + " analyze, or reprocess") + ")");
        }
    }

    /** One page's ids in order, and the cursor of the next page (null on the last). */
    private record IdPage(long[] ids, Cursor next) {
    }

    /** Runs inside the caller's read-only transaction. */
    private IdPage idPage(Query query, Sort order, QuerySql.Where where, int limit, Cursor after) {
        jdbc.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        exec.planSettings();
        List<Hit> hits = hits(query, order, where, limit + 1, after);
        Cursor next = null;
        if (hits.size() > limit) {
            hits = hits.subList(0, limit);
            Hit last = hits.get(limit - 1);
            next = new Cursor(order, last.section(), last.value(), last.id());
        }
        return new IdPage(hits.stream().mapToLong(Hit::id).toArray(), next);
    }

    /**
     * The id of every match in the query's order (a crate keeps the order its files were added in), paged by keyset
     * as {@link #search} pages, without reading the rows.
     */
    public void forEachMatchingId(Query query, Sort sort, LongConsumer each) {
        Sort order = effectiveSort(query, sort);
        QuerySql.Where where = QuerySql.where(query, exec::prefix);
        Cursor after = null;
        do {
            Cursor from = after;
            IdPage page = exec.readOnly().execute(status -> idPage(query, order, where, STREAM_PAGE * 5, from));
            Arrays.stream(page.ids()).forEach(each);
            after = page.next();
        } while (after != null);
    }

    /** Every match, page by page in the given order (memory stays one page). */
    public void forEachMatch(Query query, Sort sort, Consumer<SearchRow> each) {
        forEachMatch(query, sort, ShownPath.MATCHING, each);
    }

    /** Every match, page by page in the given order, each row showing the path {@code shown} picks. */
    public void forEachMatch(Query query, Sort sort, ShownPath shown, Consumer<SearchRow> each) {
        Cursor after = null;
        do {
            SearchPage page = search(query, sort, STREAM_PAGE, after, shown);
            page.rows().forEach(each);
            after = page.next();
        } while (after != null);
    }

    /** The id of every match, ascending, read in keyset batches (cheaper than rows when only ids are needed). */
    public void forEachMatchingId(Query query, LongConsumer each) {
        QuerySql.Where where = QuerySql.where(query, exec::prefix);
        forEachId("SELECT c.id FROM " + QuerySql.FROM + " WHERE " + where.sql() + " AND c.id > ? ORDER BY c.id LIMIT ?",
                where.args(), each);
    }

    /**
     * Every live copy (location id) the query matches, in id order: its path terms test the copy's own path, its
     * other terms the content the copy holds. What {@code dupes QUERY} limits itself to.
     */
    public void forEachMatchingCopy(Query query, LongConsumer each) {
        QuerySql.Where where = QuerySql.copyWhere(query, exec::prefix);
        forEachId("SELECT copy.id FROM " + QuerySql.FROM + " JOIN location copy ON copy.content_id = c.id"
                + " WHERE copy.moved_to IS NULL AND copy.missing_since IS NULL AND " + where.sql()
                + " AND copy.id > ? ORDER BY copy.id LIMIT ?", where.args(), each);
    }

    /** Runs a keyset-paged id query (its last two parameters: the id to start after, the page size) to the end. */
    private void forEachId(String sql, List<Object> whereArgs, LongConsumer each) {
        long after = 0;
        while (true) {
            List<Object> args = new ArrayList<>(whereArgs);
            args.add(after);
            args.add(STREAM_PAGE * 5);
            List<Long> ids = jdbc.queryForList(sql, Long.class, args.toArray());
            ids.forEach(each::accept);
            if (ids.size() < STREAM_PAGE * 5) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    /** The rows of these contents, each showing its first path, in the order given (ids not in the library are left out). */
    public List<SearchRow> rows(long... ids) {
        return rows(Query.all(), ShownPath.MATCHING, ids);
    }

    private List<SearchRow> rows(Query query, ShownPath shown, long... ids) {
        if (ids.length == 0) {
            return List.of();
        }
        Map<Long, SearchRow> byId = new HashMap<>();
        List<Object> args = new ArrayList<>();
        String path = QuerySql.shownPath(query, shown, args);
        args.add(Arrays.stream(ids).boxed().toArray(Long[]::new));
        exec.select("SELECT c.id, " + path + " AS path, " + """
                c.size, encode(c.blake3, 'hex') AS blake3, c.pack, c.analysis_status,
                       c.analyzed_at, c.first_seen, a.key_index, a.key_name, a.bpm, a.time_signature, a.duration_bars,
                       a.duration_seconds, a.note_count, a.track_count, a.has_drums, a.drums_only,
                       (SELECT count(*) FROM location l WHERE l.content_id = c.id AND l.moved_to IS NULL AND l.missing_since IS NULL) AS paths,
                       a.instrument_families AS families, a.tags, a.progression, a.progression_numerals,
                       EXISTS (SELECT 1 FROM favourite f WHERE f.blake3 = c.blake3) AS favourite,
                       (SELECT r.rating FROM rating r WHERE r.blake3 = c.blake3) AS rating,
                       ARRAY(SELECT t.tag FROM user_tag t WHERE t.blake3 = c.blake3 ORDER BY t.tag) AS user_tags
                FROM content c LEFT JOIN analysis a ON a.content_id = c.id WHERE c.id = ANY(?)""", (rs, i) -> row(rs),
                args.toArray()).forEach(r -> byId.put(r.id(), r));
        if (query.like() != null) {
            Similarities.explain(exec, query.like().contentId(), byId);
        }
        List<SearchRow> rows = new ArrayList<>(ids.length);
        for (long id : ids) {
            SearchRow row = byId.get(id);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private record Hit(long id, int section, String value) {
    }

    /**
     * Runs {@code action} (searches and counts on this thread) and returns the plans PostgreSQL chose for their
     * queries (EXPLAIN ANALYZE, so each query runs twice): how the benchmark checks that no page scans the library.
     */
    public List<String> explain(Runnable action) {
        return exec.explain(action);
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
                return exec.select("SELECT " + source.id() + ", " + source.path() + " FROM " + source.from() + " WHERE "
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
                return exec.select("SELECT c.id" + base + keyset + " ORDER BY c.id DESC LIMIT ?",
                        (rs, i) -> new Hit(rs.getLong(1), 0, null), args.toArray());
            }
            case RELEVANCE -> {
                return byRelevance(query, where, n, after);
            }
            case SIMILAR -> {
                return bySimilarity(query, where, n, after);
            }
            case RATING -> {
                return byRating(where, n, after);
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
            hits.addAll(exec.select("SELECT " + source.id() + ", " + path + " FROM " + source.from() + " WHERE " + where.sql()
                    + " AND " + nameMatch + (section == 0 ? "" : " IS NOT TRUE") + keyset + " ORDER BY " + path + ", "
                    + source.id() + " LIMIT ?", (rs, i) -> new Hit(rs.getLong(1), inSection, rs.getString(2)),
                    args.toArray()));
        }
        return hits;
    }

    /**
     * Nearest first by the whole sound vector (the like: term has kept the nearest by summary), keyset on the distance
     * and id: the distance is recomputed by the same expression, so the cursor compares exactly what was read.
     */
    private List<Hit> bySimilarity(Query query, QuerySql.Where where, int n, Cursor after) {
        QuerySql.Source source = QuerySql.source(query);
        List<Object> args = new ArrayList<>();
        args.add(query.like().contentId());
        args.addAll(where.args());
        String distance = "(v.sound_vector <-> target.sound_vector)";
        String keyset = "";
        if (after != null) {
            keyset = " AND (" + distance + ", " + source.id() + ") > (?, ?)";
            args.add(sortValue(Sort.SIMILAR, after.value()));
            args.add(after.id());
        }
        args.add(n);
        return exec.select("SELECT " + source.id() + ", " + distance + " FROM " + source.from()
                + " JOIN analysis v ON v.content_id = " + source.id()
                + " CROSS JOIN (SELECT sound_vector FROM analysis WHERE content_id = ?) target WHERE " + where.sql()
                + keyset + " ORDER BY " + distance + ", " + source.id() + " LIMIT ?",
                (rs, i) -> new Hit(rs.getLong(1), 0, rs.getString(2)), args.toArray());
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
            hits.addAll(exec.select("SELECT a.content_id, " + column + base + " AND " + column + " IS NOT NULL" + keyset
                    + " ORDER BY " + column + ", a.content_id LIMIT ?", (rs, i) -> new Hit(rs.getLong(1), 0,
                    rs.getString(2)), args.toArray()));
        }
        if (hits.size() < n) {
            hits.addAll(withoutValue(where, "(a.content_id IS NULL OR " + column + " IS NULL)", n - hits.size(), after));
        }
        return hits;
    }

    /** Section 1 of a sort by a value: the matches without one ({@code condition}), by id, after the cursor's. */
    private List<Hit> withoutValue(QuerySql.Where where, String condition, int n, Cursor after) {
        List<Object> args = new ArrayList<>(where.args());
        String keyset = "";
        if (after != null && after.section() == 1) {
            keyset = " AND c.id > ?";
            args.add(after.id());
        }
        args.add(n);
        return exec.select("SELECT c.id FROM " + QuerySql.FROM + " WHERE " + where.sql() + " AND " + condition + keyset
                + " ORDER BY c.id LIMIT ?", (rs, i) -> new Hit(rs.getLong(1), 1, null), args.toArray());
    }

    /**
     * Best rated first: section 0 the rated matches by rating descending, then id (a rating is a row keyed by the
     * content's BLAKE3, V25); section 1 the unrated ones by id.
     */
    private List<Hit> byRating(QuerySql.Where where, int n, Cursor after) {
        List<Hit> hits = new ArrayList<>();
        if (after == null || after.section() == 0) {
            List<Object> args = new ArrayList<>(where.args());
            String keyset = "";
            if (after != null) {
                keyset = " AND (-kept.rating, c.id) > (?, ?)";
                args.add(-ratingValue(after.value()));
                args.add(after.id());
            }
            args.add(n);
            hits.addAll(exec.select("SELECT c.id, kept.rating FROM " + QuerySql.FROM
                    + " JOIN rating kept ON kept.blake3 = c.blake3 WHERE " + where.sql() + keyset
                    + " ORDER BY kept.rating DESC, c.id LIMIT ?", (rs, i) -> new Hit(rs.getLong(1), 0, rs.getString(2)),
                    args.toArray()));
        }
        if (hits.size() < n) {
            hits.addAll(withoutValue(where, "NOT EXISTS (SELECT 1 FROM rating kept WHERE kept.blake3 = c.blake3)",
                    n - hits.size(), after));
        }
        return hits;
    }

    private static int ratingValue(String value) {
        try {
            return Integer.parseInt(value);
        } catch (RuntimeException e) {
            throw new SearchOptionException("{after} takes the cursor printed at the end of a page, not this one");
        }
    }

    /** A cursor's value as the column's own type, so the keyset compares exactly what was read. */
    private static Object sortValue(Sort order, String value) {
        try {
            return switch (order) {
                case BPM -> Float.parseFloat(value);
                case KEY -> Integer.parseInt(value);
                default -> Double.parseDouble(value); // duration, and similar's distance
            };
        } catch (RuntimeException e) {
            throw new SearchOptionException("{after} takes the cursor printed at the end of a page, not this one");
        }
    }

    private static SearchRow row(ResultSet rs) throws SQLException {
        int keyIndex = rs.getInt("key_index");
        boolean hasKey = !rs.wasNull();
        return new SearchRow(rs.getLong("id"), rs.getString("path"), Math.max(0, rs.getInt("paths") - 1),
                Columns.status(rs.getString("analysis_status"), rs.getObject("analyzed_at")), rs.getString("key_name"),
                hasKey ? Camelot.code(keyIndex) : null, Columns.nullableDouble(rs, "bpm"), rs.getString("time_signature"),
                Columns.nullableDouble(rs, "duration_bars"), Columns.nullableDouble(rs, "duration_seconds"),
                (Integer) rs.getObject("note_count"), (Integer) rs.getObject("track_count"),
                (Boolean) rs.getObject("has_drums"), (Boolean) rs.getObject("drums_only"), Columns.strings(rs.getArray("families")),
                Columns.strings(rs.getArray("tags")), rs.getString("pack"), rs.getLong("size"), rs.getString("blake3"),
                rs.getObject("first_seen", OffsetDateTime.class), rs.getBoolean("favourite"),
                (Integer) rs.getObject("rating"), Columns.strings(rs.getArray("user_tags")), rs.getString("progression"),
                rs.getString("progression_numerals"), null);
    }
}
