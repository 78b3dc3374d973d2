package io.midicrate.query;

import java.util.Locale;

/** Result orders. Nullable sort values (a file with no BPM or key, a file not analysed) come last, by id. */
public enum Sort {
    /** Ascending BPM. */
    BPM,
    /** Key index: C major .. B major, then C minor .. B minor. */
    KEY,
    /** Ascending duration in seconds. */
    DURATION,
    /** The content's first path (the smallest path that holds it). */
    PATH,
    /** Newest content first (content id descending). */
    RECENT,
    /**
     * Best full-text match first: files whose own name holds every word, then the rest, each by path; without words,
     * by path.
     */
    RELEVANCE,
    /** Sounds most like the file of the query's {@code like:} term first; without one, by path. */
    SIMILAR,
    /** Best rated first (5 down to 1), then the unrated; each by content id. */
    RATING;

    /** The default: the most similar first for a {@code like:} query, else path. */
    public static Sort defaultFor(Query query) {
        return query.like() != null ? SIMILAR : PATH;
    }

    public static Sort parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SearchOptionException(
                    "{sort} takes bpm, key, duration, path, recent, relevance, rating or similar, not '" + name + "'");
        }
    }
}
