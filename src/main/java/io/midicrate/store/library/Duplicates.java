package io.midicrate.store.library;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The duplicates of the live library (locations not moved away), grouped and ranked in one statement:
 * exact groups are the paths of one content, near groups the contents sharing a note fingerprint (files without
 * notes share none). Within a group the
 * keep policies (in order of preference, then the path) rank the copies; the first stays, the rest are redundant.
 * Rows come out group by group, the group freeing the most bytes first, so a caller holds one group at a time.
 * <p>
 * A selection (the copies a query matched) limits the copies, not just the groups: a group is made of every live
 * copy of the contents that have a selected copy, so the copy kept is chosen among all of them, but only selected
 * copies are redundant here (listed, counted, moved); the kept copy is listed even when it is not selected, and a
 * group with no selected redundant copy is left out.
 */
@Repository
public class Duplicates {

    /** Which groups: exact copies only, near copies only, or both (a content in a near group is reported there). */
    public enum Mode { EXACT, NEAR, BOTH }

    /** What a copy is in its group: the one that stays, an exact copy of a kept path, or another content. */
    public enum Kind { KEEP, EXACT, NEAR }

    /** A rule choosing the copy that stays; {@code prefix} is for {@link Policy#IN} only. */
    public record Keep(Policy policy, String prefix) {
        public static Keep of(Policy policy) {
            return new Keep(policy, null);
        }
    }

    public enum Policy { SHORTEST_PATH, OLDEST, NEWEST, IN }

    /**
     * One path of one group.
     *
     * @param group       the group's key (stable within one statement)
     * @param near        whether the group gathers different contents with the same notes
     * @param groupFreed  the bytes of the group's redundant copies (the selected ones)
     * @param selected    whether the selection holds this copy (always, without one); only a kept copy may not
     */
    public record Copy(String group, boolean near, long groupFreed, long contentId, byte[] blake3, String path,
                       long size, Instant mtime, Kind kind, boolean selected) {
    }

    private final JdbcTemplate streaming;
    private final TransactionTemplate transaction;

    public Duplicates(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(2_000); // a cursor: PostgreSQL streams only inside a transaction
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * Streams every copy of every group with at least two copies, the largest {@code groupFreed} first, each group's
     * copies in keep order (the kept one first).
     *
     * @param selection optional: only these copies are redundant (the locations a query matched; see above)
     */
    public void stream(Mode mode, List<Keep> keep, CopyIds selection, Consumer<Copy> sink) {
        List<Object> params = new ArrayList<>();
        String where = selection == null ? ""
                : " AND l.content_id IN (SELECT m.content_id FROM location m JOIN dupes_selection s ON s.location_id = m.id)";
        String selected = selection == null ? "TRUE"
                : "EXISTS (SELECT 1 FROM dupes_selection s WHERE s.location_id = l.id)";
        String order = keepOrder(keep, params);
        String orderAgain = keepOrder(keep, params);
        String grouping = switch (mode) {
            case EXACT -> "'c' || live.content_id";
            case NEAR, BOTH -> "CASE WHEN near.fp IS NOT NULL THEN 'n' || near.fp ELSE 'c' || live.content_id END";
        };
        String nearOnly = mode == Mode.NEAR ? " WHERE near.fp IS NOT NULL" : "";
        String sql = """
                WITH live AS (
                    SELECT l.path, l.size, l.mtime, l.content_id, c.blake3, a.note_fingerprint AS fp, %s AS selected
                    FROM location l JOIN content c ON c.id = l.content_id
                    LEFT JOIN analysis a ON a.content_id = l.content_id
                    WHERE l.moved_to IS NULL AND l.missing_since IS NULL%s),
                near AS (SELECT fp FROM live WHERE fp <> '' GROUP BY fp HAVING count(DISTINCT content_id) > 1),
                grouped AS (
                    SELECT live.*, %s AS grp, near.fp IS NOT NULL AS near
                    FROM live LEFT JOIN near ON near.fp = live.fp%s),
                ranked AS (
                    SELECT g.*, row_number() OVER (PARTITION BY grp ORDER BY %s) AS group_rank,
                        row_number() OVER (PARTITION BY content_id ORDER BY %s) AS copy_rank,
                        count(*) OVER (PARTITION BY grp) AS members
                    FROM grouped g),
                classified AS (
                    SELECT r.*, CASE WHEN group_rank = 1 THEN 'KEEP' WHEN copy_rank > 1 THEN 'EXACT' ELSE 'NEAR' END AS kind
                    FROM ranked r WHERE members > 1),
                counted AS (
                    SELECT k.*, sum(CASE WHEN kind <> 'KEEP' AND selected THEN size ELSE 0 END) OVER (PARTITION BY grp) AS freed,
                        count(*) FILTER (WHERE kind <> 'KEEP' AND selected) OVER (PARTITION BY grp) AS redundant
                    FROM classified k)
                SELECT grp, near, content_id, blake3, path, size, mtime, kind, selected, freed
                FROM counted WHERE redundant > 0 AND (kind = 'KEEP' OR selected)
                ORDER BY freed DESC, grp, group_rank""".formatted(selected, where, grouping, nearOnly, order, orderAgain);
        RowCallbackHandler each = rs -> sink.accept(copy(rs));
        transaction.executeWithoutResult(status -> {
            if (selection != null) {
                select(selection);
            }
            streaming.query(sql, each, params.toArray());
        });
    }

    /** The copies a query matched, fed location id by id (on the caller's thread, inside this class's transaction). */
    @FunctionalInterface
    public interface CopyIds {
        void forEach(LongConsumer each);
    }

    /** The selection as a temporary table of this transaction: any number of ids, joined like a table. */
    private void select(CopyIds selection) {
        streaming.execute("CREATE TEMPORARY TABLE dupes_selection (location_id bigint PRIMARY KEY) ON COMMIT DROP");
        List<Object[]> batch = new ArrayList<>();
        String insert = "INSERT INTO dupes_selection VALUES (?) ON CONFLICT DO NOTHING";
        selection.forEach(id -> {
            batch.add(new Object[] {id});
            if (batch.size() == 1_000) {
                streaming.batchUpdate(insert, batch);
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            streaming.batchUpdate(insert, batch);
        }
        streaming.execute("ANALYZE dupes_selection");
    }

    /** The ORDER BY of the keep policies: fixed SQL per policy, prefixes bound; the path breaks every tie. */
    private static String keepOrder(List<Keep> keep, List<Object> params) {
        List<String> terms = new ArrayList<>();
        for (Keep k : keep) {
            switch (k.policy()) {
                case SHORTEST_PATH -> terms.add("length(path)");
                case OLDEST -> terms.add("mtime");
                case NEWEST -> terms.add("mtime DESC");
                case IN -> {
                    terms.add("CASE WHEN starts_with(path, ?) THEN 0 ELSE 1 END");
                    params.add(k.prefix());
                }
            }
        }
        terms.add("path");
        return String.join(", ", terms);
    }

    private static Copy copy(ResultSet rs) throws SQLException {
        return new Copy(rs.getString("grp"), rs.getBoolean("near"), rs.getLong("freed"), rs.getLong("content_id"),
                rs.getBytes("blake3"), rs.getString("path"), rs.getLong("size"), rs.getTimestamp("mtime").toInstant(),
                Kind.valueOf(rs.getString("kind")), rs.getBoolean("selected"));
    }
}
