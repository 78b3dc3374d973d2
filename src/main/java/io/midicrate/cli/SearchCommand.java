package io.midicrate.cli;

import java.io.PrintStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.query.Cursor;
import io.midicrate.query.Facets;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.ResultFormats;
import io.midicrate.query.SearchPage;
import io.midicrate.query.SearchRow;
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
                "One row per distinct content. Stdout carries only results (the next-page cursor of the non-table formats "
                        + "goes to stderr)."},
        footerHeading = "%nExamples:%n",
        footer = {"  midicrate search key:Am bpm:120..128 drums:yes -tag:fill",
                "  midicrate search 'key:8A~' ^inst:piano --sort bpm --format paths",
                "  midicrate search genre:house --count"})
class SearchCommand implements Callable<Integer> {

    enum Format { TABLE, JSON, CSV, PATHS, M3U }

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(arity = "0..*", paramLabel = "QUERY", preprocessor = QueryArguments.class,
            description = "Query terms, all must hold (none: every file).")
    List<String> query = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "ORDER",
            description = "bpm, key, duration, path, recent or relevance (default: path).")
    String sort;

    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "Rows per page (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--after", paramLabel = "CURSOR", description = "Continue after the page that printed this cursor.")
    String after;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, csv, paths or m3u (default ${DEFAULT-VALUE}).")
    String format;

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
        if (limit < 1 || limit > LibrarySearch.MAX_LIMIT) {
            throw new OperatorException("--limit must be between 1 and " + LibrarySearch.MAX_LIMIT);
        }
        if (count && (output == Format.PATHS || output == Format.M3U || output == Format.CSV)) {
            throw new OperatorException("--count prints as a table or as json, not " + format);
        }
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
            SearchPage page = search.search(parsed, order, limit, cursor);
            switch (output) {
                case TABLE -> printTable(out, page);
                case JSON -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(jsonPage(page)));
                case CSV -> out.print(formatted(ResultFormats.Format.CSV, page.rows()));
                case PATHS -> page.rows().forEach(r -> out.println(r.path()));
                case M3U -> out.print(formatted(ResultFormats.Format.M3U, page.rows()));
            }
            out.flush();
            if (output != Format.TABLE && output != Format.JSON && page.hasMore()) {
                System.err.println("next page: --after " + page.next().token());
            }
            return MidicrateCli.OK;
        }
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
                    r.otherPaths() == 0 ? "" : "+" + r.otherPaths(), ResultFormats.printable(r.path()));
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

    /** A page in one of the query layer's file formats (the search page downloads the same). */
    private static String formatted(ResultFormats.Format format, List<SearchRow> rows) {
        StringWriter text = new StringWriter();
        ResultFormats.RowWriter writer = ResultFormats.writer(format, text);
        rows.forEach(writer::write);
        writer.finish();
        return text.toString();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
