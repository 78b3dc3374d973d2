package io.midicrate.store.curation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.midicrate.common.OperatorException;

/**
 * What a user keeps (V25): stars, ratings, the user's own tags and crates, all keyed by the content's BLAKE3 so they
 * follow the bytes, whatever happens to the content's id, paths or analysis. The bulk writes take a batch of content
 * ids (a query's matches, read by the caller in batches) and answer how many rows they changed, so a command can say
 * how many were changed and how many already were so.
 */
@Repository
public class Curations {

    /** The star, rating, user tags and crates of one content. */
    public record OfContent(boolean favourite, Integer rating, List<String> tags, List<String> crates) {
        public OfContent {
            tags = List.copyOf(tags);
            crates = List.copyOf(crates);
        }
    }

    public record Crate(long id, String name, String note) {
    }

    /** A crate with its size, as {@code crate ls} lists it. */
    public record CrateSize(long id, String name, String note, long files) {
    }

    /**
     * One file of a crate, in the crate's order.
     *
     * @param contentId its content id, or null when no content holds these bytes any more
     * @param path      the content's first path, or null as for the id
     */
    public record Member(long position, String blake3, Long contentId, String path) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public Curations(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    private static Long[] boxed(long[] ids) {
        return Arrays.stream(ids).boxed().toArray(Long[]::new);
    }

    /** Which of these ids name a content, in the order given. */
    public List<Long> existing(long[] ids) {
        return jdbc.queryForList("""
                SELECT u.id FROM unnest(?::bigint[]) WITH ORDINALITY u (id, ord) WHERE EXISTS (SELECT 1 FROM content c
                WHERE c.id = u.id) ORDER BY u.ord""", Long.class, (Object) boxed(ids));
    }

    /** Stars these contents; answers how many were not starred before. */
    public int star(long[] ids) {
        return jdbc.update("""
                INSERT INTO favourite (blake3) SELECT blake3 FROM content WHERE id = ANY(?) ORDER BY blake3
                ON CONFLICT (blake3) DO NOTHING""", (Object) boxed(ids));
    }

    /** Takes the star off these contents; answers how many had one. */
    public int unstar(long[] ids) {
        return jdbc.update("DELETE FROM favourite WHERE blake3 IN (SELECT blake3 FROM content WHERE id = ANY(?))",
                (Object) boxed(ids));
    }

    /** Rates these contents 1..5; answers how many had another rating or none. */
    public int rate(long[] ids, int rating) {
        return jdbc.update("""
                INSERT INTO rating (blake3, rating) SELECT blake3, ? FROM content WHERE id = ANY(?) ORDER BY blake3
                ON CONFLICT (blake3) DO UPDATE SET rating = EXCLUDED.rating, rated_at = now()
                WHERE rating.rating <> EXCLUDED.rating""", rating, boxed(ids));
    }

    /** Removes the rating of these contents; answers how many had one. */
    public int clearRating(long[] ids) {
        return jdbc.update("DELETE FROM rating WHERE blake3 IN (SELECT blake3 FROM content WHERE id = ANY(?))",
                (Object) boxed(ids));
    }

    /** Gives these contents a user tag (a valid, lower-case word); answers how many did not have it. */
    public int addTag(long[] ids, String tag) {
        return jdbc.update("""
                INSERT INTO user_tag (blake3, tag) SELECT blake3, ? FROM content WHERE id = ANY(?) ORDER BY blake3
                ON CONFLICT (blake3, tag) DO NOTHING""", tag, boxed(ids));
    }

    /** Takes a user tag off these contents; answers how many had it. */
    public int removeTag(long[] ids, String tag) {
        return jdbc.update("DELETE FROM user_tag WHERE tag = ? AND blake3 IN (SELECT blake3 FROM content WHERE id = ANY(?))",
                tag, boxed(ids));
    }

    /** What the user keeps of one content. */
    public OfContent of(long contentId) {
        List<OfContent> found = jdbc.query("""
                SELECT EXISTS (SELECT 1 FROM favourite f WHERE f.blake3 = c.blake3),
                       (SELECT r.rating FROM rating r WHERE r.blake3 = c.blake3),
                       ARRAY(SELECT t.tag FROM user_tag t WHERE t.blake3 = c.blake3 ORDER BY t.tag),
                       ARRAY(SELECT k.name FROM crate_member m JOIN crate k ON k.id = m.crate_id
                             WHERE m.blake3 = c.blake3 ORDER BY lower(k.name))
                FROM content c WHERE c.id = ?""", (rs, i) -> new OfContent(rs.getBoolean(1),
                (Integer) rs.getObject(2), List.of((String[]) rs.getArray(3).getArray()),
                List.of((String[]) rs.getArray(4).getArray())), contentId);
        return found.isEmpty() ? new OfContent(false, null, List.of(), List.of()) : found.get(0);
    }

    /** What the user keeps of each of these contents (those with nothing kept are absent). */
    public Map<Long, OfContent> of(long[] contentIds) {
        Map<Long, OfContent> kept = new HashMap<>();
        jdbc.query("""
                SELECT c.id, EXISTS (SELECT 1 FROM favourite f WHERE f.blake3 = c.blake3),
                       (SELECT r.rating FROM rating r WHERE r.blake3 = c.blake3),
                       ARRAY(SELECT t.tag FROM user_tag t WHERE t.blake3 = c.blake3 ORDER BY t.tag),
                       ARRAY(SELECT k.name FROM crate_member m JOIN crate k ON k.id = m.crate_id
                             WHERE m.blake3 = c.blake3 ORDER BY lower(k.name))
                FROM content c WHERE c.id = ANY(?)""", rs -> {
            kept.put(rs.getLong(1), new OfContent(rs.getBoolean(2), (Integer) rs.getObject(3),
                    List.of((String[]) rs.getArray(4).getArray()), List.of((String[]) rs.getArray(5).getArray())));
        }, (Object) boxed(contentIds));
        return kept;
    }

    /** The crate with this id. */
    public Optional<Crate> crate(long id) {
        return jdbc.query("SELECT id, name, note FROM crate WHERE id = ?",
                (rs, i) -> new Crate(rs.getLong(1), rs.getString(2), rs.getString(3)), id).stream().findFirst();
    }

    /** The crate of this name, whatever its case. */
    public Optional<Crate> crate(String name) {
        return jdbc.query("SELECT id, name, note FROM crate WHERE lower(name) = lower(?)",
                (rs, i) -> new Crate(rs.getLong(1), rs.getString(2), rs.getString(3)), name).stream().findFirst();
    }

    /** The crate of this name, or an operator error saying there is none. */
    public Crate existingCrate(String name) {
        return crate(name).orElseThrow(() -> new OperatorException("no crate '" + name
                + "' ('midicrate crate ls' lists them; 'crate new NAME' makes one)"));
    }

    /** A new, empty crate; an operator error when one of this name (in any case) exists. */
    public Crate create(String name, String note) {
        crate(name).ifPresent(c -> {
            throw new OperatorException("a crate named '" + c.name() + "' exists already");
        });
        long id = jdbc.queryForObject("INSERT INTO crate (name, note) VALUES (?, ?) RETURNING id", Long.class, name,
                note == null ? "" : note);
        return new Crate(id, name, note == null ? "" : note);
    }

    public void rename(Crate crate, String name) {
        crate(name).filter(c -> c.id() != crate.id()).ifPresent(c -> {
            throw new OperatorException("a crate named '" + c.name() + "' exists already");
        });
        jdbc.update("UPDATE crate SET name = ? WHERE id = ?", name, crate.id());
    }

    public void setNote(Crate crate, String note) {
        jdbc.update("UPDATE crate SET note = ? WHERE id = ?", note, crate.id());
    }

    /** Deletes a crate and its list (never the files); answers how many files it held. */
    public long delete(Crate crate) {
        long files = size(crate);
        jdbc.update("DELETE FROM crate WHERE id = ?", crate.id());
        return files;
    }

    public long size(Crate crate) {
        return jdbc.queryForObject("SELECT count(*) FROM crate_member WHERE crate_id = ?", Long.class, crate.id());
    }

    public List<CrateSize> crates() {
        return jdbc.query("""
                SELECT k.id, k.name, k.note, (SELECT count(*) FROM crate_member m WHERE m.crate_id = k.id) FROM crate k
                ORDER BY lower(k.name)""", (rs, i) -> new CrateSize(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getLong(4)));
    }

    /** A crate's files in its order. */
    public List<Member> members(Crate crate) {
        return jdbc.query("""
                SELECT m.position, encode(m.blake3, 'hex'), c.id, c.canonical_path FROM crate_member m
                LEFT JOIN content c ON c.blake3 = m.blake3 WHERE m.crate_id = ? ORDER BY m.position, m.blake3""",
                (rs, i) -> new Member(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4)),
                crate.id());
    }

    /** How many of these contents the crate holds already. */
    public long inCrate(Crate crate, long[] ids) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM crate_member m JOIN content c ON c.blake3 = m.blake3
                WHERE m.crate_id = ? AND c.id = ANY(?)""", Long.class, crate.id(), boxed(ids));
    }

    /**
     * Appends these contents to the crate in the order given (those it holds already keep their place); answers how
     * many were added. The crate's row is locked meanwhile, so two additions at once append one after the other.
     */
    public int addToCrate(Crate crate, long[] idsInOrder) {
        Integer added = transactions.execute(status -> {
            jdbc.queryForObject("SELECT id FROM crate WHERE id = ? FOR UPDATE", Long.class, crate.id());
            long last = jdbc.queryForObject("SELECT coalesce(max(position), 0) FROM crate_member WHERE crate_id = ?",
                    Long.class, crate.id());
            return jdbc.update("""
                    INSERT INTO crate_member (crate_id, blake3, position)
                    SELECT ?, c.blake3, ? + u.ord FROM unnest(?::bigint[]) WITH ORDINALITY u (id, ord)
                    JOIN content c ON c.id = u.id ORDER BY u.ord
                    ON CONFLICT (crate_id, blake3) DO NOTHING""", crate.id(), last, boxed(idsInOrder));
        });
        return added == null ? 0 : added;
    }

    /**
     * Puts the crate's files in this order (BLAKE3s in hex); files not named keep their relative order after them,
     * names the crate does not hold are passed over. The crate's row is locked meanwhile, as for additions.
     */
    public void reorder(Crate crate, List<String> blake3InOrder) {
        String[] hex = blake3InOrder.stream().map(Curations::hex).toArray(String[]::new);
        transactions.executeWithoutResult(status -> {
            lock(crate);
            renumber(crate, hex);
        });
    }

    /** Moves one file of the crate {@code by} places (negative: towards the start), as far as the ends allow. */
    public void move(Crate crate, String blake3, int by) {
        String moved = hex(blake3);
        transactions.executeWithoutResult(status -> {
            lock(crate);
            List<String> order = new ArrayList<>(jdbc.queryForList("""
                    SELECT encode(blake3, 'hex') FROM crate_member WHERE crate_id = ? ORDER BY position, blake3""",
                    String.class, crate.id()));
            int from = order.indexOf(moved);
            if (from < 0) {
                return;
            }
            order.remove(from);
            order.add(Math.max(0, Math.min(order.size(), from + by)), moved);
            renumber(crate, order.toArray(String[]::new));
        });
    }

    private void lock(Crate crate) {
        jdbc.queryForObject("SELECT id FROM crate WHERE id = ? FOR UPDATE", Long.class, crate.id());
    }

    private void renumber(Crate crate, String[] hexInOrder) {
        jdbc.update("""
                WITH wanted AS (SELECT decode(h, 'hex') AS blake3, ord FROM unnest(?::text[]) WITH ORDINALITY u (h, ord)),
                ranked AS (SELECT m.blake3, row_number() OVER (ORDER BY w.ord NULLS LAST, m.position, m.blake3) AS pos
                           FROM crate_member m LEFT JOIN wanted w ON w.blake3 = m.blake3 WHERE m.crate_id = ?)
                UPDATE crate_member m SET position = r.pos FROM ranked r
                WHERE m.crate_id = ? AND m.blake3 = r.blake3 AND m.position <> r.pos""",
                hexInOrder, crate.id(), crate.id());
    }

    /** A BLAKE3 in lower-case hex, or an operator error. */
    static String hex(String blake3) {
        String h = blake3 == null ? "" : blake3.strip().toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new OperatorException("not a BLAKE3 (64 hex digits): '" + blake3 + "'");
        }
        return h;
    }

    /** Takes one file out of the crate by its BLAKE3 (hex), whether or not the library still holds it. */
    public int removeMember(Crate crate, String blake3) {
        return jdbc.update("DELETE FROM crate_member WHERE crate_id = ? AND blake3 = decode(?, 'hex')", crate.id(),
                hex(blake3));
    }

    /** Takes these contents out of the crate; answers how many it held. */
    public int removeFromCrate(Crate crate, long[] ids) {
        return jdbc.update("""
                DELETE FROM crate_member WHERE crate_id = ? AND blake3 IN (SELECT blake3 FROM content WHERE id = ANY(?))""",
                crate.id(), boxed(ids));
    }
}
