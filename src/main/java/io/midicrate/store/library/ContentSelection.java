package io.midicrate.store.library;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.midicrate.query.LibrarySearch;

/**
 * Which content rows a reprocess works on, as values: kinds narrow each other (AND), several values of one kind widen
 * it (OR). Every value becomes a bound parameter of {@link #where()}; only the shape of the predicate comes from here.
 *
 * @param idRanges         content id ranges, each {@code {low, high}} inclusive
 * @param paths            paths of any location: a prefix, or a regular expression (a glob translated)
 * @param importExecutions job executions of imports: the contents those import runs first brought in
 * @param versionBelow     analysis version older than this, or null
 * @param failed           files whose last analysis failed
 * @param tags             tag names, normalised
 * @param all              every analysed file
 * @param query            the search query layer's condition on {@code content}, or null
 */
public record ContentSelection(List<long[]> idRanges, List<PathPattern> paths, List<Long> importExecutions,
                               Integer versionBelow, boolean failed, List<String> tags, boolean all,
                               LibrarySearch.ContentCondition query) {

    /** A path prefix ({@code regex} false) or a regular expression over the whole path. */
    public record PathPattern(boolean regex, String value) {
    }

    /** A predicate over table {@code content} and its {@code ?} arguments, in order. */
    record Predicate(String sql, Object[] args) {
    }

    public ContentSelection {
        idRanges = List.copyOf(idRanges);
        paths = List.copyOf(paths);
        importExecutions = List.copyOf(importExecutions);
        tags = List.copyOf(tags);
    }

    Predicate where() {
        List<String> and = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!idRanges.isEmpty()) {
            List<String> or = new ArrayList<>();
            for (long[] range : idRanges) {
                or.add("content.id BETWEEN ? AND ?");
                args.add(range[0]);
                args.add(range[1]);
            }
            and.add("(" + String.join(" OR ", or) + ")");
        }
        if (!paths.isEmpty()) {
            List<String> or = new ArrayList<>();
            for (PathPattern path : paths) {
                or.add(path.regex() ? "l.path ~ ?" : "starts_with(l.path, ?)");
                args.add(path.value());
            }
            and.add("EXISTS (SELECT 1 FROM location l WHERE l.content_id = content.id AND (" + String.join(" OR ", or) + "))");
        }
        if (!importExecutions.isEmpty()) {
            and.add("content.first_import_id IN (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id IN ("
                    + placeholders(importExecutions.size()) + "))");
            args.addAll(importExecutions);
        }
        if (versionBelow != null) {
            and.add("content.analysis_version < ?");
            args.add(versionBelow);
        }
        if (failed) {
            and.add("content.analysis_status = 'failed'");
        }
        if (!tags.isEmpty()) {
            and.add("EXISTS (SELECT 1 FROM search_row a WHERE a.content_id = content.id AND a.tags && ?::text[])");
            args.add(tags.toArray(String[]::new));
        }
        if (all) {
            and.add("content.analyzed_at IS NOT NULL");
        }
        if (query != null) {
            and.add(query.sql());
            args.addAll(query.args());
        }
        return new Predicate(String.join(" AND ", and), args.toArray());
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
