package io.midicrate.query;

/**
 * Which of a content's paths its result row shows: a content is one row however many paths hold its bytes, and the
 * row names the path the query was about.
 */
public enum ShownPath {

    /**
     * A path that satisfies every path term of the query ({@code path:**}{@code /Drums/*.mid}) and holds the most of
     * its words, the first in byte order among equals; the content's first path when the query names no path or word.
     */
    MATCHING,

    /**
     * As {@link #MATCHING}, a plain file first: an archive entry ({@code a.zip!/b.mid}) only for a content held in
     * archives alone. For lists of files to copy or play.
     */
    FILE_FIRST
}
