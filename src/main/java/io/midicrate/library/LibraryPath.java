package io.midicrate.library;

import java.util.List;

/**
 * How midicrate addresses a file: a plain absolute path, or an archive entry written
 * {@code /packs/pack.zip!/dir/file.mid} (nested: {@code a.zip!/b.zip!/x.mid}).
 *
 * <p>The address is unambiguous: inside any part (a file-system path or an entry name), a run of {@code !} that is
 * followed by {@code /} is written doubled, so a single {@code !} before {@code /} only ever separates an archive
 * from its entry. A folder {@code Hits!} holding {@code a.mid} is stored as {@code /lib/Hits!!/a.mid}; every path
 * without {@code !/} is stored exactly as it is. Decoding: a run of {@code k} {@code !} before {@code /} is
 * {@code k/2} literal {@code !}, then a separator when {@code k} is odd, else a literal {@code /}.
 */
public final class LibraryPath {

    public static final String ARCHIVE_SEPARATOR = "!/";

    private LibraryPath() {
    }

    /** The address of a plain file (or folder) at {@code fileSystemPath}. */
    public static String plain(String fileSystemPath) {
        return escape(fileSystemPath);
    }

    /** The address of entry {@code entryName} of the archive at address {@code archivePath}. */
    public static String entry(String archivePath, String entryName) {
        // a '!' run ending the archive's address now stands before '/': it is doubled like any other
        int trailing = 0;
        while (trailing < archivePath.length() && archivePath.charAt(archivePath.length() - 1 - trailing) == '!') {
            trailing++;
        }
        return archivePath + "!".repeat(trailing) + ARCHIVE_SEPARATOR + escape(entryName);
    }

    /** The address split at each archive boundary and unescaped: {@code [/a.zip, b.zip, x.mid]}. */
    public static List<String> segments(String path) {
        if (path.indexOf('!') < 0) {
            return List.of(path);
        }
        List<String> segments = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder(path.length());
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c != '!') {
                current.append(c);
                i++;
                continue;
            }
            int run = i;
            while (run < path.length() && path.charAt(run) == '!') {
                run++;
            }
            int bangs = run - i;
            if (run < path.length() && path.charAt(run) == '/') {
                current.append("!".repeat(bangs / 2));
                if (bangs % 2 == 1) {
                    segments.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append('/');
                }
                i = run + 1;
            } else {
                current.append("!".repeat(bangs));
                i = run;
            }
        }
        segments.add(current.toString());
        return segments;
    }

    public static boolean isArchiveEntry(String path) {
        return path.contains(ARCHIVE_SEPARATOR) && segments(path).size() > 1;
    }

    /** The path the file system knows a plain file's address by (its escapes undone), or null for an archive entry. */
    public static String filePath(String address) {
        List<String> segments = segments(address);
        return segments.size() == 1 ? segments.get(0) : null;
    }

    /** Doubles every run of {@code !} that stands before a {@code /}. */
    static String escape(String part) {
        if (!part.contains(ARCHIVE_SEPARATOR)) {
            return part;
        }
        StringBuilder out = new StringBuilder(part.length() + 4);
        int i = 0;
        while (i < part.length()) {
            char c = part.charAt(i);
            if (c != '!') {
                out.append(c);
                i++;
                continue;
            }
            int run = i;
            while (run < part.length() && part.charAt(run) == '!') {
                run++;
            }
            boolean beforeSlash = run < part.length() && part.charAt(run) == '/';
            out.append("!".repeat(beforeSlash ? 2 * (run - i) : run - i));
            i = run;
        }
        return out.toString();
    }

    /** The last name in the path: {@code x.mid} for {@code /a/b.zip!/dir/x.mid}. */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The lower-cased extension of the last name in the path, or "" when it has none. */
    public static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    /** Whether this JVM reads file names as UTF-8 (fixed from the locale when the JVM starts). */
    public static boolean namesAreUtf8() {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        return encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8");
    }

    /** Java decodes undecodable name bytes to U+FFFD; such a name cannot be opened again faithfully. */
    public static boolean isBadlyEncoded(String name) {
        return name.indexOf('\uFFFD') >= 0;
    }

    /**
     * The last name of {@code path} as the bytes on disk, printable ASCII as is and every other byte as {@code \xNN}:
     * what a user needs to find a file whose name is not valid UTF-8 (Java shows those bytes as U+FFFD).
     */
    public static String escapedRawName(java.nio.file.Path path) {
        String raw = path.toAbsolutePath().toUri().getRawPath();
        if (raw.length() > 1 && raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        raw = raw.substring(raw.lastIndexOf('/') + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                out.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02X", b));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
