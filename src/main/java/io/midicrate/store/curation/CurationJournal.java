package io.midicrate.store.curation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.midicrate.common.OperatorException;

/**
 * The undo journal of the command line's bulk curation changes (V27): a change records, before each batch is written,
 * the state of every file it touches; undoing the last change of a kind puts those states back in one transaction.
 */
@Repository
public class CurationJournal {

    /** What the journal records, and undoes, separately. */
    public enum Kind { FAV, RATE, TAG, CRATE }

    /** A change undone: its command line and how many files it put back. */
    public record Undone(String command, long files) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public CurationJournal(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    private static String kind(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static Long[] boxed(long[] ids) {
        return Arrays.stream(ids).boxed().toArray(Long[]::new);
    }

    /** Opens a change of this kind, made by this command line; its id goes with each batch's {@code before...}. */
    public long begin(Kind kind, String command) {
        return jdbc.queryForObject("INSERT INTO curation_journal (kind, command) VALUES (?, ?) RETURNING id", Long.class,
                kind(kind), command);
    }

    /** Records whether these contents are starred now (before a fav batch). */
    public void beforeStars(long journal, long[] ids) {
        jdbc.update("""
                INSERT INTO curation_journal_entry (journal_id, blake3, before)
                SELECT ?, c.blake3, CASE WHEN EXISTS (SELECT 1 FROM favourite f WHERE f.blake3 = c.blake3) THEN 1 ELSE 0 END
                FROM content c WHERE c.id = ANY(?) ON CONFLICT DO NOTHING""", journal, boxed(ids));
    }

    /** Records these contents' ratings now (before a rate batch). */
    public void beforeRatings(long journal, long[] ids) {
        jdbc.update("""
                INSERT INTO curation_journal_entry (journal_id, blake3, before)
                SELECT ?, c.blake3, (SELECT r.rating FROM rating r WHERE r.blake3 = c.blake3)
                FROM content c WHERE c.id = ANY(?) ON CONFLICT DO NOTHING""", journal, boxed(ids));
    }

    /** Records whether these contents have the tag now (before a tag batch). */
    public void beforeTag(long journal, long[] ids, String tag) {
        jdbc.update("""
                INSERT INTO curation_journal_entry (journal_id, blake3, tag, before)
                SELECT ?, c.blake3, ?, CASE WHEN EXISTS (SELECT 1 FROM user_tag t WHERE t.blake3 = c.blake3 AND t.tag = ?)
                                       THEN 1 ELSE 0 END
                FROM content c WHERE c.id = ANY(?) ON CONFLICT DO NOTHING""", journal, tag, tag, boxed(ids));
    }

    /** Records these contents' places in the crate now (before a crate batch). */
    public void beforeCrate(long journal, long[] ids, long crateId) {
        jdbc.update("""
                INSERT INTO curation_journal_entry (journal_id, blake3, crate_id, before)
                SELECT ?, c.blake3, ?, (SELECT m.position FROM crate_member m WHERE m.crate_id = ? AND m.blake3 = c.blake3)
                FROM content c WHERE c.id = ANY(?) ON CONFLICT DO NOTHING""", journal, crateId, crateId, boxed(ids));
    }

    /** Puts back what the last change of this kind not undone yet changed; an operator error when there is none. */
    public Undone undoLast(Kind kind) {
        return transactions.execute(status -> {
            List<Long> last = jdbc.queryForList("""
                    SELECT j.id FROM curation_journal j WHERE j.kind = ? AND j.undone_at IS NULL
                    AND EXISTS (SELECT 1 FROM curation_journal_entry e WHERE e.journal_id = j.id)
                    ORDER BY j.id DESC LIMIT 1 FOR UPDATE""",
                    Long.class, kind(kind));
            if (last.isEmpty()) {
                throw new OperatorException("no " + kind(kind) + " change to undo (each change is undone once, newest first)");
            }
            long id = last.get(0);
            String entries = " FROM curation_journal_entry e WHERE e.journal_id = " + id;
            switch (kind) {
                case FAV -> {
                    jdbc.update("DELETE FROM favourite f USING curation_journal_entry e WHERE e.journal_id = ? "
                            + "AND e.blake3 = f.blake3 AND e.before = 0", id);
                    jdbc.update("INSERT INTO favourite (blake3) SELECT e.blake3" + entries + " AND e.before = 1 ON CONFLICT DO NOTHING");
                }
                case RATE -> {
                    jdbc.update("DELETE FROM rating r USING curation_journal_entry e WHERE e.journal_id = ? "
                            + "AND e.blake3 = r.blake3 AND e.before IS NULL", id);
                    jdbc.update("INSERT INTO rating (blake3, rating) SELECT e.blake3, e.before" + entries
                            + " AND e.before IS NOT NULL ON CONFLICT (blake3) DO UPDATE SET rating = EXCLUDED.rating");
                }
                case TAG -> {
                    jdbc.update("DELETE FROM user_tag t USING curation_journal_entry e WHERE e.journal_id = ? "
                            + "AND e.blake3 = t.blake3 AND e.tag = t.tag AND e.before = 0", id);
                    jdbc.update("INSERT INTO user_tag (blake3, tag) SELECT e.blake3, e.tag" + entries
                            + " AND e.before = 1 ON CONFLICT DO NOTHING");
                }
                case CRATE -> {
                    jdbc.update("DELETE FROM crate_member m USING curation_journal_entry e WHERE e.journal_id = ? "
                            + "AND e.blake3 = m.blake3 AND e.crate_id = m.crate_id AND e.before IS NULL", id);
                    // a crate deleted since stays deleted: its places are not put back
                    jdbc.update("INSERT INTO crate_member (crate_id, blake3, position) SELECT e.crate_id, e.blake3, e.before"
                            + entries + " AND e.before IS NOT NULL AND EXISTS (SELECT 1 FROM crate k WHERE k.id = e.crate_id)"
                            + " ON CONFLICT (crate_id, blake3) DO UPDATE SET position = EXCLUDED.position");
                }
            }
            jdbc.update("UPDATE curation_journal SET undone_at = now() WHERE id = ?", id);
            long files = jdbc.queryForObject("SELECT count(DISTINCT blake3)" + entries, Long.class);
            String command = jdbc.queryForObject("SELECT command FROM curation_journal WHERE id = ?", String.class, id);
            return new Undone(command, files);
        });
    }
}
