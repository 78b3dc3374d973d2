package io.midicrate.importjob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import io.midicrate.library.ErrorFamily;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryPath;
import io.midicrate.library.StoredValues;

/**
 * Walks folder trees and the zips inside them in a stable order (names sorted at every level), yielding MIDI
 * candidates and problems one at a time. Only one directory listing per level and the open archives on the
 * current branch are held, so memory does not grow with the size of the library. The stable order is what lets a
 * restarted scan skip what it had already written.
 */
public class LibraryScanner implements Iterator<ScanItem>, AutoCloseable {

    private final ScanLimits limits;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Deque<ScanItem> ready = new ArrayDeque<>();
    private long symlinksSkipped;

    public LibraryScanner(List<Path> roots, ScanLimits limits) {
        this.limits = limits;
        List<Path> sorted = new ArrayList<>(roots.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        Collections.reverse(sorted);
        for (Path root : sorted) {
            stack.push(new RootFrame(root));
        }
    }

    public long symlinksSkipped() {
        return symlinksSkipped;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !stack.isEmpty()) {
            stack.peek().advance();
        }
        return !ready.isEmpty();
    }

    @Override
    public ScanItem next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        return ready.poll();
    }

    @Override
    public void close() {
        while (!stack.isEmpty()) {
            stack.pop().close();
        }
    }

    private void problem(String path, ErrorFamily family, String message) {
        ready.add(new ScanItem.Problem(path, family, message));
    }

    /** One level of the walk: a directory listing or an archive's entries. */
    private abstract static class Frame {
        abstract void advance();

        void close() {
        }
    }

    private final class RootFrame extends Frame {
        private final Path root;

        RootFrame(Path root) {
            this.root = root;
        }

        @Override
        void advance() {
            stack.pop();
            visit(root, Set.of(), true);
        }
    }

    private final class DirFrame extends Frame {
        private final Iterator<Path> children;
        private final Set<Object> ancestors;

        DirFrame(List<Path> children, Set<Object> ancestors) {
            this.children = children.iterator();
            this.ancestors = ancestors;
        }

        @Override
        void advance() {
            if (!children.hasNext()) {
                stack.pop();
                return;
            }
            visit(children.next(), ancestors, false);
        }
    }

    private void visit(Path path, Set<Object> ancestors, boolean isRoot) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        // the library's address of this file: the path itself unless it holds "!/" (see LibraryPath)
        String pathString = LibraryPath.plain(path.toString());
        if (LibraryPath.isBadlyEncoded(name) || !roundTrips(name, path.toString())) {
            problem(pathString, ErrorFamily.BAD_NAME, "name is not valid UTF-8 (its bytes: " + LibraryPath.escapedRawName(path)
                    + (LibraryPath.namesAreUtf8() ? "" : "; file names are read as " + System.getProperty("sun.jnu.encoding"))
                    + "); rename it");
            return;
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                if (!limits.followSymlinks() && !isRoot) {
                    symlinksSkipped++;
                    return;
                }
                attrs = Files.readAttributes(path, BasicFileAttributes.class);
            }
            if (attrs.isDirectory()) {
                enterDirectory(path, attrs, ancestors);
            } else if (attrs.isRegularFile()) {
                if (limits.isMidiName(name) && !StoredValues.fitsIndex(pathString)) {
                    problem(pathString, ErrorFamily.BAD_NAME, StoredValues.tooLong(pathString));
                } else if (limits.isMidiName(name)) {
                    ready.add(new ScanItem.Candidate(pathString, attrs.size(), attrs.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
                } else if (ScanLimits.isZipName(name) && limits.zipMaxDepth() > 0) {
                    enterArchive(path, attrs);
                }
            }
        } catch (NoSuchFileException e) {
            if (limits.isMidiName(name)) {
                problem(pathString, ErrorFamily.VANISHED, "vanished during the scan, or a dangling symbolic link");
            }
        } catch (FileSystemLoopException e) {
            problem(pathString, ErrorFamily.SYMLINK_LOOP, "symbolic link loop");
        } catch (IOException e) {
            problem(pathString, ErrorFamily.UNREADABLE, FileProblem.describe(e));
        }
    }

    /** A stored path must reopen the same file; names outside the JVM's file-name charset do not. */
    private static boolean roundTrips(String name, String pathString) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 127 || c == '?') {
                return Files.exists(Path.of(pathString), LinkOption.NOFOLLOW_LINKS);
            }
        }
        return true;
    }

    private void enterDirectory(Path dir, BasicFileAttributes attrs, Set<Object> ancestors) throws IOException {
        Object key = attrs.fileKey() != null ? attrs.fileKey() : dir.toRealPath();
        if (ancestors.contains(key)) {
            problem(LibraryPath.plain(dir.toString()), ErrorFamily.SYMLINK_LOOP, "symbolic link leads back into its own ancestor folder");
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path child : entries) {
                children.add(child);
            }
        } catch (java.nio.file.AccessDeniedException e) {
            problem(LibraryPath.plain(dir.toString()), ErrorFamily.UNREADABLE, "folder cannot be listed: permission denied");
            return;
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        Set<Object> chain = new HashSet<>(ancestors);
        chain.add(key);
        stack.push(new DirFrame(children, chain));
    }

    private void enterArchive(Path file, BasicFileAttributes attrs) {
        String pathString = LibraryPath.plain(file.toString());
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(file).get();
        } catch (IOException | RuntimeException e) {
            problem(pathString, ErrorFamily.CORRUPT_ZIP, "not a readable zip archive: " + FileProblem.describe(e));
            return;
        }
        pushArchive(zip, pathString, attrs.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), 1);
    }

    private void pushArchive(ZipFile zip, String archivePath, Instant mtime, int depth) {
        List<ZipArchiveEntry> entries = new ArrayList<>();
        long declaredTotal = 0;
        for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
            ZipArchiveEntry entry = e.nextElement();
            if (entry.isDirectory()) {
                continue;
            }
            if (entries.size() >= limits.zipMaxEntries()) {
                closeQuietly(zip);
                problem(archivePath, ErrorFamily.ZIP_BOMB, "archive holds more than " + limits.zipMaxEntries() + " entries");
                return;
            }
            declaredTotal += Math.max(0, entry.getSize());
            entries.add(entry);
        }
        if (declaredTotal > limits.zipMaxArchiveSize()) {
            closeQuietly(zip);
            problem(archivePath, ErrorFamily.ZIP_BOMB, "entries add up to " + declaredTotal
                    + " bytes uncompressed, over the " + limits.zipMaxArchiveSize() + "-byte bound");
            return;
        }
        // stable: entries sharing a name keep the archive's order, and only the first of them is read
        entries.sort(Comparator.comparing(ZipArchiveEntry::getName));
        stack.push(new ArchiveFrame(zip, archivePath, mtime, depth, entries));
    }

    private final class ArchiveFrame extends Frame {
        private final ZipFile zip;
        private final String archivePath;
        private final Instant mtime;
        private final int depth;
        private final Iterator<ZipArchiveEntry> entries;
        private String previousName;
        private String reportedDuplicate;

        ArchiveFrame(ZipFile zip, String archivePath, Instant mtime, int depth, List<ZipArchiveEntry> entries) {
            this.zip = zip;
            this.archivePath = archivePath;
            this.mtime = mtime;
            this.depth = depth;
            this.entries = entries.iterator();
        }

        @Override
        void advance() {
            if (!entries.hasNext()) {
                stack.pop();
                close();
                return;
            }
            ZipArchiveEntry entry = entries.next();
            String name = entry.getName();
            String path = LibraryPath.entry(archivePath, name);
            boolean duplicate = name.equals(previousName);
            previousName = name;
            if (duplicate && (limits.isMidiName(name) || ScanLimits.isZipName(name))) {
                if (!name.equals(reportedDuplicate)) {
                    reportedDuplicate = name;
                    problem(path, ErrorFamily.CORRUPT_ZIP, "the archive holds more than one entry with this name; "
                            + "only the first is read");
                }
                return;
            }
            if (limits.isMidiName(name)) {
                if (LibraryPath.isBadlyEncoded(name)) {
                    problem(path, ErrorFamily.BAD_NAME, "entry name is not valid UTF-8");
                    return;
                }
                String bomb = limits.bombReason(entry.getSize(), entry.getCompressedSize());
                if (bomb != null) {
                    problem(path, ErrorFamily.ZIP_BOMB, bomb);
                } else if (!StoredValues.fitsIndex(path)) {
                    problem(path, ErrorFamily.BAD_NAME, StoredValues.tooLong(path));
                } else if (entry.getSize() > limits.maxFileSize()) {
                    problem(path, ErrorFamily.TOO_LARGE, entry.getSize() + " bytes, over the " + limits.maxFileSize() + "-byte cap");
                } else {
                    // Entries carry the archive's mtime: an unchanged archive means unchanged entries on re-import.
                    ready.add(new ScanItem.Candidate(path, Math.max(0, entry.getSize()), mtime));
                }
            } else if (ScanLimits.isZipName(name) && depth < limits.zipMaxDepth()) {
                enterNested(entry, path);
            }
        }

        private void enterNested(ZipArchiveEntry entry, String path) {
            String bomb = limits.bombReason(entry.getSize(), entry.getCompressedSize());
            if (bomb != null) {
                problem(path, ErrorFamily.ZIP_BOMB, bomb);
                return;
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = BoundedBytes.readAll(in, limits.zipMaxNestedSize());
            } catch (BoundedBytes.TooLargeException e) {
                problem(path, ErrorFamily.TOO_LARGE, "nested archive over the " + limits.zipMaxNestedSize() + "-byte bound");
                return;
            } catch (IOException | RuntimeException e) {
                problem(path, ErrorFamily.CORRUPT_ZIP, "nested archive cannot be inflated: " + FileProblem.describe(e));
                return;
            }
            ZipFile nested;
            try {
                nested = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get();
            } catch (IOException | RuntimeException e) {
                problem(path, ErrorFamily.CORRUPT_ZIP, "nested entry is not a readable zip archive: " + FileProblem.describe(e));
                return;
            }
            pushArchive(nested, path, mtime, depth + 1);
        }

        @Override
        void close() {
            closeQuietly(zip);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only; nothing to lose
        }
    }
}
