package io.midicrate.query;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many contents a query matches and the top values of the facets (key, tempo, meter, instrument, tag, progression) among
 * them: exact totals, and facets counted on a reproducible sample above {@link Facets#SAMPLE} matches.
 */
@Component
public class FacetCounts {

    private final JdbcTemplate jdbc;
    private final QueryExecution exec;

    public FacetCounts(JdbcTemplate jdbc, QueryExecution exec) {
        this.jdbc = jdbc;
        this.exec = exec;
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
        QuerySql.Where where = QuerySql.where(query, exec::prefix);
        return exec.readOnly().execute(status -> {
            exec.planSettings();
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
                    scaled(facets.get("tag"), total, n), scaled(facets.get("kept"), total, n),
                    scaled(facets.get("crate"), total, n), scaled(facets.get("utag"), total, n),
                    scaled(facets.get("progression"), total, n));
        });
    }

    /**
     * The top values of each facet among these contents, by facet name (key, tempo, meter, instrument, tag, and the
     * user's: kept, crate, utag); the
     * tempo bands (at most nine, all listed) slowest first, the others most frequent first. The ids are one bound
     * array, so the planner knows how few they are and looks each one up by its key.
     */
    private Map<String, List<Facets.Count>> facetsOf(long[] ids) {
        String sql = """
                WITH s AS MATERIALIZED (SELECT unnest(?::bigint[]) AS id),
                     sa AS MATERIALIZED (SELECT a.key_name, a.bpm, a.time_signature, a.instrument_families, a.tags,
                                                a.progression_numerals
                                         FROM s JOIN search_row a ON a.content_id = s.id)
                (SELECT 'key' AS facet, key_name AS value, count(*) AS n FROM sa WHERE key_name IS NOT NULL
                 GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'tempo', CASE WHEN bpm < 60 THEN 'bpm-under-60' WHEN bpm >= 200 THEN 'bpm-200-plus'
                                  ELSE 'bpm-' || (floor(bpm / 20) * 20)::int || '-' || (floor(bpm / 20) * 20 + 19)::int END,
                                  count(*) FROM sa WHERE bpm IS NOT NULL GROUP BY 2 ORDER BY min(bpm) LIMIT %d)
                UNION ALL (SELECT 'meter', time_signature, count(*) FROM sa WHERE time_signature IS NOT NULL
                           GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'instrument', f.family, count(*) FROM sa, unnest(sa.instrument_families) f (family)
                           GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'tag', t.name, count(*) FROM sa, unnest(sa.tags) n (name) JOIN tag t ON t.name = n.name
                           WHERE t.category NOT IN ('key', 'meter', 'tempo', 'instrument')
                           GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'kept', 'fav:yes', count(*) FROM s JOIN content c ON c.id = s.id
                           JOIN favourite f ON f.blake3 = c.blake3 HAVING count(*) > 0)
                UNION ALL (SELECT 'kept', 'rating:' || r.rating, count(*) FROM s JOIN content c ON c.id = s.id
                           JOIN rating r ON r.blake3 = c.blake3 GROUP BY r.rating ORDER BY r.rating DESC)
                UNION ALL (SELECT 'crate', k.name, count(*) FROM s JOIN content c ON c.id = s.id
                           JOIN crate_member m ON m.blake3 = c.blake3 JOIN crate k ON k.id = m.crate_id
                           GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'utag', u.tag, count(*) FROM s JOIN content c ON c.id = s.id
                           JOIN user_tag u ON u.blake3 = c.blake3 GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)
                UNION ALL (SELECT 'progression', progression_numerals, count(*) FROM sa
                           WHERE progression_numerals IS NOT NULL GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT %d)"""
                .formatted(Facets.TOP, Facets.TOP, Facets.TOP, Facets.TOP, Facets.TOP, Facets.TOP, Facets.TOP,
                        Facets.TOP);
        Object idArray = Arrays.stream(ids).boxed().toArray(Long[]::new);
        exec.record(sql, idArray);
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
        exec.record(sql, args.toArray());
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
        QuerySql.Where where = QuerySql.where(query, exec::prefix);
        List<Object> args = new ArrayList<>(where.args());
        args.add(sample + 1);   // one row past the sample tells that there are more
        return exec.readOnly().execute(status -> {
            // as for a page: starting parallel workers costs more than a sample saves
            jdbc.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            exec.planSettings();
            QuerySql.Source source = QuerySql.source(query);
            String sql = "SELECT " + source.id() + " FROM " + source.from() + " WHERE " + where.sql() + " LIMIT ?";
            exec.record(sql, args.toArray());
            long[] found = jdbc.queryForList(sql, Long.class, args.toArray()).stream().mapToLong(Long::longValue).toArray();
            long[] ids = Arrays.copyOf(found, Math.min(found.length, sample));
            Map<String, List<Facets.Count>> facets = facetsOf(ids);
            return new Facets(found.length, ids.length, facets.getOrDefault("key", List.of()),
                    facets.getOrDefault("tempo", List.of()), facets.getOrDefault("meter", List.of()),
                    facets.getOrDefault("instrument", List.of()), facets.getOrDefault("tag", List.of()),
                    facets.getOrDefault("kept", List.of()), facets.getOrDefault("crate", List.of()),
                    facets.getOrDefault("utag", List.of()), facets.getOrDefault("progression", List.of()));
        });
    }
}
