package io.midicrate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.audition.Retune;
import io.midicrate.common.OperatorException;
import io.midicrate.export.Exporter;
import io.midicrate.export.Layout;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.smf.SmfSplitter;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the files a query matches, one per distinct content, into a folder (e.g. your DAW's), under a",
                "path made from their fields; optionally one file per track or channel. Never overwrites: a name taken by",
                "other bytes gets a numbered suffix, and a file already there with the same bytes is left as it is, so the",
                "same export run again writes nothing. Lists what it wrote in DIR/midicrate-export.csv. With --transpose-to",
                "and --tempo it writes the files in the key and tempo of your song, {key} and {bpm} naming the result."})
class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "QUERY", arity = "0..*", description = "Files matching this query (none: the whole library).",
            preprocessor = QueryArguments.class)
    List<String> query = new ArrayList<>();

    @Option(names = "--to", paramLabel = "DIR", description = "The folder to write into (created; outside the library unless --force).")
    Path to;

    @Option(names = "--layout", paramLabel = "TEMPLATE", defaultValue = Layout.DEFAULT,
            description = {"Path of each file inside DIR (default ${DEFAULT-VALUE}); fields: {key} {bpm} {meter} {pack}",
                    "{role} {genre} {name} {id} {hash} {n} (001, 002 ... in the export's order); the extension is added."})
    String layout;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "copy",
            description = "copy (default), hardlink or symlink; archive entries are always extracted (copied).")
    String mode;

    @Option(names = "--split", paramLabel = "BY", description = "tracks or channels: one valid MIDI file per track or channel (drums apart), named {name}-{part}.")
    String split;

    @Option(names = "--transpose-to", paramLabel = "KEY|±N",
            description = {"Write each file in KEY (from its own key by the smallest interval; a file without a key stays)",
                    "or moved by N semitones: note numbers move on every channel but 10, every other byte stays."})
    String transposeTo;

    @Option(names = "--tempo", paramLabel = "BPM", description = "Write each file at BPM (its tempo events scaled; 1..999).")
    Double tempo;

    @Option(names = "--force", description = "Write even when DIR is inside the library's roots.")
    boolean force;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        if (to == null) {
            throw new OperatorException("export needs --to DIR");
        }
        Exporter.Mode exportMode = mode(mode);
        SmfSplitter.By by = split == null ? null : switch (split) {
            case "tracks" -> SmfSplitter.By.TRACKS;
            case "channels" -> SmfSplitter.By.CHANNELS;
            default -> throw new OperatorException("--split must be tracks or channels, not '" + split + "'");
        };
        Layout parsedLayout = Layout.parse(layout);
        Retune retune = Retune.parse(transposeTo, tempo);
        Exporter.Options options = new Exporter.Options(to, parsedLayout, exportMode, by, force, retune);
        Query parsed = QueryParser.parse(query, false);
        try (ConfigurableApplicationContext context = AppContext.start(false);
             DupesCommand.Progress progress = new DupesCommand.Progress(!noProgress, "export")) {
            long start = System.nanoTime();
            Exporter.Summary s = context.getBean(Exporter.class)
                    .export(parsed, options, progress);
            progress.close();
            return report(s, by, start);
        }
    }

    static Exporter.Mode mode(String mode) {
        return switch (mode) {
            case "copy" -> Exporter.Mode.COPY;
            case "hardlink" -> Exporter.Mode.HARDLINK;
            case "symlink" -> Exporter.Mode.SYMLINK;
            default -> throw new OperatorException("--mode must be copy, hardlink or symlink, not '" + mode + "'");
        };
    }

    /** Prints what an export did (started at {@code startNanos}); its exit code. */
    static int report(Exporter.Summary s, SmfSplitter.By by, long startNanos) {
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
        System.out.println(summaryLine(s, by, seconds));
        s.failures().forEach(f -> System.out.println("  failed " + f));
        if (s.failed() > s.failures().size()) {
            System.out.printf("  ... %,d more in %s%n", s.failed() - s.failures().size(), s.listing());
        }
        System.out.println("  listing: " + s.listing());
        if (s.stoppedBy() != null) {
            System.err.println("midicrate: export stopped: " + s.stoppedBy()
                    + "; every file written so far is whole, and running the same export again continues it");
            return MidicrateCli.JOB_FAILED;
        }
        return MidicrateCli.OK;
    }

    /**
     * The export's one line: files, and with --split the parts they became, then what happened to each written
     * thing ("exported 16 files as 427 track parts: 427 written (1.2 MB), 0 already there, 0 files failed; ...").
     */
    static String summaryLine(Exporter.Summary s, SmfSplitter.By split, double seconds) {
        String what = "exported " + Reports.count(s.contents(), "files")
                + (split == null ? "" : " as " + Reports.count(s.parts(), split == SmfSplitter.By.TRACKS ? "track parts" : "channel parts"));
        // with parts counted, "failed" must say it counts files
        String failed = split == null ? String.format(Locale.ROOT, "%,d failed", s.failed()) : Reports.count(s.failed(), "files") + " failed";
        return String.format(Locale.ROOT, "%s: %,d written (%s), %,d already there, %s; %,.0f files/s", what,
                s.written(), Reports.bytes(s.writtenBytes()), s.unchanged(), failed, s.contents() / seconds);
    }
}
