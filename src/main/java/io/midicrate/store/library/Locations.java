package io.midicrate.store.library;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Location rows as files move out of the library and back ({@code dupes --apply} and {@code --undo}), and the roots. */
@Repository
public class Locations {

    /** A file moved from its library path to {@code movedTo}. */
    public record Move(String path, String movedTo) {
    }

    private final JdbcTemplate jdbc;

    public Locations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks the locations moved (rows kept); idempotent, so a re-run after a crash may mark again. */
    public void markMoved(List<Move> moves) {
        if (!moves.isEmpty()) {
            jdbc.batchUpdate("UPDATE location SET moved_to = ?, moved_at = now() WHERE path = ? AND moved_to IS DISTINCT FROM ?",
                    moves, 500, (ps, m) -> {
                        ps.setString(1, m.movedTo());
                        ps.setString(2, m.path());
                        ps.setString(3, m.movedTo());
                    });
        }
    }

    /** Makes the locations live again (the files are back at their paths); idempotent. */
    public void markRestored(List<Move> moves) {
        if (!moves.isEmpty()) {
            jdbc.batchUpdate("UPDATE location SET moved_to = NULL, moved_at = NULL WHERE path = ? AND moved_to = ?",
                    moves, 500, (ps, m) -> {
                        ps.setString(1, m.path());
                        ps.setString(2, m.movedTo());
                    });
        }
    }

    /** How many of these paths the library has marked moved (for reports and tests). */
    public long countMoved() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM location WHERE moved_to IS NOT NULL", Long.class);
        return n == null ? 0 : n;
    }

    /** The library root {@code folder} is in (or is), if any: what is written there the next import would take in. */
    public java.util.Optional<Path> rootHolding(Path folder) {
        Path normalized = folder.toAbsolutePath().normalize();
        return roots().stream().filter(root -> normalized.startsWith(root.toAbsolutePath().normalize())).findFirst();
    }

    /** The path of a staged import candidate, or null (what a hash partition starting at this id reads first). */
    public String candidatePath(long candidateId) {
        return jdbc.query("SELECT path FROM import_candidate WHERE id = ?", rs -> rs.next() ? rs.getString(1) : null,
                candidateId);
    }

    /** The first live location of a content, or null (what an analyze partition starting at this id reads first). */
    public String firstLivePath(long contentId) {
        return jdbc.query("SELECT path FROM location WHERE content_id = ? AND moved_to IS NULL ORDER BY id LIMIT 1",
                rs -> rs.next() ? rs.getString(1) : null, contentId);
    }

    /** Every folder any import walked: the library's roots. */
    public List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        for (String root : jdbc.queryForList("SELECT DISTINCT unnest(roots) FROM import_run ORDER BY 1", String.class)) {
            roots.add(Path.of(root));
        }
        return roots;
    }
}
