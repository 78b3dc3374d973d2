package io.midicrate.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads the bytes behind a library path (a file, or an entry of a zip, nested or not) into a buffer it reuses.
 * Not thread-safe: one per worker. Archives stay open between calls because the import and analysis steps visit
 * entries of the same archive one after another: the archives on the current path, and the few top-level archives
 * read last (analysis visits a chunk's contents in BLAKE3 order, so entries of a few archives and plain files
 * interleave; reopening an archive reads its central directory again).
 */
public final class LibraryFileReader implements AutoCloseable {

    private final long maxFileSize;
    private final long maxNestedSize;
    private final PathMap pathMap;
    private byte[] buffer = new byte[256 * 1024];
    private int length;
    private final ContentHash contentHash = new ContentHash();
    /** open archives, outermost first, with the library path each was opened from */
    private final String[] openPaths = new String[8];
    private final ZipFile[] openArchives = new ZipFile[8];
    private int openDepth;
    /** the size of the open top-level archive, so that only small ones are kept among the recent */
    private long topLevelBytes;
    /** recently read top-level archives off the current path, least recent first, by library path */
    private final LinkedHashMap<String, Recent> recentArchives = new LinkedHashMap<>(8, 0.75f, true);
    private static final int RECENT_ARCHIVES = 4;
    /** an archive's entries are held in memory while it is open: bounds what the recent ones hold */
    private static final long RECENT_ARCHIVE_MAX_BYTES = 32L << 20;

    private long archivesOpened;

    private record Recent(ZipFile zip, long bytes) {
    }

    public LibraryFileReader(long maxFileSize, long maxNestedSize) {
        this(maxFileSize, maxNestedSize, PathMap.NONE);
    }

    /** A reader that opens each stored path where {@code pathMap} says this machine sees it. */
    public LibraryFileReader(long maxFileSize, long maxNestedSize, PathMap pathMap) {
        this.maxFileSize = maxFileSize;
        this.maxNestedSize = maxNestedSize;
        this.pathMap = pathMap;
    }

    /** The buffer holding the last file read; valid up to {@link #length()} until the next read. */
    public byte[] bytes() {
        return buffer;
    }

    public int length() {
        return length;
    }

    /** How many times a top-level archive was opened (read its central directory): what the recent ones save. */
    long archivesOpened() {
        return archivesOpened;
    }

    /** The BLAKE3-256 of the file last read: the library's content hash, computed the same way everywhere. */
    public byte[] blake3() {
        return contentHash.of(buffer, 0, length);
    }

    /**
     * Reads the content with this BLAKE3-256 through the first of its paths that still holds exactly those bytes
     * (a path may have vanished or been overwritten since the import); returns that path, the bytes in
     * {@link #bytes()} up to {@link #length()}.
     *
     * @throws FileProblem {@code CONTENT_MISSING} when no path holds them, naming the first problem met
     */
    public String readContent(List<String> paths, byte[] blake3) throws FileProblem {
        String firstProblem = null;
        for (String path : paths) {
            try {
                int n = read(path);
                byte[] hash = contentHash.of(buffer, 0, n);
                if (Arrays.equals(hash, blake3)) {
                    return path;
                }
                firstProblem = firstProblem != null ? firstProblem : path + " now holds other bytes";
            } catch (FileProblem e) {
                firstProblem = firstProblem != null ? firstProblem : path + ": " + e.family() + " " + e.getMessage();
            }
        }
        throw new FileProblem(ErrorFamily.CONTENT_MISSING, "no location still holds these bytes (" + paths.size()
                + " tried; first: " + firstProblem + ")");
    }

    /** Reads the file at {@code libraryPath}; returns its length. */
    public int read(String libraryPath) throws FileProblem {
        List<String> segments = LibraryPath.segments(libraryPath);
        if (segments.size() == 1) {
            leaveTopLevel();
            return readPlainFile(Path.of(pathMap.toLocal(segments.get(0))));
        }
        ZipFile archive = openArchiveChain(segments);
        String entryName = segments.get(segments.size() - 1);
        ZipArchiveEntry entry = archive.getEntry(entryName);
        if (entry == null) {
            throw new FileProblem(ErrorFamily.VANISHED, "entry is no longer in its archive");
        }
        if (entry.getSize() > maxFileSize) {
            throw new FileProblem(ErrorFamily.TOO_LARGE, entry.getSize() + " bytes, over the " + maxFileSize + "-byte cap");
        }
        // The declared size may lie: inflate at most one byte past it (and never past the cap).
        long bound = entry.getSize() >= 0 ? Math.min(entry.getSize(), maxFileSize) : maxFileSize;
        try (InputStream in = archive.getInputStream(entry)) {
            length = readBounded(in, bound);
        } catch (FileProblem e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FileProblem(ErrorFamily.CORRUPT_ZIP, "entry cannot be inflated: " + FileProblem.describe(e));
        }
        return length;
    }

    private int readPlainFile(Path path) throws FileProblem {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > maxFileSize) {
                throw new FileProblem(ErrorFamily.TOO_LARGE, size + " bytes, over the " + maxFileSize + "-byte cap");
            }
            ensureCapacity((int) size + 1);
            ByteBuffer target = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, maxFileSize + 1));
            while (target.hasRemaining() && channel.read(target) >= 0) {
                // a file may grow while read: the +1 slot shows it, the cap still holds
            }
            length = target.position();
            if (length > maxFileSize) {
                throw new FileProblem(ErrorFamily.TOO_LARGE, "grew past the " + maxFileSize + "-byte cap while read");
            }
            return length;
        } catch (NoSuchFileException e) {
            throw new FileProblem(ErrorFamily.VANISHED, "file is gone since the scan");
        } catch (AccessDeniedException e) {
            throw new FileProblem(ErrorFamily.UNREADABLE, "permission denied");
        } catch (IOException e) {
            throw new FileProblem(ErrorFamily.UNREADABLE, FileProblem.describe(e));
        }
    }

    private int readBounded(InputStream in, long bound) throws IOException, FileProblem {
        ensureCapacity((int) Math.min(bound + 1, Integer.MAX_VALUE - 8));
        int n = 0;
        int limit = (int) Math.min(bound + 1, buffer.length);
        while (n < limit) {
            int r = in.read(buffer, n, limit - n);
            if (r < 0) {
                return n;
            }
            n += r;
        }
        throw new FileProblem(ErrorFamily.ZIP_BOMB, "entry inflates past its declared size or the cap (" + bound + " bytes)");
    }

    /** Opens (or reuses) every archive on the path; returns the innermost one. */
    private ZipFile openArchiveChain(List<String> segments) throws FileProblem {
        int archives = segments.size() - 1;
        if (archives > openPaths.length) {
            throw new FileProblem(ErrorFamily.ZIP_BOMB, "archives nested deeper than " + openPaths.length);
        }
        String archivePath = LibraryPath.plain(segments.get(0));
        for (int level = 0; level < archives; level++) {
            if (level > 0) {
                archivePath = LibraryPath.entry(archivePath, segments.get(level));
            }
            if (level < openDepth && archivePath.equals(openPaths[level])) {
                continue;
            }
            if (level == 0) {
                leaveTopLevel();
                openArchives[0] = recentOrOpen(archivePath, pathMap.toLocal(segments.get(0)));
            } else {
                closeArchivesFrom(level);
                openArchives[level] = openNested(openArchives[level - 1], segments.get(level));
            }
            openPaths[level] = archivePath;
            openDepth = level + 1;
        }
        closeArchivesFrom(archives);
        return openArchives[archives - 1];
    }

    /** Closes the archives of the current path, keeping its top-level archive among the recent when it is small. */
    private void leaveTopLevel() {
        if (openDepth == 0) {
            return;
        }
        closeArchivesFrom(1);
        if (topLevelBytes <= RECENT_ARCHIVE_MAX_BYTES) {
            recentArchives.put(openPaths[0], new Recent(openArchives[0], topLevelBytes));
            openArchives[0] = null;
            openPaths[0] = null;
            openDepth = 0;
            if (recentArchives.size() > RECENT_ARCHIVES) {
                Iterator<Recent> eldest = recentArchives.values().iterator();
                closeQuietly(eldest.next().zip());
                eldest.remove();
            }
        } else {
            closeArchivesFrom(0);
        }
    }

    private ZipFile recentOrOpen(String archivePath, String localPath) throws FileProblem {
        Recent recent = recentArchives.remove(archivePath);
        if (recent != null) {
            topLevelBytes = recent.bytes();
            return recent.zip();
        }
        ZipFile zip = openTopLevel(localPath);
        archivesOpened++;
        try {
            topLevelBytes = Files.size(Path.of(localPath));
        } catch (IOException e) {
            topLevelBytes = Long.MAX_VALUE; // not kept among the recent
        }
        return zip;
    }

    private static ZipFile openTopLevel(String archivePath) throws FileProblem {
        try {
            return ZipFile.builder().setPath(Path.of(archivePath)).get();
        } catch (NoSuchFileException e) {
            throw new FileProblem(ErrorFamily.VANISHED, "archive is gone since the scan");
        } catch (AccessDeniedException e) {
            throw new FileProblem(ErrorFamily.UNREADABLE, "archive: permission denied");
        } catch (IOException | RuntimeException e) {
            throw new FileProblem(ErrorFamily.CORRUPT_ZIP, "archive cannot be read: " + FileProblem.describe(e));
        }
    }

    private ZipFile openNested(ZipFile outer, String entryName) throws FileProblem {
        ZipArchiveEntry entry = outer.getEntry(entryName);
        if (entry == null) {
            throw new FileProblem(ErrorFamily.VANISHED, "nested archive is no longer in its archive");
        }
        if (entry.getSize() > maxNestedSize) {
            throw new FileProblem(ErrorFamily.TOO_LARGE, "nested archive over the " + maxNestedSize + "-byte bound");
        }
        long bound = entry.getSize() >= 0 ? entry.getSize() : maxNestedSize;
        try (InputStream in = outer.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) bound + 1);
            if (bytes.length > bound) {
                throw new FileProblem(ErrorFamily.ZIP_BOMB, "nested archive inflates past its declared size or bound");
            }
            return ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get();
        } catch (FileProblem e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FileProblem(ErrorFamily.CORRUPT_ZIP, "nested archive cannot be read: " + FileProblem.describe(e));
        }
    }

    private void ensureCapacity(int needed) {
        if (buffer.length < needed) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    private void closeArchivesFrom(int level) {
        for (int i = openDepth - 1; i >= level; i--) {
            closeQuietly(openArchives[i]);
            openArchives[i] = null;
            openPaths[i] = null;
        }
        openDepth = Math.min(openDepth, level);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    @Override
    public void close() {
        closeArchivesFrom(0);
        recentArchives.values().forEach(recent -> closeQuietly(recent.zip()));
        recentArchives.clear();
    }
}
