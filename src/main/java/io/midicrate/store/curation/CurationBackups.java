package io.midicrate.store.curation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.midicrate.common.OperatorException;
import io.midicrate.library.CrateNames;
import io.midicrate.library.UserTags;

/**
 * Everything a user keeps, read whole for a backup and merged back from one ({@code midicrate curation export|import}),
 * and what {@code midicrate prune} finds and forgets: the curation of bytes no live path holds any more.
 */
@Repository
public class CurationBackups {

    /** The backup's shape: a file is its BLAKE3 (hex) with the live paths that held it, for people and other machines. */
    public record Backup(String format, int version, List<KeptFile> files, List<KeptCrate> crates) {
        public static final String FORMAT = "midicrate-curation";
    }

    public record KeptFile(String blake3, List<String> paths, boolean favourite, Integer rating, List<String> tags) {
    }

    /** A crate and its files (BLAKE3s) in its order. */
    public record KeptCrate(String name, String note, List<String> files) {
    }

    /** What an import changed. */
    public record Merged(long stars, long ratings, long tags, long cratesMade, long crateFiles, long notInLibrary) {
    }

    /** Curation whose bytes no live path holds: the last path known (null when no content has them), what is kept. */
    public record Orphan(String blake3, String lastPath, boolean favourite, Integer rating, List<String> tags,
                         List<String> crates) {
    }

    /** What prune forgot. */
    public record Pruned(long stars, long ratings, long tags, long crateFiles) {
    }

    private static final String KEPT = """
            SELECT blake3 FROM favourite UNION SELECT blake3 FROM rating UNION SELECT blake3 FROM user_tag
            UNION SELECT blake3 FROM crate_member""";
    private static final String LIVE = """
            EXISTS (SELECT 1 FROM content c JOIN location l ON l.content_id = c.id WHERE c.blake3 = k.blake3
                    AND l.moved_to IS NULL AND l.missing_since IS NULL)""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public CurationBackups(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Everything kept, files by BLAKE3 and crates by name (case-insensitively), so two backups of one state are equal. */
    public Backup read() {
        return transactions.execute(status -> {
            List<KeptFile> files = jdbc.query("""
                    SELECT encode(k.blake3, 'hex'),
                           ARRAY(SELECT l.path FROM content c JOIN location l ON l.content_id = c.id WHERE c.blake3 = k.blake3
                                 AND l.moved_to IS NULL AND l.missing_since IS NULL ORDER BY l.path),
                           EXISTS (SELECT 1 FROM favourite f WHERE f.blake3 = k.blake3),
                           (SELECT r.rating FROM rating r WHERE r.blake3 = k.blake3),
                           ARRAY(SELECT t.tag FROM user_tag t WHERE t.blake3 = k.blake3 ORDER BY t.tag)
                    FROM (""" + KEPT + ") k ORDER BY 1", (rs, i) -> new KeptFile(rs.getString(1),
                    List.of((String[]) rs.getArray(2).getArray()), rs.getBoolean(3), (Integer) rs.getObject(4),
                    List.of((String[]) rs.getArray(5).getArray())));
            List<KeptCrate> crates = jdbc.query("""
                    SELECT k.name, k.note, ARRAY(SELECT encode(m.blake3, 'hex') FROM crate_member m WHERE m.crate_id = k.id
                                                 ORDER BY m.position, m.blake3)
                    FROM crate k ORDER BY lower(k.name)""", (rs, i) -> new KeptCrate(rs.getString(1), rs.getString(2),
                    List.of((String[]) rs.getArray(3).getArray())));
            return new Backup(Backup.FORMAT, 1, files, crates);
        });
    }

    /**
     * Merges a backup in, in one transaction: stars and tags are added, ratings set, crates made when their name is
     * new and their files appended (those a crate holds keep their place). Every value is checked first; a bad one is
     * an operator error naming it, and nothing is written.
     */
    public Merged merge(Backup backup) {
        if (backup == null || !Backup.FORMAT.equals(backup.format()) || backup.version() != 1) {
            throw new OperatorException("not a midicrate curation backup (format \"" + Backup.FORMAT + "\", version 1)");
        }
        List<KeptFile> files = backup.files() == null ? List.of() : backup.files();
        List<KeptCrate> crates = backup.crates() == null ? List.of() : backup.crates();
        List<String[]> tags = new ArrayList<>();
        for (KeptFile f : files) {
            hex(f.blake3());
            if (f.rating() != null && (f.rating() < 1 || f.rating() > 5)) {
                throw new OperatorException("file " + f.blake3() + ": a rating is 1 to 5, not " + f.rating());
            }
            for (String tag : f.tags() == null ? List.<String>of() : f.tags()) {
                try {
                    tags.add(new String[] {hex(f.blake3()), UserTags.normalise(tag)});
                } catch (IllegalArgumentException e) {
                    throw new OperatorException("file " + f.blake3() + ": tag '" + tag + "': " + e.getMessage());
                }
            }
        }
        for (KeptCrate c : crates) {
            CrateNames.check(c.name());
            (c.files() == null ? List.<String>of() : c.files()).forEach(CurationBackups::hex);
        }
        return transactions.execute(status -> {
            long stars = 0;
            long ratings = 0;
            long tagged = 0;
            for (KeptFile f : files) {
                if (f.favourite()) {
                    stars += jdbc.update("INSERT INTO favourite (blake3) VALUES (decode(?, 'hex')) ON CONFLICT DO NOTHING",
                            hex(f.blake3()));
                }
                if (f.rating() != null) {
                    ratings += jdbc.update("""
                            INSERT INTO rating (blake3, rating) VALUES (decode(?, 'hex'), ?) ON CONFLICT (blake3)
                            DO UPDATE SET rating = EXCLUDED.rating, rated_at = now() WHERE rating.rating <> EXCLUDED.rating""",
                            hex(f.blake3()), f.rating());
                }
            }
            for (String[] t : tags) {
                tagged += jdbc.update("INSERT INTO user_tag (blake3, tag) VALUES (decode(?, 'hex'), ?) ON CONFLICT DO NOTHING",
                        t[0], t[1]);
            }
            long made = 0;
            long added = 0;
            for (KeptCrate c : crates) {
                String name = CrateNames.check(c.name());
                Long id = jdbc.query("SELECT id FROM crate WHERE lower(name) = lower(?) FOR UPDATE",
                        rs -> rs.next() ? rs.getLong(1) : null, name);
                if (id == null) {
                    id = jdbc.queryForObject("INSERT INTO crate (name, note) VALUES (?, ?) RETURNING id", Long.class, name,
                            c.note() == null ? "" : c.note());
                    made++;
                }
                String[] members = (c.files() == null ? List.<String>of() : c.files()).stream().map(CurationBackups::hex)
                        .toArray(String[]::new);
                added += jdbc.update("""
                        INSERT INTO crate_member (crate_id, blake3, position)
                        SELECT ?, decode(u.h, 'hex'), (SELECT coalesce(max(position), 0) FROM crate_member WHERE crate_id = ?) + u.ord
                        FROM unnest(?::text[]) WITH ORDINALITY u (h, ord) ORDER BY u.ord
                        ON CONFLICT (crate_id, blake3) DO NOTHING""", id, id, members);
            }
            String[] all = files.stream().map(f -> hex(f.blake3())).toArray(String[]::new);
            long absent = jdbc.queryForObject("""
                    SELECT count(*) FROM unnest(?::text[]) u (h)
                    WHERE NOT EXISTS (SELECT 1 FROM content c WHERE c.blake3 = decode(u.h, 'hex'))""", Long.class,
                    (Object) all);
            return new Merged(stars, ratings, tagged, made, added, absent);
        });
    }

    /** The curation of bytes that no live path holds (gone from every path, or no content at all), by BLAKE3. */
    public List<Orphan> orphans() {
        return jdbc.query("""
                SELECT encode(k.blake3, 'hex'), (SELECT c.canonical_path FROM content c WHERE c.blake3 = k.blake3),
                       EXISTS (SELECT 1 FROM favourite f WHERE f.blake3 = k.blake3),
                       (SELECT r.rating FROM rating r WHERE r.blake3 = k.blake3),
                       ARRAY(SELECT t.tag FROM user_tag t WHERE t.blake3 = k.blake3 ORDER BY t.tag),
                       ARRAY(SELECT c.name FROM crate_member m JOIN crate c ON c.id = m.crate_id WHERE m.blake3 = k.blake3
                             ORDER BY lower(c.name))
                FROM (""" + KEPT + ") k WHERE NOT " + LIVE + " ORDER BY 2 NULLS LAST, 1", (rs, i) -> new Orphan(
                rs.getString(1), rs.getString(2), rs.getBoolean(3), (Integer) rs.getObject(4),
                List.of((String[]) rs.getArray(5).getArray()), List.of((String[]) rs.getArray(6).getArray())));
    }

    /** Forgets the curation of these BLAKE3s, if no live path holds them now (checked again, in the same statements). */
    public Pruned prune(List<String> blake3s) {
        String[] hex = blake3s.stream().map(CurationBackups::hex).toArray(String[]::new);
        return transactions.execute(status -> {
            String gone = " WHERE blake3 = ANY(ARRAY(SELECT decode(h, 'hex') FROM unnest(?::text[]) u (h))) AND NOT EXISTS ("
                    + "SELECT 1 FROM content c JOIN location l ON l.content_id = c.id WHERE c.blake3 = %s.blake3"
                    + " AND l.moved_to IS NULL AND l.missing_since IS NULL)";
            return new Pruned(
                    jdbc.update("DELETE FROM favourite" + gone.formatted("favourite"), (Object) hex),
                    jdbc.update("DELETE FROM rating" + gone.formatted("rating"), (Object) hex),
                    jdbc.update("DELETE FROM user_tag" + gone.formatted("user_tag"), (Object) hex),
                    jdbc.update("DELETE FROM crate_member" + gone.formatted("crate_member"), (Object) hex));
        });
    }

    private static String hex(String blake3) {
        return Curations.hex(blake3);
    }
}
