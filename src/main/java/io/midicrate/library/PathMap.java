package io.midicrate.library;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code midicrate.paths.map}: where this machine sees the library's files when it mounts them elsewhere than the
 * machine that imported them. Each entry {@code FROM=TO} maps the stored path prefix {@code FROM} to {@code TO}
 * here; the longest matching {@code FROM} wins, and a prefix matches only whole path segments ({@code /srv/midi}
 * maps {@code /srv/midi/a.mid}, not {@code /srv/midi2/a.mid}). Stored paths never change: only the file opened does.
 */
public final class PathMap {

    /** One entry: stored prefix {@code from}, local prefix {@code to}, both without a trailing slash. */
    public record Entry(String from, String to) {
        boolean covers(String path) {
            return path.startsWith(from) && (path.length() == from.length() || path.charAt(from.length()) == '/'
                    || from.equals("/"));
        }
    }

    public static final PathMap NONE = new PathMap(List.of());

    private final List<Entry> entries;

    private PathMap(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Parses the configured entries.
     *
     * @throws IllegalArgumentException naming the bad entry and the expected form
     */
    public static PathMap parse(List<String> configured) {
        if (configured == null || configured.isEmpty()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : configured) {
            String text = raw == null ? "" : raw.strip();
            // TO is absolute, so '=/' ends FROM even when FROM itself holds an '='
            int at = text.indexOf("=/");
            if (!text.startsWith("/") || at < 1) {
                throw new IllegalArgumentException("'" + raw + "' is not FROM=TO with two absolute paths (e.g. /srv/midi=/mnt/midi)");
            }
            Entry entry = new Entry(trimSlash(text.substring(0, at)), trimSlash(text.substring(at + 1)));
            if (entries.stream().anyMatch(e -> e.from().equals(entry.from()))) {
                throw new IllegalArgumentException("'" + entry.from() + "' is mapped twice");
            }
            entries.add(entry);
        }
        entries.sort(Comparator.comparingInt((Entry e) -> e.from().length()).reversed());
        return new PathMap(List.copyOf(entries));
    }

    private static String trimSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry that maps this file-system path, or null. */
    public Entry entryFor(String fileSystemPath) {
        for (Entry e : entries) {
            if (e.covers(fileSystemPath)) {
                return e;
            }
        }
        return null;
    }

    /** Where this machine finds the file stored at {@code fileSystemPath} (a plain path, not a library address). */
    public String toLocal(String fileSystemPath) {
        Entry e = entryFor(fileSystemPath);
        if (e == null) {
            return fileSystemPath;
        }
        String rest = e.from().equals("/") ? fileSystemPath.substring(1) : fileSystemPath.substring(e.from().length());
        if (e.to().equals("/")) {
            return rest.startsWith("/") ? rest : "/" + rest;
        }
        return rest.isEmpty() || rest.startsWith("/") ? e.to() + rest : e.to() + "/" + rest;
    }
}
