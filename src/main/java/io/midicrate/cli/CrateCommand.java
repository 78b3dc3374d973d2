package io.midicrate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.common.OperatorException;
import io.midicrate.export.Exporter;
import io.midicrate.export.Layout;
import io.midicrate.library.CrateNames;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.ResultFormats;
import io.midicrate.query.Sort;
import io.midicrate.common.ShellWords;
import io.midicrate.store.curation.CurationJournal;
import io.midicrate.store.curation.Curations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "crate", mixinStandardHelpOptions = true,
        description = {"Crates: named, ordered collections of files with a note; a file may be in many. A crate holds",
                "the bytes, so it follows its files across paths and re-imports. 'search crate:NAME' finds its files."},
        subcommands = {CrateCommand.New.class, CrateCommand.Remove.class, CrateCommand.Rename.class,
                CrateCommand.List.class, CrateCommand.Show.class, CrateCommand.Add.class, CrateCommand.Take.class,
                CrateCommand.Export.class})
class CrateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--undo", description = "Put back the crates' files as they were before the last crate add or remove.")
    boolean undo;

    @Override
    public void run() {
        if (!undo) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "name an action: new, rm, mv, ls, show, add, remove or export (or --undo)");
        }
        Undo.last(CurationJournal.Kind.CRATE);
    }

    /** A crate name as given, or an operator error saying what is wrong with it. */
    static String name(String name) {
        return CrateNames.check(name);
    }

    /** The one-line operations on a named crate, run with the database started. */
    abstract static class OnCrate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The crate's name (any case).")
        String crateName;

        abstract void run(Curations curations);

        @Override
        public Integer call() {
            name(crateName);
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                run(context.getBean(Curations.class));
                return MidicrateCli.OK;
            }
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Makes an empty crate.")
    static class New extends OnCrate {
        @Option(names = "--note", paramLabel = "TEXT", description = "What the crate is for.")
        String note;

        @Override
        void run(Curations curations) {
            Curations.Crate crate = curations.create(name(crateName), note);
            System.out.println("made crate '" + crate.name() + "'");
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Deletes a crate (never its files).")
    static class Remove extends OnCrate {
        @Override
        void run(Curations curations) {
            Curations.Crate crate = curations.existingCrate(crateName);
            long files = curations.delete(crate);
            System.out.println("deleted crate '" + crate.name() + "' (it listed " + Reports.count(files, "files")
                    + "; the files are untouched)");
        }
    }

    @Command(name = "mv", mixinStandardHelpOptions = true, description = "Renames a crate, or with --note sets its note.")
    static class Rename extends OnCrate {
        @Parameters(index = "1", arity = "0..1", paramLabel = "NEW", description = "The new name.")
        String newName;

        @Option(names = "--note", paramLabel = "TEXT", description = "The crate's new note.")
        String note;

        @Override
        void run(Curations curations) {
            Curations.Crate crate = curations.existingCrate(crateName);
            if (newName == null && note == null) {
                throw new OperatorException("crate mv needs a new name or --note TEXT");
            }
            if (newName != null) {
                curations.rename(crate, name(newName));
                System.out.println("renamed crate '" + crate.name() + "' to '" + name(newName) + "'");
            }
            if (note != null) {
                curations.setNote(crate, note);
                System.out.println("set the note of crate '" + (newName == null ? crate.name() : name(newName)) + "'");
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists the crates: name, files, note.")
    static class List implements Callable<Integer> {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                java.util.List<Curations.CrateSize> crates = context.getBean(Curations.class).crates();
                if (crates.isEmpty()) {
                    System.out.println("no crates yet ('midicrate crate new NAME' makes one)");
                }
                for (Curations.CrateSize c : crates) {
                    System.out.printf(Locale.ROOT, "%-30s %,8d files  %s%n", ResultFormats.printable(c.name()), c.files(),
                            ResultFormats.printable(c.note()));
                }
                return MidicrateCli.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A crate's files in its order: position, id, path.")
    static class Show extends OnCrate {
        @Override
        void run(Curations curations) {
            Curations.Crate crate = curations.existingCrate(crateName);
            java.util.List<Curations.Member> members = curations.members(crate);
            System.out.println("crate '" + ResultFormats.printable(crate.name()) + "': " + Reports.count(members.size(), "files")
                    + (crate.note().isEmpty() ? "" : "  (" + ResultFormats.printable(crate.note()) + ")"));
            int n = 0;
            for (Curations.Member m : members) {
                System.out.printf(Locale.ROOT, "%4d  %-8s %s%n", ++n, m.contentId() == null ? "-" : m.contentId(),
                        m.path() == null ? "(no longer in the library) " + m.blake3() : ResultFormats.printable(m.path()));
            }
        }
    }

    /** Adding or removing the files a query (or ids, or a path) names. */
    abstract static class Members extends OnCrate {
        @Parameters(index = "1..*", paramLabel = "ID|PATH|QUERY", arity = "1..*",
                description = "Content ids, one path, or a query (every match).")
        java.util.List<String> targets = new ArrayList<>();

        @Option(names = "--dry-run", description = "Say how many files it would change, change nothing.")
        boolean dryRun;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            name(crateName);
            Targets files = Targets.of(targets);
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                Curations curations = context.getBean(Curations.class);
                Curations.Crate crate = curations.existingCrate(crateName);
                CurationJournal journal = context.getBean(CurationJournal.class);
                long change = dryRun ? 0 : journal.begin(CurationJournal.Kind.CRATE,
                        Undo.command("crate " + spec.name() + " " + ShellWords.quote(crate.name()), targets));
                long[] changed = {0};
                long matched = files.forEachBatch(context, sort(), ids -> {
                    if (dryRun) {
                        changed[0] += dryRunCount(curations, crate, ids);
                    } else {
                        journal.beforeCrate(change, ids, crate.id());
                        changed[0] += write(curations, crate, ids);
                    }
                });
                System.out.println(matched == 0 ? files.nothingMatched()
                        : summary(crate, changed[0], matched - changed[0]) + ", it holds "
                        + Reports.count(curations.size(crate), "files"));
                return MidicrateCli.OK;
            }
        }

        Sort sort() {
            return null;
        }

        abstract long dryRunCount(Curations curations, Curations.Crate crate, long[] ids);

        abstract int write(Curations curations, Curations.Crate crate, long[] ids);

        abstract String summary(Curations.Crate crate, long changed, long unchanged);

        @Override
        void run(Curations curations) {
            throw new IllegalStateException("call() runs members");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Appends files to a crate, a query's matches in the query's order (--sort as search).")
    static class Add extends Members {
        @Option(names = "--sort", paramLabel = "ORDER", description = "The order they are appended in (as search: path by default).")
        String sort;

        @Override
        Sort sort() {
            return sort == null ? null : Sort.parse(sort);
        }

        @Override
        long dryRunCount(Curations curations, Curations.Crate crate, long[] ids) {
            return ids.length - curations.inCrate(crate, ids);
        }

        @Override
        int write(Curations curations, Curations.Crate crate, long[] ids) {
            return curations.addToCrate(crate, ids);
        }

        @Override
        String summary(Curations.Crate crate, long changed, long unchanged) {
            return (dryRun ? "would add " : "added ") + Reports.count(changed, "files") + " to crate '" + crate.name()
                    + "' (" + String.format(Locale.ROOT, "%,d", unchanged) + " already in it)";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Takes files out of a crate (never off the disk).")
    static class Take extends Members {
        @Override
        long dryRunCount(Curations curations, Curations.Crate crate, long[] ids) {
            return curations.inCrate(crate, ids);
        }

        @Override
        int write(Curations curations, Curations.Crate crate, long[] ids) {
            return curations.removeFromCrate(crate, ids);
        }

        @Override
        String summary(Curations.Crate crate, long changed, long unchanged) {
            return (dryRun ? "would take " : "took ") + Reports.count(changed, "files") + " out of crate '" + crate.name()
                    + "' (" + String.format(Locale.ROOT, "%,d", unchanged) + " were not in it)";
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Writes a crate's files into a folder in the crate's order, as 'midicrate export' does (named",
                    "001 NAME.mid ... by default), or with --format m3u its playlist (to --to FILE, or standard output)."})
    static class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The crate's name (any case).")
        String crateName;

        @Option(names = "--to", paramLabel = "DIR|FILE", description = "The folder to write into; with --format m3u, the playlist file.")
        Path to;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "files",
                description = "files (default: the files themselves) or m3u (a playlist of their paths).")
        String format;

        @Option(names = "--layout", paramLabel = "TEMPLATE", defaultValue = Layout.NUMBERED,
                description = "Path of each file inside DIR (default ${DEFAULT-VALUE}); the fields of 'midicrate export --layout'.")
        String layout;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "copy", description = "copy (default), hardlink or symlink.")
        String mode;

        @Option(names = "--force", description = "Write even when DIR is inside the library's roots.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            name(crateName);
            if (!format.equals("files") && !format.equals("m3u")) {
                throw new OperatorException("--format must be files or m3u, not '" + format + "'");
            }
            if (format.equals("files") && to == null) {
                throw new OperatorException("crate export needs --to DIR (or --format m3u)");
            }
            Layout parsedLayout = Layout.parse(layout);
            Exporter.Mode exportMode = ExportCommand.mode(mode);
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                Curations curations = context.getBean(Curations.class);
                Curations.Crate crate = curations.existingCrate(crateName);
                long[] ids = curations.members(crate).stream().filter(m -> m.contentId() != null)
                        .mapToLong(Curations.Member::contentId).toArray();
                if (format.equals("m3u")) {
                    return playlist(context.getBean(LibrarySearch.class), ids);
                }
                long start = System.nanoTime();
                Exporter.Summary s = context.getBean(Exporter.class).exportInOrder(ids,
                        new Exporter.Options(to, parsedLayout, exportMode, null, force), n -> { });
                return ExportCommand.report(s, null, start);
            }
        }

        private int playlist(LibrarySearch search, long[] ids) throws IOException {
            Writer out = to == null ? new PrintWriter(System.out)
                    : Files.newBufferedWriter(to, StandardCharsets.UTF_8);
            try {
                ResultFormats.RowWriter m3u = ResultFormats.m3u(out);
                for (int from = 0; from < ids.length; from += 1_000) {
                    search.rows(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + 1_000))).forEach(m3u::write);
                }
                m3u.finish();
            } finally {
                if (to != null) {
                    out.close();
                }
            }
            if (to != null) {
                System.out.println("wrote the playlist of " + Reports.count(ids.length, "files") + " to " + to);
            }
            return MidicrateCli.OK;
        }
    }
}
