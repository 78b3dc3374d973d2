package io.midicrate.dupes;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import io.midicrate.common.OperatorException;

/**
 * The file system a quarantine folder is on, and the check that every file {@code --apply} would move is on it too.
 * A move is a rename, which cannot cross file systems, and midicrate never copies and deletes: a quarantine on
 * another file system is refused before the first file moves, instead of skipping every file.
 */
final class QuarantineFileSystem {

    private final Path quarantine;
    private final Object device;
    /** Folders found on the quarantine's file system, so each is asked once. */
    private final Set<Path> checked = new HashSet<>();

    /** The quarantine need not exist yet: its nearest existing folder says where it will be. */
    QuarantineFileSystem(Path quarantine) {
        this.quarantine = quarantine;
        this.device = device(existing(quarantine));
    }

    /**
     * Refuses when the folder of {@code path} is on another file system than the quarantine. A folder that cannot be
     * asked (gone since the import) passes: the move skips its file, with the reason.
     */
    void check(String path) {
        Path folder = Path.of(path).getParent();
        if (device == null || folder == null || checked.contains(folder)) {
            return;
        }
        Object other = device(folder);
        if (other != null && !other.equals(device)) {
            throw new OperatorException("the quarantine " + quarantine + " is on the file system " + store(existing(quarantine))
                    + ", but " + path + " is on " + store(folder) + ": dupes moves files by renaming them, within one file"
                    + " system, and never copies; choose a quarantine folder on the library's file system");
        }
        checked.add(folder);
    }

    private static Path existing(Path folder) {
        Path p = folder;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    /** The device a path is on (Unix), or its file store elsewhere; null when it cannot be asked. */
    private static Object device(Path path) {
        if (path == null) {
            return null;
        }
        try {
            return Files.getAttribute(path, "unix:dev");
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            try {
                return Files.getFileStore(path);
            } catch (IOException e) {
                return null;
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The mount point and device, as the operating system names them, e.g. {@code /dev/shm (tmpfs)}. */
    private static String store(Path path) {
        try {
            FileStore store = Files.getFileStore(path);
            return store.toString();
        } catch (IOException | RuntimeException e) {
            return "another one";
        }
    }
}
