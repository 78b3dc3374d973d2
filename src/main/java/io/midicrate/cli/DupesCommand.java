package io.midicrate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.dupes.Dedup;
import io.midicrate.dupes.DupeGroup;
import io.midicrate.library.LibraryPath;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.store.library.Duplicates;
import io.midicrate.store.library.Duplicates.Copy;
import io.midicrate.AppContext;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

@Command(name = "dupes", mixinStandardHelpOptions = true,
        description = {"Reports exact duplicates (one content at several paths) and near duplicates (different bytes, the same",
                "notes), the group freeing the most bytes first; plans, applies and undoes moving the redundant copies into",
                "a quarantine folder. Nothing is ever deleted: files only move, after their bytes are checked again, and a",
                "manifest written before the first move says where each one went."})
class DupesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "QUERY", arity = "0..*", preprocessor = QueryArguments.class, description = {
            "Only copies matching this query (see 'midicrate search --help') are redundant: listed, counted, moved.",
            "A query limits the copies, not just the groups: path: terms test each copy's own path, the other terms",
            "its content. The copy a group keeps is chosen by --keep among all of the group's copies, and is listed",
            "(marked 'outside the query') even when the query does not match it; it never moves."})
    List<String> query = new ArrayList<>();

    @Option(names = "--exact", description = "Only exact duplicates.")
    boolean exact;

    @Option(names = "--near", description = "Only near duplicates; with --apply, near copies move too (only then).")
    boolean near;

    @Option(names = "--keep", paramLabel = "POLICY", converter = KeepConverter.class,
            description = {"The copy that stays in each group: shortest-path (default), oldest, newest (file time) or",
                    "in:PATH_PREFIX (repeatable, in order of preference; the path breaks ties)."})
    List<Duplicates.Keep> keep = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table (default), json or csv.")
    String format;

    @Option(names = "--plan", description = "Print exactly which paths would move; write nothing.")
    boolean plan;

    @Option(names = "--apply", description = "Move the redundant plain files into the folder given by --to.")
    boolean apply;

    @Option(names = "--to", paramLabel = "QUARANTINE_DIR", description = "Where --apply moves files (outside the library).")
    Path to;

    @Option(names = "--undo", paramLabel = "MANIFEST", description = "Put back every file a manifest moved, and restore its rows.")
    Path undo;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int actions = (plan ? 1 : 0) + (apply ? 1 : 0) + (undo != null ? 1 : 0);
        if (actions > 1) {
            throw new OperatorException("give one of --plan, --apply, --undo");
        }
        if (apply && to == null) {
            throw new OperatorException("--apply needs --to QUARANTINE_DIR");
        }
        if (to != null && !apply && !plan) {
            throw new OperatorException("--to goes with --apply (or --plan, to show the destinations)");
        }
        if (!List.of("table", "json", "csv").contains(format)) {
            throw new OperatorException("--format must be table, json or csv, not '" + format + "'");
        }
        if (undo != null && !query.isEmpty()) {
            throw new OperatorException("--undo takes a manifest, not a query");
        }
        Query parsed = QueryParser.parse(query, false);
        Duplicates.Mode mode = exact == near ? Duplicates.Mode.BOTH : exact ? Duplicates.Mode.EXACT : Duplicates.Mode.NEAR;
        List<Duplicates.Keep> policies = keep.isEmpty() ? List.of(Duplicates.Keep.of(Duplicates.Policy.SHORTEST_PATH)) : keep;
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            Dedup dedup = context.getBean(Dedup.class);
            LibrarySearch search = context.getBean(LibrarySearch.class);
            Duplicates.CopyIds selection = parsed.terms().isEmpty() ? null : each -> search.forEachMatchingCopy(parsed, each);
            Dedup.Options options = new Dedup.Options(mode, policies, near, selection);
            if (undo != null) {
                return undo(dedup);
            }
            if (apply) {
                return apply(dedup, options);
            }
            return plan ? plan(dedup, options) : report(dedup, options);
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    private int report(Dedup dedup, Dedup.Options options) throws IOException {
        PrintStream out = System.out;
        long start = System.nanoTime();
        Dedup.Totals totals;
        switch (format) {
            case "json" -> {
                JsonGenerator json = JsonMapper.builder().build().createGenerator(out);
                json.writeStartObject();
                json.writeName("groups");
                json.writeStartArray();
                totals = dedup.report(options, group -> {
                    json.writeStartObject();
                    json.writeStringProperty("type", group.near() ? "near" : "exact");
                    json.writeNumberProperty("freed_bytes", group.freed());
                    json.writeName("copies");
                    json.writeStartArray();
                    for (Copy c : group.copies()) {
                        json.writeStartObject();
                        json.writeStringProperty("path", c.path());
                        json.writeStringProperty("where", DupeGroup.where(c.path()));
                        json.writeBooleanProperty("in_archive", LibraryPath.isArchiveEntry(c.path()));
                        json.writeNumberProperty("size", c.size());
                        json.writeStringProperty("role", c.kind().name().toLowerCase(Locale.ROOT));
                        json.writeBooleanProperty("in_query", c.selected());
                        json.writeNumberProperty("content_id", c.contentId());
                        json.writeStringProperty("blake3", HexFormat.of().formatHex(c.blake3()));
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
                json.writeEndArray();
                json.writeName("total");
                json.writeStartObject();
                json.writeNumberProperty("groups", totals.groups);
                json.writeNumberProperty("redundant_copies", totals.redundantCopies());
                json.writeNumberProperty("redundant_bytes", totals.redundantBytes());
                json.writeNumberProperty("exact_copies", totals.exactCopies);
                json.writeNumberProperty("exact_bytes", totals.exactBytes);
                json.writeNumberProperty("near_copies", totals.nearCopies);
                json.writeNumberProperty("near_bytes", totals.nearBytes);
                json.writeNumberProperty("inside_archives", totals.archiveCopies);
                json.writeEndObject();
                json.writeEndObject();
                json.close();
                out.println();
            }
            case "csv" -> {
                CsvSchema.Builder columns = CsvSchema.builder().setUseHeader(true);
                for (String c : List.of("group", "type", "freed_bytes", "role", "path", "where", "in_archive", "size",
                        "content_id", "blake3", "in_query")) {
                    columns.addColumn(c);
                }
                SequenceWriter csv = CsvMapper.builder().build().writer(columns.build()).writeValues(out);
                long[] n = {0};
                totals = dedup.report(options, group -> {
                    n[0]++;
                    for (Copy c : group.copies()) {
                        csv.write(new Object[] {n[0], group.near() ? "near" : "exact", group.freed(),
                                c.kind().name().toLowerCase(Locale.ROOT), c.path(), DupeGroup.where(c.path()),
                                LibraryPath.isArchiveEntry(c.path()), c.size(), c.contentId(), HexFormat.of().formatHex(c.blake3()),
                                c.selected()});
                    }
                });
                csv.flush();
                System.err.println(totalLine(totals)); // stdout stays CSV
            }
            default -> {
                totals = dedup.report(options, group -> {
                    out.printf("%s group: %d copies, %s redundant%n", group.near() ? "near" : "exact", group.copies().size(),
                            Reports.bytes(group.freed()));
                    for (Copy c : group.copies()) {
                        out.printf("  %-5s %10s  %s%s%s%n", c.kind().name().toLowerCase(Locale.ROOT), Reports.bytes(c.size()),
                                c.path(), LibraryPath.isArchiveEntry(c.path()) ? "  (inside an archive)" : "", outside(c));
                    }
                });
                out.println(totalLine(totals));
            }
        }
        System.err.printf("report in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return MidicrateCli.OK;
    }

    /** A kept copy the query does not match: listed so the group shows what stays, never moved. */
    private static String outside(Copy c) {
        return c.selected() ? "" : "  (outside the query)";
    }

    static String totalLine(Dedup.Totals t) {
        return String.format(Locale.ROOT, "%,d redundant copies, %s (%,d exact: %s; %,d near: %s) in %,d groups",
                t.redundantCopies(), Reports.bytes(t.redundantBytes()), t.exactCopies, Reports.bytes(t.exactBytes),
                t.nearCopies, Reports.bytes(t.nearBytes), t.groups);
    }

    // ------------------------------------------------------------------------------------------------ plan

    private int plan(Dedup dedup, Dedup.Options options) {
        PrintStream out = System.out;
        Path quarantine = to == null ? null : to.toAbsolutePath().normalize();
        out.println(query.isEmpty() ? "plan for every copy in the library (a query would limit which copies may move)"
                : "plan for the copies matching '" + String.join(" ", query) + "': only they may move; the copy each group"
                + " keeps is chosen among all of its copies and may be outside the query");
        Dedup.Totals totals = dedup.report(options, group -> {
            for (Copy c : group.copies()) {
                String line = switch (c.kind()) {
                    case KEEP -> "keep  " + c.path() + outside(c);
                    case EXACT, NEAR -> {
                        if (LibraryPath.isArchiveEntry(c.path())) {
                            yield "left  " + c.path() + "  (inside an archive, left)";
                        }
                        if (c.kind() == Duplicates.Kind.NEAR && !options.moveNear()) {
                            yield "near  " + c.path() + "  (a near copy: moves only with --near)";
                        }
                        yield "move  " + c.path() + (quarantine == null ? "" : "  ->  " + Dedup.quarantined(quarantine, c.path()));
                    }
                };
                out.println(line);
            }
        });
        out.printf(Locale.ROOT, "plan: %,d files (%s) would move; %,d inside archives left; %,d near copies need --near; nothing was written%n",
                totals.toMove, Reports.bytes(totals.toMoveBytes), totals.archiveCopies,
                totals.nearNeedingFlag);
        out.println(totalLine(totals));
        return MidicrateCli.OK;
    }

    // ------------------------------------------------------------------------------------------------ apply, undo

    private int apply(Dedup dedup, Dedup.Options options) {
        String command = MidicrateCli.asTyped(spec);
        List<Dedup.Outcome> outcomes;
        try (Progress progress = new Progress(!noProgress, "quarantine")) {
            outcomes = dedup.apply(options, to, command, progress);
        }
        if (outcomes.isEmpty()) {
            System.out.println("nothing to move: no redundant plain file");
        }
        for (Dedup.Outcome o : outcomes) {
            System.out.printf(Locale.ROOT, "%s%s: moved %,d files (%s), skipped %,d%n", o.resumed() ? "finished " : "",
                    o.manifest(), o.moved(), Reports.bytes(o.movedBytes()), o.skipped());
            o.skips().forEach(s -> System.out.println("  skipped " + s));
            if (o.skipped() > o.skips().size()) {
                System.out.printf("  ... %,d more in the manifest%n", o.skipped() - o.skips().size());
            }
            System.out.println("  undo with: midicrate dupes --undo " + o.manifest());
        }
        return MidicrateCli.OK;
    }

    private int undo(Dedup dedup) {
        Dedup.Outcome o;
        try (Progress progress = new Progress(!noProgress, "undo")) {
            o = dedup.undo(undo, progress);
        }
        System.out.printf(Locale.ROOT, "%s: put back %,d files, %,d could not be%n", o.manifest(), o.restored(), o.skipped());
        o.skips().forEach(s -> System.out.println("  left " + s));
        return MidicrateCli.OK;
    }

    /** A progress bar on a terminal (entries done, per second), nothing otherwise. */
    static final class Progress implements LongConsumer, AutoCloseable {
        private final ProgressBar bar;

        Progress(boolean wanted, String task) {
            bar = wanted && System.console() != null ? new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" files", 1).showSpeed().setUpdateIntervalMillis(250).setInitialMax(-1).build() : null;
        }

        @Override
        public void accept(long n) {
            if (bar != null) {
                bar.stepBy(n);
            }
        }

        @Override
        public void close() {
            if (bar != null && !closed) {
                bar.close();
                closed = true;
            }
        }

        private boolean closed;
    }

    static final class KeepConverter implements CommandLine.ITypeConverter<Duplicates.Keep> {
        @Override
        public Duplicates.Keep convert(String value) {
            return switch (value) {
                case "shortest-path" -> Duplicates.Keep.of(Duplicates.Policy.SHORTEST_PATH);
                case "oldest" -> Duplicates.Keep.of(Duplicates.Policy.OLDEST);
                case "newest" -> Duplicates.Keep.of(Duplicates.Policy.NEWEST);
                default -> {
                    if (value.startsWith("in:") && value.length() > 3) {
                        String prefix = Path.of(value.substring(3)).toAbsolutePath().normalize().toString();
                        yield new Duplicates.Keep(Duplicates.Policy.IN, prefix.endsWith("/") ? prefix : prefix + "/");
                    }
                    throw new CommandLine.TypeConversionException(
                            "'" + value + "' is not a keep policy (shortest-path, oldest, newest, in:PATH_PREFIX)");
                }
            };
        }
    }
}
