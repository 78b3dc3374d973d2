package io.midicrate.cli;

import java.io.PrintStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.library.LibraryPath;
import io.midicrate.query.Cursor;
import io.midicrate.query.Facets;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.ResultFormats;
import io.midicrate.query.SearchPage;
import io.midicrate.query.SearchRow;
import io.midicrate.query.ShownPath;
import io.midicrate.query.Sort;
import io.midicrate.AppContext;
import io.midicrate.query.FacetCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Finds files by the query language: key:Am bpm:120..128 drums:yes tag:house,techno \"dark pad\" ... "
                + "(the README lists every field).",
                "A term starting with '-' or '^' is negated (-tag:fill, ^path:**/Old/**); an argument starting with '--' is "
                        + "always an option.",
                "One row per distinct content, showing the path the query was about; +N: how many other paths hold the same "
                        + "bytes.",
                "The table shows " + SearchCommand.PAGE + " rows and the next page's cursor; json, csv, paths and m3u print "
                        + "every match unless --limit is given, and stdout carries only results.",
                "Archive entries (a.zip!/b.mid) are no files: --files-only leaves them out, and "
                        + "'midicrate export QUERY --to DIR' writes them out as files."},
        footerHeading = "%nExamples:%n",
        footer = {"  midicrate search key:Am bpm:120..128 drums:yes -tag:fill",
                "  midicrate search 'key:8A~' ^inst:piano --sort bpm --format paths --files-only | xargs -d '\\n' cp -t ~/crate",
                "  midicrate search genre:house --count"})
class SearchCommand implements Callable<Integer> {

    enum Format { TABLE, JSON, CSV, PATHS, M3U }

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Rows per page of the table, and of the other formats when only --after is given. */
    static final int PAGE = 50;

    @Parameters(arity = "0..*", paramLabel = "QUERY", preprocessor = QueryArguments.class,
            description = "Query terms, all must hold (none: every file).")
    List<String> query = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "ORDER",
            description = "bpm, key, duration, path, recent, relevance or rating (best first; default: path).")
    String sort;

    @Option(names = {"-n", "--limit"}, paramLabel = "N",
            description = "Rows per page (table: " + PAGE + "); json, csv, paths and m3u then print one page and its "
                    + "next-page cursor instead of every match.")
    Integer limit;

    @Option(names = "--after", paramLabel = "CURSOR", description = "Continue after the page that printed this cursor.")
    String after;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, csv, paths or m3u (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--files-only", description = "With paths or m3u: real files only. A match held only inside archives is "
            + "left out (counted on stderr); one held as a file too is printed as that file.")
    boolean filesOnly;

    @Option(names = "--count", description = "Print the number of matches and the top keys, tempo bands, meters, instrument families and tags.")
    boolean count;

    @Option(names = "--compatible", description = "Musician's matching for every key and bpm term, as if each ended with ~.")
    boolean compatible;

    @Override
    public Integer call() {
        // everything the operator wrote is checked before the database starts
        Query parsed = QueryParser.parse(query, compatible);
        Format output = format(format);
        Sort order = sort == null ? null : Sort.parse(sort);
        Cursor cursor = after == null ? null : Cursor.parse(after);
        if (limit != null && (limit < 1 || limit > LibrarySearch.MAX_LIMIT)) {
            throw new OperatorException("--limit must be between 1 and " + LibrarySearch.MAX_LIMIT);
        }
        if (count && (output == Format.PATHS || output == Format.M3U || output == Format.CSV)) {
            throw new OperatorException("--count prints as a table or as json, not " + format);
        }
        if (filesOnly && output != Format.PATHS && output != Format.M3U) {
            throw new OperatorException("--files-only goes with --format paths or m3u");
        }
        // a machine reading the output gets every match unless it asked for a page
        boolean everyMatch = output != Format.TABLE && limit == null && cursor == null;
        ShownPath shown = filesOnly ? ShownPath.FILE_FIRST : ShownPath.MATCHING;
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            LibrarySearch search = context.getBean(LibrarySearch.class);
            PrintStream out = System.out;
            if (count) {
                Facets facets = context.getBean(FacetCounts.class).count(parsed);
                if (output == Format.JSON) {
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(facets));
                } else {
                    printFacets(out, facets);
                }
                return MidicrateCli.OK;
            }
            if (output == Format.TABLE) {
                printTable(out, search.search(parsed, order, limit == null ? PAGE : limit, cursor));
                return MidicrateCli.OK;
            }
            SearchPage page = everyMatch ? null : search.search(parsed, order, limit == null ? PAGE : limit, cursor, shown);
            if (page != null && output == Format.JSON) { // one page: an object with its rows and the next page's cursor
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(jsonPage(page)));
                return MidicrateCli.OK;
            }
            RowPrinter printer = printer(output, out);
            Consumer<SearchRow> each = row -> {
                printer.print(row);
                if (out.checkError()) { // the reader is gone (search ... | head): nobody reads the rest
                    throw new OutputClosed();
                }
            };
            try {
                if (page == null) {
                    search.forEachMatch(parsed, order, shown, each);
                } else {
                    page.rows().forEach(each);
                }
            } catch (OutputClosed gone) {
                return MidicrateCli.OK;
            }
            printer.finish();
            out.flush();
            if (printer.archiveEntries > 0) {
                System.err.println(archiveNote(printer.archiveEntries));
            }
            if (page != null && page.hasMore()) {
                System.err.println("next page: --after " + page.next().token());
            }
            return MidicrateCli.OK;
        }
    }

    /** Stops a stream of rows whose reader has closed standard output. */
    private static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super("standard output is closed", null, false, false);
        }
    }

    /** Prints rows as they come, so every match streams through the memory of one page. */
    private abstract static class RowPrinter {
        /** Archive entries among the paths or m3u lines: printed as addresses, or left out with --files-only. */
        long archiveEntries;

        abstract void print(SearchRow row);

        abstract void finish();
    }

    private RowPrinter printer(Format output, PrintStream out) {
        if (output == Format.JSON) { // every match: an array, one row a line
            return new RowPrinter() {
                private boolean first = true;

                @Override
                void print(SearchRow row) {
                    out.print(first ? "[\n" : ",\n");
                    first = false;
                    out.print(JSON.writeValueAsString(row));
                }

                @Override
                void finish() {
                    out.println(first ? "[]" : "\n]");
                }
            };
        }
        ResultFormats.RowWriter writer = switch (output) {
            case CSV -> ResultFormats.csv(textOf(out));
            case M3U -> ResultFormats.m3u(textOf(out));
            default -> null;
        };
        return new RowPrinter() {
            @Override
            void print(SearchRow row) {
                if (output != Format.CSV) {
                    row = file(row);
                    if (row == null) {
                        return;
                    }
                }
                if (writer == null) {
                    out.println(row.path());
                } else {
                    writer.write(row);
                }
            }

            @Override
            void finish() {
                if (writer != null) {
                    writer.finish();
                }
            }

            /** A paths or m3u line's row: a plain file's path as the file system spells it with --files-only. */
            private SearchRow file(SearchRow row) {
                String file = LibraryPath.filePath(row.path());
                if (file == null) {
                    archiveEntries++;
                    return filesOnly ? null : row;
                }
                return filesOnly ? row.withPath(file) : row;
            }
        };
    }

    /** The line on stderr about archive entries among the paths: they are no files, and how to get them out. */
    private String archiveNote(long entries) {
        String count = String.format(Locale.ROOT, "%,d", entries);
        String getOut = "'midicrate export QUERY --to DIR' writes them out as files";
        return filesOnly
                ? "left out " + count + (entries == 1 ? " match" : " matches") + " held only inside archives"
                        + " (a.zip!/b.mid is no file of its own): " + getOut
                : count + (entries == 1 ? " path is an archive entry (a.zip!/b.mid), not a file"
                        : " paths are archive entries (a.zip!/b.mid), not files") + ": --files-only leaves them out, " + getOut;
    }

    /** Text onto a print stream, in the stream's charset as its println would write it. */
    private static Writer textOf(PrintStream out) {
        return new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                out.append(java.nio.CharBuffer.wrap(chars, offset, length));
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    static Format format(String name) {
        try {
            return Format.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OperatorException("--format takes table, json, csv, paths or m3u, not '" + name + "'");
        }
    }

    private static void printTable(PrintStream out, SearchPage page) {
        out.printf("%-8s %-12s %7s %-5s %6s %-24s %-30s %6s  %s%n", "ID", "KEY", "BPM", "METER", "BARS", "INSTRUMENTS",
                "TAGS", "+PATHS", "PATH");
        for (SearchRow r : page.rows()) {
            out.printf("%-8d %-12s %7s %-5s %6s %-24s %-30s %6s  %s%n", r.id(),
                    r.key() == null ? "-" : abbreviate(r.key(), 8) + " " + r.camelot(),
                    r.bpm() == null ? "-" : String.format("%.1f", r.bpm()), dash(r.meter()),
                    r.bars() == null ? "-" : String.format("%.1f", r.bars()),
                    abbreviate(String.join(",", r.instruments()), 24), abbreviate(String.join(",", r.tags()), 30),
                    r.otherPaths() == 0 ? "" : "+" + r.otherPaths(), ResultFormats.printable(r.path())
                            + (r.similarity() == null ? "" : String.format(Locale.ROOT, "  (%.2f: %s)",
                            r.similarity().score(), r.similarity().why())));
        }
        if (page.rows().isEmpty()) {
            out.println("(no match)");
        }
        out.println(page.hasMore() ? "next page: --after " + page.next().token()
                : "(" + page.rows().size() + " rows, last page)");
    }

    private static void printFacets(PrintStream out, Facets facets) {
        out.printf("%,d matches%n", facets.total());
        if (facets.estimated()) {
            out.printf("(the counts below are estimated from a sample of %,d matches)%n", facets.sampled());
        }
        section(out, "key", facets.keys());
        section(out, "tempo band", facets.tempoBands());
        section(out, "meter", facets.meters());
        section(out, "instrument family", facets.instrumentFamilies());
        section(out, "tag", facets.tags());
        section(out, "yours", facets.kept());
        section(out, "crate", facets.crates());
        section(out, "your tag", facets.userTags());
        section(out, "progression", facets.progressions());
    }

    private static void section(PrintStream out, String title, List<Facets.Count> counts) {
        if (counts.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + ":");
        for (Facets.Count c : counts) {
            out.printf("  %-28s %,10d%n", c.value(), c.count());
        }
    }

    private static Map<String, Object> jsonPage(SearchPage page) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", page.rows());
        json.put("next", page.hasMore() ? page.next().token() : null);
        return json;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
