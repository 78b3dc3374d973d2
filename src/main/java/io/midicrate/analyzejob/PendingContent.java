package io.midicrate.analyzejob;

import java.util.List;

/** A content row waiting for analysis, with the paths that may still hold its bytes (smallest first). */
public record PendingContent(long id, byte[] blake3, List<String> paths, Integer nameBpm, String nameKey,
                             List<String> nameGenres, List<String> nameRoles) {
}
