package io.midicrate.dupes;

import java.util.List;

import io.midicrate.library.LibraryPath;
import io.midicrate.store.library.Duplicates;

/**
 * One group of duplicates: the paths of one content (exact) or of contents sharing their notes (near), the copy that
 * stays first.
 *
 * @param freed the bytes its redundant copies take
 */
public record DupeGroup(boolean near, long freed, List<Duplicates.Copy> copies) {

    public Duplicates.Copy kept() {
        return copies.get(0);
    }

    /** Whether {@code --apply} moves this copy: a redundant plain file, a near copy only when near moves are asked for. */
    static boolean moves(Duplicates.Copy copy, boolean moveNear) {
        return copy.kind() != Duplicates.Kind.KEEP && (copy.kind() == Duplicates.Kind.EXACT || moveNear)
                && !LibraryPath.isArchiveEntry(copy.path());
    }

    /** Where a copy lives: its folder, or the archive holding it ({@code pack.zip!/dir}). */
    public static String where(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
