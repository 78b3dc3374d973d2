package io.midicrate.web.audition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Rendered previews on disk, one WAV per key (content hash and options), under a size cap: a file's modification time
 * is when it was last played, and when the cache grows past its cap the least recently played files go. A preview
 * is written under a temporary name and renamed into place when whole, so a half-rendered one is never served.
 */
final class PreviewCache {

    private static final String SUFFIX = ".wav";
    private static final String PART = ".part";

    private final Path dir;
    private final long maxBytes;

    PreviewCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) { // left by a server that stopped mid-render
                for (Path part : files.filter(f -> f.getFileName().toString().endsWith(PART)).toList()) {
                    Files.deleteIfExists(part);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the preview cache " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The cached preview of {@code key}, marked as just played. */
    Optional<Path> get(String key) {
        Path file = dir.resolve(key + SUFFIX);
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(file);
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    /** A new temporary file for a preview of {@code key} being rendered. */
    Path temporary(String key) {
        return dir.resolve("." + key + "." + UUID.randomUUID() + PART);
    }

    /** Puts a whole preview in place, then trims the cache to its cap. */
    Path commit(Path temporary, String key) throws IOException {
        Path file = dir.resolve(key + SUFFIX);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        evict(file);
        return file;
    }

    void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // our own temporary file; the next start removes it
        }
    }

    /** Deletes the least recently played previews until the cache fits its cap (never {@code keep}, the newest). */
    synchronized void evict(Path keep) throws IOException {
        record Entry(Path file, long size, long played) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    Entry e = new Entry(f, Files.size(f), Files.getLastModifiedTime(f).toMillis());
                    entries.add(e);
                    total += e.size();
                } catch (IOException gone) {
                    // evicted by another request meanwhile
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::played));
        for (Entry e : entries) {
            if (total <= maxBytes) {
                break;
            }
            if (!e.file().equals(keep) && Files.deleteIfExists(e.file())) {
                total -= e.size();
            }
        }
    }
}
