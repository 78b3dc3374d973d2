package io.midicrate.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.midicrate.library.PathGlob;

/**
 * Turns a {@link Query} into a SQL predicate over {@code content c LEFT JOIN search_row a} (or the search rows alone,
 * {@link #source}) and its bound arguments.
 * Only constant SQL fragments are concatenated here; every value from the query is a {@code ?} argument.
 */
final class QuerySql {

    /**
     * What a query reads: its tables, and how they name a content's id and its first path (the sort key).
     *
     * @see #source(Query)
     */
    record Source(String from, String id, String path) {
    }

    /**
     * Every content, with its search row (V21) where it has been analysed; a positive term on a search row column
     * makes PostgreSQL turn the join into an inner one.
     */
    static final Source CONTENT = new Source("content c LEFT JOIN search_row a ON a.content_id = c.id", "c.id",
            "c.canonical_path");

    /** The search rows alone: for queries that only analysed contents can match, and that ask nothing of content. */
    static final Source SEARCH_ROW = new Source("search_row a", "a.content_id", "a.sort_path");

    /** The base every query may read: every content, analysed or not. */
    static final String FROM = CONTENT.from();

    /**
     * The search rows alone when every term is on them and one is positive (only an analysed content can match, and
     * each has its search row, its first path included): a count or a page in path order then reads one narrow table
     * instead of joining a million contents.
     */
    static Source source(Query query) {
        boolean positive = false;
        for (Query.Term term : query.terms()) {
            if (!onSearchRow(term)) {
                return CONTENT;
            }
            positive |= !term.negated();
        }
        return positive ? SEARCH_ROW : CONTENT;
    }

    private static boolean onSearchRow(Query.Term term) {
        if (term instanceof Query.Numeric n) {
            return n.field() != Query.NumericField.ID && n.field() != Query.NumericField.IMPORTED
                    && n.field() != Query.NumericField.RATING;
        }
        return term instanceof Query.Text || term instanceof Query.Keys || term instanceof Query.Meters
                || term instanceof Query.Instruments || term instanceof Query.Drums || term instanceof Query.Tags
                || term instanceof Query.Chords || term instanceof Query.Progressions || term instanceof Query.Like;
    }

    /** The stored full-text vector; the GIN index {@code search_row_words_idx} is built on the key and it (V21). */
    static final String SEARCH_VECTOR = "a.search_vector";

    /**
     * Whether a content's file name (the last part of its first path, an archive entry's too) holds every word of the
     * query's positive text terms, separators read as spaces as the stored search text does: relevance puts those
     * contents first. The search row keeps the name's words (V21 {@code name_vector}) in the same GIN index as the
     * words, so the files named by the words are found by the index; testing each match's path (a regex, then a
     * tsvector of the name) cost 55 ms for the 7,964 files holding "warm" and "keys".
     */
    static String nameMatch(Query query, List<Object> args) {
        args.add(rankQuery(query));
        return "(a.name_vector @@ to_tsquery('simple', ?))";
    }

    record Where(String sql, List<Object> args) {
    }

    private QuerySql() {
    }

    static Where where(Query query) {
        return where(query, word -> null);
    }

    /**
     * What a bare word stands for in the stored vectors: its lexeme (the word as PostgreSQL normalizes it) and every
     * word of the library starting with it (V19's {@code search_word}), or null for words when there are too many or
     * none, so the prefix itself is asked for.
     */
    record Prefix(String lexeme, List<String> words) {
    }

    /**
     * @param prefixes what each bare word stands for (null: the word keeps PostgreSQL's prefix match); with it the
     *                 GIN index intersects exact words, skipping through a common word's postings instead of
     *                 collecting them all (a prefix), which cost 50 ms for a word most files hold
     */
    static Where where(Query query, Function<String, Prefix> prefixes) {
        List<String> and = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Query.Term term : query.terms()) {
            String predicate = term instanceof Query.Like like ? like(query, like, args, prefixes)
                    : predicate(term, args, prefixes);
            if (!term.negated()) {
                and.add("(" + predicate + ")");
            } else if (neverNull(term)) {
                // NOT EXISTS becomes an anti-join probed row by row while a page is read; wrapped in IS NOT TRUE it
                // was a hash of every content holding the tag, built before the first row
                and.add("NOT (" + predicate + ")");
            } else {
                // a file without an analysis (pending, failed) has NULL there, and '-drums:yes' or '-tag:house' must
                // include it
                and.add("(" + predicate + ") IS NOT TRUE");
            }
        }
        return new Where(and.isEmpty() ? "TRUE" : String.join(" AND ", and), args);
    }

    /** Terms written as EXISTS, which is true or false, never NULL. */
    private static boolean neverNull(Query.Term term) {
        return term instanceof Query.Paths || term instanceof Query.Dupes || term instanceof Query.Favourite
                || term instanceof Query.UserTags || term instanceof Query.Crates
                || term instanceof Query.Numeric n && n.field() == Query.NumericField.RATING;
    }

    private static String predicate(Query.Term term, List<Object> args, Function<String, Prefix> prefixes) {
        if (term instanceof Query.Text t) {
            String exact = exactTsquery(t, prefixes);
            if (exact != null) {
                args.add(exact);
                return SEARCH_VECTOR + " @@ ?::tsquery";
            }
            args.add(tsquery(t));
            return SEARCH_VECTOR + " @@ to_tsquery('simple', ?)";
        } else if (term instanceof Query.Numeric n) {
            return numeric(n, args);
        } else if (term instanceof Query.Keys k) {
            // smallint like the column: an integer array is another type, which the key-and-words GIN index
            // (btree_gin) cannot take, so "dark pad" key:Em intersected two bitmaps instead (29 ms more)
            args.add(k.keyIndexes().stream().sorted().toArray(Integer[]::new));
            return "a.key_index = ANY(?::smallint[])";
        } else if (term instanceof Query.Meters m) {
            args.add(m.meters().toArray(String[]::new));
            return "a.time_signature = ANY(?)";
        } else if (term instanceof Query.Instruments i) {
            // one GIN index (search_row_instruments_idx) serves families and the pitched parts' programs
            args.add(i.families().toArray(String[]::new));
            if (i.programs().isEmpty()) {
                return "a.instrument_families && ?::text[]";
            }
            args.add(i.programs().toArray(Integer[]::new));
            return "a.instrument_families && ?::text[] OR a.instrument_programs && ?::integer[]";
        } else if (term instanceof Query.Drums d) {
            return switch (d.value()) {
                case YES -> "a.has_drums";
                case NO -> "NOT a.has_drums";
                case ONLY -> "a.drums_only";
            };
        } else if (term instanceof Query.Tags t) {
            // any of the names (tag:a,b); the GIN index search_row_tags_idx serves it
            args.add(t.names().toArray(String[]::new));
            return "a.tags && ?::text[]";
        } else if (term instanceof Query.Paths p) {
            return "EXISTS (SELECT 1 FROM location l WHERE l.content_id = c.id AND " + pathMatch("l.path", p, args) + ")";
        } else if (term instanceof Query.NameWords w) {
            args.add(w.values().toArray(String[]::new));
            return (w.field() == Query.NameField.GENRE ? "c.name_genres" : "c.name_roles") + " && ?::text[]";
        } else if (term instanceof Query.Pack p) {
            List<String> or = new ArrayList<>();
            for (String pattern : p.patterns()) {
                or.add("lower(c.pack) LIKE ?");
                args.add(likeEscape(pattern).replace("*", "%"));
            }
            return String.join(" OR ", or);
        } else if (term instanceof Query.Status s) {
            List<String> or = new ArrayList<>();
            for (Query.StatusValue v : s.values()) {
                or.add(switch (v) {
                    case OK -> "c.analysis_status = 'ok'";
                    case FAILED -> "c.analysis_status = 'failed'";
                    case PENDING -> "c.analyzed_at IS NULL";
                });
            }
            return String.join(" OR ", or);
        } else if (term instanceof Query.Dupes d) {
            // held at two or more live paths: a copy 'dupes --apply' moved away (moved_to set) no longer counts
            return (d.atSeveralPaths() ? "" : "NOT ")
                    + "EXISTS (SELECT 1 FROM location l WHERE l.content_id = c.id AND l.moved_to IS NULL AND l.missing_since IS NULL OFFSET 1)";
        } else if (term instanceof Query.Favourite f) {
            // curation (V25) is keyed by the bytes: each probe is an index lookup on the content's BLAKE3
            return (f.starred() ? "" : "NOT ") + "EXISTS (SELECT 1 FROM favourite f WHERE f.blake3 = c.blake3)";
        } else if (term instanceof Query.UserTags t) {
            args.add(t.tags().toArray(String[]::new));
            return "EXISTS (SELECT 1 FROM user_tag t WHERE t.blake3 = c.blake3 AND t.tag = ANY(?::text[]))";
        } else if (term instanceof Query.Crates k) {
            // crate names are unique in any case (crate_name_idx), and PostgreSQL lowers both sides alike
            args.add(k.names().toArray(String[]::new));
            return "EXISTS (SELECT 1 FROM crate_member m JOIN crate k ON k.id = m.crate_id WHERE m.blake3 = c.blake3"
                    + " AND lower(k.name) IN (SELECT lower(x) FROM unnest(?::text[]) x))";
        } else if (term instanceof Query.Chords k) {
            // any of the chords; the GIN index search_row_chords_idx serves it
            args.add(k.codes().toArray(Integer[]::new));
            return "a.chord_codes && ?::integer[]";
        } else if (term instanceof Query.Progressions p) {
            // the shape's trigram index (V26) serves every run; a run of chord names is then checked by its names
            List<String> or = new ArrayList<>();
            for (int i = 0; i < p.shapePatterns().size(); i++) {
                args.add(p.shapePatterns().get(i));
                if (p.chordPatterns().get(i).isEmpty()) {
                    or.add("a.progression_shape LIKE ?");
                } else {
                    or.add("a.progression_shape LIKE ? AND a.progression_chords LIKE ?");
                    args.add(p.chordPatterns().get(i));
                }
            }
            return String.join(" OR ", or);
        }
        throw new IllegalStateException("unhandled term " + term);
    }

    /**
     * {@code like:ID}: the {@link Query#LIKE_NEAREST} contents nearest to the file by their sound summary (V26's GiST
     * index, walked nearest first) among those matching the query's other terms, never the file itself. The other
     * terms are tested inside, so that a filter keeps as many files as it can; the ranking by the whole vector is
     * {@link Sort#SIMILAR}'s.
     */
    private static String like(Query query, Query.Like like, List<Object> args, Function<String, Prefix> prefixes) {
        Query rest = new Query(query.terms().stream().filter(t -> !(t instanceof Query.Like)).toList(), query.source());
        Where others = where(rest, prefixes);
        // each candidate the index walks past costs a lookup per table: content only when a term reads it
        boolean content = rest.terms().stream().anyMatch(t -> !onSearchRow(t));
        args.addAll(others.args());
        args.add(like.contentId());
        args.add(like.contentId());
        args.add(like.contentId());
        args.add(Query.LIKE_NEAREST);
        // without the file's own summary (not analysed by this version) nothing is near it
        return "a.content_id IN (SELECT a.content_id FROM sound_summary s JOIN search_row a ON a.content_id = s.content_id"
                + (content ? " JOIN content c ON c.id = a.content_id" : "") + " WHERE " + others.sql()
                + " AND s.content_id <> ?"
                + " AND EXISTS (SELECT 1 FROM sound_summary t WHERE t.content_id = ?) ORDER BY s.summary <-> (SELECT t.summary FROM sound_summary t WHERE t.content_id = ?) LIMIT ?)";
    }

    /**
     * Whether {@code column} matches any of a path term's patterns: a glob, an absolute prefix, or a text the path
     * contains; in parentheses.
     */
    static String pathMatch(String column, Query.Paths term, List<Object> args) {
        List<String> or = new ArrayList<>();
        for (String pattern : term.patterns()) {
            if (PathGlob.isGlob(pattern)) {
                or.add(column + " ~ ?");
                args.add(PathGlob.regex(pattern));
            } else if (pattern.startsWith("/")) {
                // LIKE with the wildcards escaped, so the trigram index serves it like the globs
                or.add(column + " LIKE ?");
                args.add(likeEscape(pattern) + "%");
            } else {
                or.add(column + " LIKE ?");
                args.add("%" + likeEscape(pattern) + "%");
            }
        }
        return "(" + String.join(" OR ", or) + ")";
    }

    /**
     * The path a result row shows (see {@link ShownPath}), as an expression over content {@code c}: among the live
     * paths of the content (its own location rows, found by their content_id index, so a page costs what its rows
     * hold), plain files first when asked, then those satisfying every positive path term, then those holding the
     * most positive words as a word or a word's start (as the full-text search reads a path: any run of letters and
     * digits), then byte order; the first path when none is live. A query without path terms or words keeps the first
     * path, and costs nothing more.
     */
    static String shownPath(Query query, ShownPath choice, List<Object> args) {
        List<String> order = new ArrayList<>();
        if (choice == ShownPath.FILE_FIRST) {
            // an archive entry: an odd run of '!' before a '/' (LibraryPath's address)
            order.add("l.path ~ '(^|[^!])(!!)*!/'");
        }
        // the arguments go in the order their expressions are written: the path terms', then the words'
        List<String> pathTerms = new ArrayList<>();
        for (Query.Term term : query.terms()) {
            if (term instanceof Query.Paths p && !p.negated()) {
                pathTerms.add(pathMatch("l.path", p, args));
            }
        }
        if (!pathTerms.isEmpty()) {
            order.add("NOT (" + String.join(" AND ", pathTerms) + ")");
        }
        List<String> words = new ArrayList<>();
        for (Query.Term term : query.terms()) {
            if (term instanceof Query.Text t && !t.negated()) {
                for (String word : t.words()) { // letters and digits only (QueryParser), so nothing in it is a regex operator
                    words.add("(l.path !~* ?)::int");
                    args.add("(^|[^[:alnum:]])" + word);
                }
            }
        }
        if (!words.isEmpty()) {
            order.add(String.join(" + ", words));
        }
        if (order.isEmpty()) {
            return "c.canonical_path";
        }
        return "COALESCE((SELECT l.path FROM location l WHERE l.content_id = c.id AND l.moved_to IS NULL"
                + " AND l.missing_since IS NULL ORDER BY " + String.join(", ", order) + ", l.path LIMIT 1), c.canonical_path)";
    }

    /**
     * The query over one copy, {@code location copy} joined to its content (as {@link #FROM} names it): the path
     * terms test the copy's own path ({@code -path:} excludes that copy, not every copy of its content), the other
     * terms its content.
     */
    static Where copyWhere(Query query, Function<String, Prefix> prefixes) {
        Where content = where(new Query(query.terms().stream().filter(t -> !(t instanceof Query.Paths)).toList(),
                query.source()), prefixes);
        List<String> and = new ArrayList<>(List.of(content.sql()));
        List<Object> args = new ArrayList<>(content.args());
        for (Query.Term term : query.terms()) {
            if (term instanceof Query.Paths p) {
                and.add((p.negated() ? "NOT " : "") + pathMatch("copy.path", p, args));
            }
        }
        return new Where(String.join(" AND ", and), args);
    }

    private static String numeric(Query.Numeric n, List<Object> args) {
        String column = switch (n.field()) {
            case BPM -> "a.bpm";
            case BARS -> "a.duration_bars";
            case DURATION -> "a.duration_seconds";
            case NOTES -> "a.note_count";
            case TRACKS -> "a.track_count";
            case ID -> "c.id";
            case IMPORTED -> "c.first_import_id";
            case RATING -> "r.rating";
            case CHORDS -> "a.distinct_chords";
        };
        boolean whole = n.field() == Query.NumericField.NOTES || n.field() == Query.NumericField.TRACKS
                || n.field() == Query.NumericField.ID || n.field() == Query.NumericField.IMPORTED
                || n.field() == Query.NumericField.RATING || n.field() == Query.NumericField.CHORDS;
        List<String> or = new ArrayList<>();
        for (Query.Range r : n.ranges()) {
            List<String> bounds = new ArrayList<>();
            if (n.field() == Query.NumericField.IMPORTED) {
                // imports are named by execution (as 'jobs' lists them); content rows keep the import's run id
                StringBuilder sql = new StringBuilder("c.first_import_id IN (SELECT job_instance_id FROM batch_job_execution WHERE TRUE");
                if (r.low() != null) {
                    sql.append(" AND job_execution_id >= ?");
                    args.add(r.low().longValue());
                }
                if (r.high() != null) {
                    sql.append(" AND job_execution_id <= ?");
                    args.add(r.high().longValue());
                }
                or.add(sql.append(')').toString());
                continue;
            }
            if (r.low() != null) {
                bounds.add(column + " >= ?");
                args.add(whole ? (Object) r.low().longValue() : r.low());
            }
            if (r.high() != null) {
                bounds.add(column + (r.highExclusive() ? " < ?" : " <= ?"));
                args.add(whole ? (Object) r.high().longValue() : r.high());
            }
            or.add("(" + String.join(" AND ", bounds) + ")");
        }
        if (n.field() == Query.NumericField.RATING) {
            // an unrated file has no row: EXISTS is false for it, so '-rating:4..' includes it
            return "EXISTS (SELECT 1 FROM rating r WHERE r.blake3 = c.blake3 AND (" + String.join(" OR ", or) + "))";
        }
        return String.join(" OR ", or);
    }

    /**
     * A tsquery in PostgreSQL's syntax built from words that hold only letters and digits (so nothing in them is
     * an operator): a bare word's parts must all appear, each as a prefix; a phrase's words in order.
     */
    static String tsquery(Query.Text text) {
        if (text.phrase()) {
            return text.words().stream().map(w -> "'" + w + "'").collect(Collectors.joining(" <-> "));
        }
        return text.words().stream().map(w -> "'" + w + "':*").collect(Collectors.joining(" & "));
    }

    /**
     * A bare word's tsquery with each word replaced by the exact words it is a prefix of, as a tsquery literal (the
     * lexemes are PostgreSQL's own, so they are not normalized again); null when a word has no single lexeme, or for
     * a phrase (its words are exact already).
     */
    static String exactTsquery(Query.Text text, Function<String, Prefix> prefixes) {
        if (text.phrase()) {
            return null;
        }
        List<String> and = new ArrayList<>();
        for (String word : text.words()) {
            Prefix prefix = prefixes.apply(word);
            if (prefix == null) {
                return null;
            }
            and.add(prefix.words() == null ? lexeme(prefix.lexeme()) + ":*"
                    : "(" + prefix.words().stream().map(QuerySql::lexeme).collect(Collectors.joining(" | ")) + ")");
        }
        return String.join(" & ", and);
    }

    /** A lexeme quoted for tsquery input: a quote doubled, a backslash escaped. */
    private static String lexeme(String word) {
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** All positive full-text terms as one tsquery, for ranking. */
    static String rankQuery(Query query) {
        return query.terms().stream().filter(t -> t instanceof Query.Text && !t.negated())
                .map(t -> "(" + tsquery((Query.Text) t) + ")").collect(Collectors.joining(" & "));
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
