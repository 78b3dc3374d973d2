package io.midicrate.reprocessjob;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.midicrate.analysis.Tagger;
import io.midicrate.common.OperatorException;
import io.midicrate.library.LibraryPath;
import io.midicrate.library.PathGlob;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.QueryParser;
import io.midicrate.store.library.ContentSelection;

/**
 * Which content rows a reprocess works on, as the operator gave it. Different kinds of selector narrow each other
 * (AND); several values of one kind widen it (OR): {@code --tag house --tag techno --version-below 2} is every
 * house or techno file analysed before version 2.
 *
 * @param ids              ids and id ranges: "42", "100..200" (as the query language's {@code id:}), "100-200", or
 *                         open "..200", "100.."
 * @param paths            path prefixes, or globs when they hold * ? or [ (a relative glob matches the path's end)
 * @param importExecutions job executions of imports: the contents those import runs first brought in
 * @param versionBelow     analysis version older than this
 * @param failed           files whose last analysis failed
 * @param tags             tag names
 * @param all              every analysed file
 * @param query            files this search query matches (the query language of {@code midicrate search}), or null
 */
public record Selection(List<String> ids, List<String> paths, List<Long> importExecutions, Integer versionBelow,
                        boolean failed, List<String> tags, boolean all, String query) {

    /** 42, 100..200 (either end open, as the query language's id:), or 100-200. */
    private static final Pattern RANGE = Pattern.compile("(?<one>\\d+)|(?<low>\\d*)\\.\\.(?<high>\\d*)|(?<from>\\d+)-(?<to>\\d+)");

    public Selection {
        // "5,9..10" is two ranges, as --ids 5 --ids 9..10
        ids = ids == null ? List.of() : ids.stream().flatMap(i -> Arrays.stream(i.split(","))).map(String::strip)
                .filter(i -> !i.isEmpty()).toList();
        paths = paths == null ? List.of() : List.copyOf(paths);
        importExecutions = importExecutions == null ? List.of() : List.copyOf(importExecutions);
        tags = tags == null ? List.of() : List.copyOf(tags);
        query = query == null || query.isBlank() ? null : query.strip();
    }

    /** A selection without a query. */
    public Selection(List<String> ids, List<String> paths, List<Long> importExecutions, Integer versionBelow,
                     boolean failed, List<String> tags, boolean all) {
        this(ids, paths, importExecutions, versionBelow, failed, tags, all, null);
    }

    /** Checks what can be checked without a database; operator mistakes become {@link OperatorException}s. */
    public Selection validated() {
        if (!all && ids.isEmpty() && paths.isEmpty() && importExecutions.isEmpty() && versionBelow == null && !failed
                && tags.isEmpty() && query == null) {
            throw new OperatorException(
                    "name what to reprocess: --ids, --path, --import, --version-below, --failed, --tag, --query or --all");
        }
        if (query != null) {
            QueryParser.parse(query); // a bad term is the operator's mistake, said now
        }
        for (String range : ids) {
            bounds(range);
        }
        if (versionBelow != null && versionBelow < 1) {
            throw new OperatorException("--version-below must be at least 1");
        }
        List<String> absolute = new ArrayList<>();
        for (String path : paths) {
            if (path.isBlank()) {
                throw new OperatorException("--path must not be empty");
            }
            // a prefix is fixed against the folder the command runs in now, so a restart elsewhere selects the same
            absolute.add(isGlob(path) ? path : Path.of(path).toAbsolutePath().normalize().toString());
        }
        return new Selection(ids, absolute, importExecutions, versionBelow, failed, tags, all, query);
    }

    /**
     * The selection in words, as the audit pages and {@code midicrate audit} show it: one term per kind of selector,
     * in the order of the command's options, e.g. "paths under /lib, failed files, analysis version below 3". The
     * terms narrow each other; " or " joins the values of one kind.
     */
    public String describe() {
        List<String> terms = new ArrayList<>();
        if (all) {
            terms.add("every analysed file");
        }
        if (!ids.isEmpty()) {
            terms.add((ids.size() == 1 && !ids.get(0).contains("-") ? "id " : "ids ") + String.join(" or ", ids));
        }
        if (!paths.isEmpty()) {
            terms.add("paths " + String.join(" or ", paths.stream()
                    .map(p -> (isGlob(p) ? "matching " : "under ") + p).toList()));
        }
        if (!importExecutions.isEmpty()) {
            terms.add("first imported by execution " + String.join(" or ",
                    importExecutions.stream().map(String::valueOf).toList()));
        }
        if (failed) {
            terms.add("failed files");
        }
        if (versionBelow != null) {
            terms.add("analysis version below " + versionBelow);
        }
        if (!tags.isEmpty()) {
            terms.add("tagged " + String.join(" or ", tags));
        }
        if (query != null) {
            terms.add("matching the query " + query);
        }
        return terms.isEmpty() ? "nothing" : String.join(", ", terms);
    }

    static long[] bounds(String range) {
        Matcher m = RANGE.matcher(range.trim());
        if (!m.matches() || (m.group("low") != null && m.group("low").isEmpty() && m.group("high").isEmpty())) {
            throw new OperatorException("--ids takes content ids and ranges like 42, 100..200 (or 100-200), ..200 or 100..,"
                    + " separated by commas, not '" + range + "'");
        }
        long low;
        long high;
        try {
            if (m.group("one") != null) {
                low = Long.parseLong(m.group("one"));
                high = low;
            } else if (m.group("from") != null) {
                low = Long.parseLong(m.group("from"));
                high = Long.parseLong(m.group("to"));
            } else {
                low = m.group("low").isEmpty() ? 0 : Long.parseLong(m.group("low"));
                high = m.group("high").isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group("high"));
            }
        } catch (NumberFormatException e) {
            throw new OperatorException("--ids " + range + ": no content has an id that large");
        }
        if (high < low) {
            throw new OperatorException("--ids range " + range + " is empty (the end is before the start)");
        }
        return new long[] {low, high};
    }

    /** One kind of selector, as the operator wrote it, and the selection of it alone. */
    public record Selector(String written, Selection alone) {
    }

    /** Each kind of selector given, alone: to say which one matches nothing. */
    public List<Selector> selectors() {
        List<Selector> kinds = new ArrayList<>();
        if (!ids.isEmpty()) {
            kinds.add(new Selector("--ids " + String.join(",", ids), new Selection(ids, null, null, null, false, null, false)));
        }
        if (!paths.isEmpty()) {
            kinds.add(new Selector("--path " + String.join(" --path ", paths),
                    new Selection(null, paths, null, null, false, null, false)));
        }
        if (!importExecutions.isEmpty()) {
            kinds.add(new Selector("--import " + importExecutions.stream().map(String::valueOf).collect(Collectors.joining(" --import ")),
                    new Selection(null, null, importExecutions, null, false, null, false)));
        }
        if (versionBelow != null) {
            kinds.add(new Selector("--version-below " + versionBelow,
                    new Selection(null, null, null, versionBelow, false, null, false)));
        }
        if (failed) {
            kinds.add(new Selector("--failed", new Selection(null, null, null, null, true, null, false)));
        }
        if (!tags.isEmpty()) {
            kinds.add(new Selector("--tag " + String.join(" --tag ", tags), new Selection(null, null, null, null, false, tags, false)));
        }
        if (all) {
            kinds.add(new Selector("--all", new Selection(null, null, null, null, false, null, true)));
        }
        if (query != null) {
            kinds.add(new Selector("--query '" + query + "'", new Selection(null, null, null, null, false, null, false, query)));
        }
        return kinds;
    }

    /** The selection as the values the store turns into a predicate over {@code content} (bound parameters only). */
    public ContentSelection criteria() {
        List<long[]> ranges = ids.stream().map(Selection::bounds).toList();
        List<ContentSelection.PathPattern> patterns = paths.stream()
                .map(path -> isGlob(path) ? new ContentSelection.PathPattern(true, globRegex(path))
                        : new ContentSelection.PathPattern(false, prefix(path)))
                .toList();
        return new ContentSelection(ranges, patterns, importExecutions, versionBelow, failed,
                tags.stream().map(Tagger::normalise).toList(), all,
                query == null ? null : LibrarySearch.condition(QueryParser.parse(query)));
    }

    /**
     * The stored-address prefix of a --path: a folder or file that exists is addressed as the library addresses it
     * (a folder as "folder/", with "!/" escaped as {@link LibraryPath} does); anything else (an archive entry, a
     * folder gone since) is taken as written.
     */
    static String prefix(String path) {
        Path given = Path.of(path).toAbsolutePath().normalize();
        String text = given.toString();
        if (java.nio.file.Files.isDirectory(given)) {
            return LibraryPath.plain(text.endsWith("/") ? text : text + "/");
        }
        return java.nio.file.Files.exists(given) ? LibraryPath.plain(text) : text;
    }

    static boolean isGlob(String path) {
        return PathGlob.isGlob(path);
    }

    static String globRegex(String glob) {
        try {
            return PathGlob.regex(glob);
        } catch (IllegalArgumentException e) {
            throw new OperatorException("--path glob has an unclosed [: " + glob);
        }
    }}
