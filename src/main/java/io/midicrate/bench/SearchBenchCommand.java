package io.midicrate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.query.Cursor;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.SearchPage;
import io.midicrate.query.Sort;
import io.midicrate.store.library.SyntheticLibrary;
import io.midicrate.AppContext;
import io.midicrate.query.FacetCounts;
import io.midicrate.query.FileDetailsQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search benchmark: fills an embedded database with analysed contents and their paths (set-based,",
                "seeded; no MIDI file is written), then times a fixed mix of searches, deep pages, facet counts and",
                "show, and prints p50/p95/max per query and per kind. The database is kept for the next run."})
class SearchBenchCommand implements Callable<Integer> {

    @Option(names = "--contents", defaultValue = "1000000", description = "Distinct contents (default ${DEFAULT-VALUE}).")
    long contents;

    @Option(names = "--locations", defaultValue = "1400000", description = "Paths in all (default ${DEFAULT-VALUE}).")
    long locations;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated rows (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rounds", defaultValue = "20", description = "Timed runs of each query (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--work-dir", defaultValue = "bench-out", description = "Where the database goes (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--explain", description = "Print the plan PostgreSQL chose for each query (EXPLAIN ANALYZE).")
    boolean explain;

    @Option(names = "--only", paramLabel = "REGEX", description = "Run only the queries whose whole name matches.")
    String only;

    enum Kind { FIRST_PAGE, DEEP_PAGE, COUNT, SHOW }

    record Case(String name, Kind kind, String query, Sort sort, int page) {
    }

    /** The fixed mix: single filters, combined ones, full text, negation, ~ matching, globs, deep pages, facets, show. */
    static final List<Case> MIX = List.of(
            new Case("key", Kind.FIRST_PAGE, "key:Am", null, 1),
            new Case("bpm range", Kind.FIRST_PAGE, "bpm:120..128", null, 1),
            new Case("key bpm drums", Kind.FIRST_PAGE, "key:Am bpm:120..128 drums:yes", null, 1),
            new Case("meter", Kind.FIRST_PAGE, "meter:3/4", null, 1),
            new Case("instrument", Kind.FIRST_PAGE, "inst:bass", null, 1),
            new Case("rare instrument", Kind.FIRST_PAGE, "inst:bagpipe", null, 1),
            new Case("tag", Kind.FIRST_PAGE, "tag:house", null, 1),
            new Case("genre role", Kind.FIRST_PAGE, "genre:trap role:bass", null, 1),
            new Case("pack wildcard", Kind.FIRST_PAGE, "pack:*trap*", null, 1),
            new Case("word", Kind.FIRST_PAGE, "dark", null, 1),
            new Case("phrase + filter", Kind.FIRST_PAGE, "\"dark pad\" key:Em", null, 1),
            new Case("rare word", Kind.FIRST_PAGE, "Pack 0042", null, 1),
            new Case("negation", Kind.FIRST_PAGE, "key:Em -tag:fill -drums:yes", null, 1),
            new Case("camelot ~", Kind.FIRST_PAGE, "key:8A~", null, 1),
            new Case("bpm ~", Kind.FIRST_PAGE, "bpm:120..128~ drums:only", null, 1),
            new Case("path glob", Kind.FIRST_PAGE, "path:**/Bass/*.mid", null, 1),
            new Case("rare path glob", Kind.FIRST_PAGE, "path:\"**/Pack 0042*/**\"", null, 1),
            new Case("path prefix", Kind.FIRST_PAGE, "path:/lib/zips/Pack", null, 1),
            new Case("dupes", Kind.FIRST_PAGE, "dupes:yes bars:..4", null, 1),
            new Case("pending", Kind.FIRST_PAGE, "status:pending", null, 1),
            new Case("sort bpm", Kind.FIRST_PAGE, "key:Am drums:no", Sort.BPM, 1),
            new Case("sort key", Kind.FIRST_PAGE, "", Sort.KEY, 1),
            new Case("sort duration", Kind.FIRST_PAGE, "inst:piano", Sort.DURATION, 1),
            new Case("sort recent", Kind.FIRST_PAGE, "tag:techno", Sort.RECENT, 1),
            new Case("relevance", Kind.FIRST_PAGE, "warm keys", Sort.RELEVANCE, 1),
            new Case("chord", Kind.FIRST_PAGE, "chord:Am7", null, 1),
            new Case("prog numerals", Kind.FIRST_PAGE, "prog:\"i VI III VII\"", null, 1),
            new Case("prog chords", Kind.FIRST_PAGE, "prog:\"Am F C G\"", null, 1),
            new Case("prog rare + key", Kind.FIRST_PAGE, "prog:\"ii7 V7 iii7\" key:Db", null, 1),
            new Case("like", Kind.FIRST_PAGE, "like:{id}", null, 1),
            new Case("like + filters", Kind.FIRST_PAGE, "like:{id} drums:no bpm:120..128~", null, 1),
            new Case("deep: all by path", Kind.DEEP_PAGE, "", null, 200),
            new Case("deep: key by bpm", Kind.DEEP_PAGE, "key:Am", Sort.BPM, 50),
            new Case("deep: tag", Kind.DEEP_PAGE, "tag:house", null, 50),
            new Case("deep: word", Kind.DEEP_PAGE, "dark", Sort.RELEVANCE, 20),
            new Case("count key", Kind.COUNT, "key:Am", null, 0),
            new Case("count key bpm drums", Kind.COUNT, "key:Am bpm:120..128 drums:yes", null, 0),
            new Case("count tag", Kind.COUNT, "tag:house", null, 0),
            new Case("count word", Kind.COUNT, "dark", null, 0),
            new Case("count everything", Kind.COUNT, "", null, 0),
            new Case("count prog", Kind.COUNT, "prog:\"i VI III VII\"", null, 0),
            new Case("show by id", Kind.SHOW, "id", null, 0),
            new Case("show by path", Kind.SHOW, "path", null, 0));

    private static final int PAGE = 50;

    @Override
    public Integer call() {
        if (BenchLibraryOptions.externalDatabaseConfigured()) {
            throw new OperatorException("bench search runs on its own embedded database; unset SPRING_DATASOURCE_URL");
        }
        if (contents < 1 || locations < contents || rounds < 1) {
            throw new OperatorException("need --contents >= 1, --locations >= --contents and --rounds >= 1");
        }
        if (only != null) {
            try {
                Pattern.compile(only);
            } catch (PatternSyntaxException e) {
                throw new OperatorException("--only " + only + " is not a regex: " + e.getDescription());
            }
            if (MIX.stream().noneMatch(c -> c.name().matches(only))) {
                throw new OperatorException("--only " + only + " matches no query of the mix (a regex over the whole name, e.g. 'count.*')");
            }
        }
        Path database = workDir.resolve("search-db-" + contents + "-" + locations + "-seed" + seed).toAbsolutePath();
        System.setProperty("midicrate.db.data-dir", database.resolve("pgdata").toString());
        // filling a million rows is a few statements of minutes each (tens on a loaded machine): no socket timeout
        // on the bench's own database
        System.setProperty("midicrate.db.socket-timeout", "0");
        boolean filled = Files.exists(database.resolve("filled"));
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            SyntheticLibrary library = context.getBean(SyntheticLibrary.class);
            if (!filled || library.contents() != contents) {
                if (library.contents() != 0) {
                    throw new OperatorException(database + " holds another library; delete it or pick another --work-dir");
                }
                long t = System.nanoTime();
                library.fill(contents, locations, seed, step -> System.out.printf("  filling: %s (%.0f s)%n", step,
                        (System.nanoTime() - t) / 1e9));
                System.out.printf("filled %,d contents and %,d paths in %.0f s%n", contents, locations,
                        (System.nanoTime() - t) / 1e9);
                Files.writeString(database.resolve("filled"), "ok");
            } else {
                System.out.println("reusing the filled database in " + database);
            }
            run(context.getBean(LibrarySearch.class), context.getBean(FacetCounts.class),
                    context.getBean(FileDetailsQuery.class));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return CommandLine.ExitCode.OK;
    }

    /**
     * The share of a core this JVM's thread got while it ran a fixed loop (CPU time / wall time): on a machine shared
     * with other builds the figures are slower by about its inverse.
     */
    static double cpuShare() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        long x = 1;
        for (long i = 0; i < 400_000_000L; i++) {
            x += i ^ (x >>> 3);
        }
        double share = (threads.getCurrentThreadCpuTime() - cpu) / (double) (System.nanoTime() - wall);
        return x == 42 ? -1 : share;   // x is used, so the loop is not removed
    }

    private void run(LibrarySearch search, FacetCounts facets, FileDetailsQuery files) {
        System.out.printf("CPU share of this JVM's thread before the mix: %.2f of a core%n", cpuShare());
        Map<Kind, List<Double>> byKind = new LinkedHashMap<>();
        System.out.printf("%n%-22s %-10s %9s %9s %9s %9s  %s%n", "query", "kind", "p50 ms", "p95 ms", "max ms", "rows",
                "terms");
        for (Case c : MIX) {
            if (only != null && !c.name().matches(only)) {
                continue;
            }
            Timed timed = time(search, facets, files, c);
            double[] ms = timed.millis();
            Arrays.sort(ms);
            byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).addAll(Arrays.stream(ms).boxed().toList());
            System.out.printf("%-22s %-10s %9.1f %9.1f %9.1f %9s  %s%s%n", c.name(),
                    c.kind().name().toLowerCase(Locale.ROOT),
                    percentile(ms, 50), percentile(ms, 95), ms[ms.length - 1], timed.result(), c.query(),
                    (c.sort() == null ? "" : " --sort " + c.sort().name().toLowerCase(Locale.ROOT))
                            + (c.page() > 1 ? " (page " + c.page() + ")" : ""));
            if (explain && !timed.plans().isEmpty()) {
                timed.plans().forEach(p -> System.out.println(p.indent(4)));
            }
        }
        System.out.printf("%n%-22s %9s %9s %9s %9s%n", "kind", "p50 ms", "p95 ms", "max ms", "samples");
        List<Double> all = new ArrayList<>();
        byKind.forEach((kind, list) -> {
            double[] ms = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            all.addAll(list);
            System.out.printf("%-22s %9.1f %9.1f %9.1f %9d%n", kind.name().toLowerCase(Locale.ROOT), percentile(ms, 50),
                    percentile(ms, 95), ms[ms.length - 1], ms.length);
        });
        double[] ms = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%-22s %9.1f %9.1f %9.1f %9d%n", "overall", percentile(ms, 50), percentile(ms, 95),
                ms[ms.length - 1], ms.length);
        System.out.printf("CPU share of this JVM's thread after the mix: %.2f of a core%n", cpuShare());
    }

    record Timed(double[] millis, String result, List<String> plans) {
    }

    private Timed time(LibrarySearch search, FacetCounts facets, FileDetailsQuery files, Case c) {
        if (c.query().contains("{id}")) {
            return timeEachFile(search, c);
        }
        Query query = QueryParser.parse(c.query().equals("id") || c.query().equals("path") ? "" : c.query());
        Cursor cursor = null;
        // the cursor of the page before the timed one, walked untimed (a small library: its last page)
        for (int p = 1; p < c.page(); p++) {
            Cursor next = search.search(query, c.sort(), PAGE, cursor).next();
            if (next == null) {
                break;
            }
            cursor = next;
        }
        Cursor after = cursor;
        long someId = contents / 2;
        String somePath = search.rows(someId).get(0).path();
        Runnable once = switch (c.kind()) {
            case FIRST_PAGE, DEEP_PAGE -> () -> search.search(query, c.sort(), PAGE, after);
            case COUNT -> () -> facets.count(query);
            case SHOW -> c.query().equals("id") ? () -> files.show(someId) : () -> files.show(somePath);
        };
        once.run();   // warm-up: the first run of a plan reads pages from disk and fills the JIT
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            once.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        String result = switch (c.kind()) {
            case FIRST_PAGE, DEEP_PAGE -> {
                SearchPage page = search.search(query, c.sort(), PAGE, after);
                yield String.valueOf(page.rows().size());
            }
            case COUNT -> String.format("%,d", facets.count(query).total());
            case SHOW -> "1";
        };
        List<String> plans = explain && c.kind() != Kind.SHOW ? search.explain(once) : List.of();
        return new Timed(ms, result, plans);
    }

    /**
     * A query about one file ({@code like:{id}}), timed once for each of {@code rounds} analysed files spread over
     * the library, so that no round finds the answer of the one before in the caches.
     */
    private Timed timeEachFile(LibrarySearch search, Case c) {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; ids.size() < rounds + 1 && id <= contents; id += Math.max(1, contents / (3L * rounds + 3))) {
            List<io.midicrate.query.SearchRow> row = search.rows(id);
            if (!row.isEmpty() && "ok".equals(row.get(0).status()) && row.get(0).notes() != null) {
                ids.add(id);
            }
        }
        if (ids.size() < 2) {
            throw new OperatorException("too few analysed files for '" + c.name() + "'");
        }
        double[] ms = new double[ids.size() - 1];
        int rows = 0;
        for (int i = 0; i < ids.size(); i++) {
            Query query = QueryParser.parse(c.query().replace("{id}", String.valueOf(ids.get(i))));
            long t = System.nanoTime();
            SearchPage page = search.search(query, c.sort(), PAGE, null);
            if (i > 0) {   // the first is the warm-up
                ms[i - 1] = (System.nanoTime() - t) / 1e6;
                rows += page.rows().size();
            }
        }
        return new Timed(ms, String.valueOf(rows / ms.length), List.of());
    }

    static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
