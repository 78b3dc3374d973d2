package io.midicrate.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.query.Camelot;
import io.midicrate.query.FileDetails;
import io.midicrate.query.FileDetailsQuery;
import io.midicrate.query.ResultFormats;
import io.midicrate.store.curation.Curations;
import io.midicrate.store.library.FileErrors;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Everything known about one file, by content id or by path: every path (which still exist, and",
                "where 'dupes --apply' moved those it moved),",
                "header facts, every analysis field, instruments, tags, names metadata, parser repairs, errors,",
                "reprocess history and near-duplicates (same note fingerprint). A path that failed its import says so,",
                "with its error family and message."})
class ShowCommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    @Parameters(paramLabel = "ID|PATH", description = "A content id (as search prints it) or a path as stored (a.zip!/b.mid).")
    String target;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @Override
    public Integer call() {
        if (target.isBlank()) {
            throw new OperatorException("show needs a content id or a path");
        }
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            FileDetailsQuery files = context.getBean(FileDetailsQuery.class);
            boolean byId = ID.matcher(target).matches();
            Optional<FileDetails> found = byId ? files.show(Long.parseLong(target))
                    : files.show(target).or(() -> files.show(absolute(target)));
            if (found.isEmpty() && !byId) {
                // no content holds the path: it may be a file that failed its import (it has no content row)
                FileErrors errors = context.getBean(FileErrors.class);
                Optional<FileErrors.Failure> failed = errors.newest(target).or(() -> errors.newest(absolute(target)));
                if (failed.isPresent() && failed.get().contentId() == null) {
                    printFailed(failed.get());
                    return MidicrateCli.OK;
                }
                found = failed.map(FileErrors.Failure::contentId).flatMap(files::show);
            }
            FileDetails d = found.orElseThrow(() -> new OperatorException("no file " + target
                    + " in the library (an id as 'search' prints it, or a path as stored)"));
            Curations.OfContent kept = context.getBean(Curations.class).of(d.id());
            if (json) {
                tools.jackson.databind.node.ObjectNode tree = SearchCommand.JSON.valueToTree(d);
                tree.set("curation", SearchCommand.JSON.valueToTree(kept));
                System.out.println(SearchCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
            } else {
                print(System.out, d);
                printCuration(System.out, kept);
            }
            return MidicrateCli.OK;
        }
    }

    /** A file that failed its import: what failed, when, and that nothing of it is in the library. */
    private void printFailed(FileErrors.Failure f) {
        if (json) {
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("path", f.path());
            failed.put("status", "import failed");
            failed.put("failure", f);
            System.out.println(SearchCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(failed));
            return;
        }
        System.out.printf("%s%n  failed its import: %s: %s%n  in %s #%d (execution %d) at %s%n", ResultFormats.printable(f.path()),
                f.family(), ResultFormats.printable(f.message()), f.job(), f.run(), f.execution(), Reports.time(f.recordedAt()));
        System.out.println("  nothing of it is in the library; every import reads it again ('midicrate failures' lists every failed file)");
    }

    static String absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return path;
        }
    }

    static void print(PrintStream out, FileDetails d) {
        out.printf("content %d  %s  (analysis version %s, analysed %s)%n", d.id(), d.status(),
                d.analysisVersion() == null ? "-" : d.analysisVersion(), d.analyzedAt() == null ? "-" : d.analyzedAt());
        out.printf("  blake3      %s%n  size        %,d bytes%n  first seen  %s (import #%d)%n", d.blake3(), d.size(),
                d.firstSeen(), d.firstImportId());
        FileDetails.Header h = d.header();
        out.printf("  header      format %s, %s tracks, division %s%s%n", h.smfFormat(), h.declaredTracks(), h.division(),
                h.rmid() ? ", RIFF (RMID)" : "");
        out.println();
        out.printf("paths (%d):%n", d.paths().size());
        for (FileDetails.PathInfo p : d.paths()) {
            out.printf("  %s %s  (%,d bytes, modified %s, last seen %s)%n", p.movedTo() != null ? "MOVED" : p.exists() ? "     " : "GONE ",
                    ResultFormats.printable(p.path()), p.size(), p.mtime(), p.lastSeen());
            if (p.movedTo() != null) {
                out.printf("        moved by 'dupes --apply' on %s to %s%s%n", p.movedAt(), ResultFormats.printable(p.movedTo()),
                        Files.exists(Path.of(p.movedTo()), LinkOption.NOFOLLOW_LINKS) ? "" : " (not there now)");
            }
        }
        FileDetails.Names n = d.names();
        out.println();
        out.printf("names: bpm %s, key %s, genres %s, roles %s, pack %s%n", dash(n.bpm()), dash(n.key()), n.genres(),
                n.roles(), dash(n.pack()));
        if (!d.analysis().isEmpty()) {
            out.println();
            out.println("analysis:");
            for (Map.Entry<String, Object> e : d.analysis().entrySet()) {
                if (e.getKey().equals("content_id") || e.getKey().equals("search_text")) {
                    continue;
                }
                String value = ResultFormats.printable(String.valueOf(e.getValue()));
                if (e.getKey().equals("key_name") && d.analysis().get("key_index") instanceof Number index) {
                    value += " (" + Camelot.code(index.intValue()) + ")"; // Camelot beside the key, as search shows it
                }
                out.printf("  %-24s %s%n", e.getKey(), value);
            }
        }
        if (d.analysis().get("progression") != null) {
            // the chord of every beat is on the web page's chord lane; here, what the file goes through
            out.println();
            out.printf("chords: %s distinct%n", d.analysis().get("distinct_chords"));
            out.printf("  progression  %s  (%s%s)%n", d.analysis().get("progression"),
                    d.analysis().get("progression_numerals"),
                    Boolean.TRUE.equals(d.analysis().get("progression_looped")) ? ", looped" : "");
        }
        if (!d.instruments().isEmpty()) {
            out.println();
            out.println("instruments:");
            for (FileDetails.Instrument i : d.instruments()) {
                out.printf("  channel %2d  program %3d  %-28s %-20s %,8d notes%n", i.channel() + 1, i.program(),
                        ResultFormats.printable(i.name()), i.family(), i.noteCount());
            }
        }
        if (!d.tags().isEmpty()) {
            out.println();
            out.print("tags:");
            d.tags().forEach(t -> out.print(" " + t.name() + " (" + t.category() + ", " + t.source() + ")"));
            out.println();
        }
        if (!d.errors().isEmpty()) {
            out.println();
            out.println("errors:");
            for (FileDetails.ErrorInfo e : d.errors()) {
                out.printf("  %s run #%d %s: %s (%s)%n", e.jobName(), e.runId(), e.family(),
                        ResultFormats.printable(e.message()), ResultFormats.printable(e.path()));
            }
        }
        if (!d.history().isEmpty()) {
            out.println();
            out.println("reprocess history:");
            for (FileDetails.HistoryEntry e : d.history()) {
                out.printf("  audit %d %s by %s (%s): %s%n", e.auditId(), e.changedAt(), e.operator(),
                        ResultFormats.printable(e.reason()), e.changes());
            }
        }
        out.println();
        if (d.nearDuplicateCount() == 0) {
            out.println("near-duplicates: none");
        } else {
            out.printf("near-duplicates (same notes, other bytes): %,d%n", d.nearDuplicateCount());
            for (FileDetails.NearDuplicate nd : d.nearDuplicates()) {
                out.printf("  %-8d %s%n", nd.id(), ResultFormats.printable(nd.path()));
            }
        }
    }

    /** What the user keeps of the file (its star, rating, own tags and crates), after what is derived. */
    static void printCuration(PrintStream out, Curations.OfContent kept) {
        out.println();
        out.printf("yours: %s, rating %s, tags %s, crates %s%n", kept.favourite() ? "starred" : "not starred",
                kept.rating() == null ? "-" : kept.rating() + "/5", kept.tags().isEmpty() ? "-" : String.join(" ", kept.tags()),
                kept.crates().isEmpty() ? "-" : kept.crates().stream().map(c -> "'" + ResultFormats.printable(c) + "'")
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    private static String dash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
