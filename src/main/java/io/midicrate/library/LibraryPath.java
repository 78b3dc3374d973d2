package io.midicrate.library;

import java.util.List;

/**
 * How midicrate addresses a file: a plain absolute path, or an archive entry written
 * {@code /packs/pack.zip!/dir/file.mid} (nested: {@code a.zip!/b.zip!/x.mid}).
 */
public final class LibraryPath {

    public static final String ARCHIVE_SEPARATOR = "!/";

    private LibraryPath() {
    }

    public static String entry(String archivePath, String entryName) {
        return archivePath + ARCHIVE_SEPARATOR + entryName;
    }

    /** The path split at each archive boundary: {@code [/a.zip, b.zip, x.mid]}. */
    public static List<String> segments(String path) {
        return List.of(path.split(ARCHIVE_SEPARATOR, -1));
    }

    public static boolean isArchiveEntry(String path) {
        return path.contains(ARCHIVE_SEPARATOR);
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

    /** Java decodes undecodable name bytes to U+FFFD; such a name cannot be opened again faithfully. */
    public static boolean isBadlyEncoded(String name) {
        return name.indexOf('\uFFFD') >= 0;
    }
}
