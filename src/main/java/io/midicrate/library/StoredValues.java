package io.midicrate.library;

import java.nio.charset.StandardCharsets;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * Fits values read from files to the columns that store them (schema/V2__library.sql, V3__analysis.sql), by rule
 * rather than by luck: a value a column cannot hold faithfully becomes NULL or a documented stand-in (and a
 * warning), or the file is recorded with a family. Every writer binds file values through these.
 */
public final class StoredValues {

    /**
     * The longest path (UTF-8 bytes) the library stores: paths are keys of B-tree indexes (location, staging, error
     * rows), whose entries PostgreSQL caps at about 2,700 bytes.
     */
    public static final int MAX_PATH_BYTES = 2000;

    private StoredValues() {
    }

    /** {@code content.smf_format} (smallint): the declared format when it is one (0, 1, 2), else NULL (unknown). */
    public static Integer smfFormat(int declared) {
        return declared >= 0 && declared <= 2 ? declared : null;
    }

    /**
     * {@code analysis.smf_format} (smallint, not null): the format the parser read the file as; it reads any other
     * declared value as format 1 and says so in the warnings (UNSUPPORTED_FORMAT).
     */
    public static int formatReadAs(int declared) {
        return declared >= 0 && declared <= 2 ? declared : 1;
    }

    /** A {@code real} column: NULL for a value that is not finite or does not fit a float. */
    public static Float real(double value) {
        return Double.isFinite(value) && Math.abs(value) <= Float.MAX_VALUE ? (float) value : null;
    }

    /** Whether {@code path} fits the library's path indexes. */
    public static boolean fitsIndex(String path) {
        return path.length() * 3 <= MAX_PATH_BYTES || path.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    /** Throws {@link ValueRejected} (BAD_NAME) for a path the library cannot index. */
    public static String indexedPath(String path) {
        if (!fitsIndex(path)) {
            throw new ValueRejected(ErrorFamily.BAD_NAME, tooLong(path));
        }
        return path;
    }

    /** Why a path is refused. */
    public static String tooLong(String path) {
        return "path is " + path.getBytes(StandardCharsets.UTF_8).length + " bytes long, over the " + MAX_PATH_BYTES
                + "-byte bound of the library's path index";
    }

    /**
     * The path an error row names: the path itself, or for one too long to index its start and a hash of the whole,
     * so two long paths still make two rows.
     */
    public static String errorPath(String path) {
        if (fitsIndex(path)) {
            return path;
        }
        return path.substring(0, 500) + "...[sha256 " + DigestUtils.sha256Hex(path) + "]";
    }

    /** PostgreSQL text cannot hold NUL. */
    public static String text(String value) {
        return value == null ? null : value.replace('\0', ' ');
    }
}
