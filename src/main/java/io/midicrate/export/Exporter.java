package io.midicrate.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.springframework.stereotype.Component;

import io.midicrate.audition.Retune;
import io.midicrate.common.OperatorException;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;
import io.midicrate.library.LibraryPath;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.smf.SmfException;
import io.midicrate.smf.SmfSplitter;
import io.midicrate.smf.SmfTransformer;
import io.midicrate.store.library.ExportSources;
import io.midicrate.store.library.ExportSources.Source;
import io.midicrate.store.library.Locations;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * What {@code midicrate export} does: every content a query matches, once, into a folder, under a path from a layout
 * template. It never overwrites: a name already taken by other bytes gets a numbered suffix, one holding the same
 * bytes counts as already exported (so running the same export again writes nothing). A file is written under a
 * temporary name and renamed into place, so nothing half-written ever carries a final name. Archive entries are read
 * from their archive like the import reads them (the entry only, bounded); every source is checked against its
 * BLAKE3 first. What it wrote is listed in {@code DIR/midicrate-export.csv}.
 */
@Component
public class Exporter {

    public static final String LISTING = "midicrate-export.csv";

    public enum Mode { COPY, HARDLINK, SYMLINK }

    /**
     * @param split  null for whole files, else one file per track or channel
     * @param retune the key and tempo to write the files in ({@link Retune#NONE}: as they are)
     */
    public record Options(Path dir, Layout layout, Mode mode, SmfSplitter.By split, boolean force, Retune retune) {
        public Options {
            retune = retune == null ? Retune.NONE : retune;
            if (retune.changes() && mode != Mode.COPY) {
                throw new OperatorException("--transpose-to and --tempo write new files: they need --mode copy");
            }
        }

        public Options(Path dir, Layout layout, Mode mode, SmfSplitter.By split, boolean force) {
            this(dir, layout, mode, split, force, Retune.NONE);
        }
    }

    /**
     * @param contents  the matching files (distinct contents) the export went through
     * @param parts     with {@code --split}, the parts those files were split into (written or already there); else 0
     * @param written   files (or parts) written by this run; {@code unchanged} those already there with the same bytes
     * @param failed    files that could not be exported (or split)
     * @param stoppedBy null when the export went through; else why it stopped (the output folder cannot be written)
     */
    public record Summary(long contents, long parts, long written, long writtenBytes, long unchanged, long failed,
                          List<String> failures, Path listing, String stoppedBy) {
    }

    private static final int BATCH = 500;
    private static final int FAILURES_SHOWN = 20;
    private static final String[] HEADER = {"file", "source", "content_id", "blake3", "bytes", "problem"};

    private final LibrarySearch search;
    private final ExportSources sources;
    private final Locations locations;
    private final long maxFileSize;
    private final long maxNestedSize;

    public Exporter(LibrarySearch search, ExportSources sources, Locations locations, MidicrateProperties properties) {
        this.search = search;
        this.sources = sources;
        this.locations = locations;
        this.maxFileSize = properties.importJob().maxFileSize().toBytes();
        this.maxNestedSize = properties.importJob().zip().maxNestedSize().toBytes();
    }

    /** The output folder cannot be written (a full disk, no permission): the export stops. */
    private static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }

    public Summary export(Query query, Options options, LongConsumer progress) {
        return export(each -> search.forEachMatchingId(query, each), options, progress);
    }

    /** Exports these contents in this order (a crate's): {@code {n}} in the layout counts along it. */
    public Summary exportInOrder(long[] contentIds, Options options, LongConsumer progress) {
        return export(each -> Arrays.stream(contentIds).forEach(each), options, progress);
    }

    private Summary export(Consumer<LongConsumer> ids, Options options,
                           LongConsumer progress) {
        Path dir = options.dir().toAbsolutePath().normalize();
        if (!options.force()) {
            locations.rootHolding(dir).ifPresent(root -> {
                throw new OperatorException(dir + " is inside the library root " + root
                        + " (the next import would take the export for new copies); choose another folder or give --force");
            });
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new OperatorException("--to " + dir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OperatorException("cannot create " + dir + ": " + FileProblem.describe(e));
        }
        try (Run run = new Run(dir, options, progress)) {
            List<Long> batch = new ArrayList<>(BATCH);
            try {
                ids.accept(id -> {
                    batch.add(id);
                    if (batch.size() == BATCH) {
                        run.process(batch);
                    }
                });
                run.process(batch);
            } catch (Stop stop) {
                run.stoppedBy = stop.getMessage();
            }
            return run.finish();
        }
    }

    /** One export run: its reader, splitter, counters and the listing being written. */
    private final class Run implements AutoCloseable {
        private final Path dir;
        private final Options options;
        private final LongConsumer progress;
        private final LibraryFileReader reader = new LibraryFileReader(maxFileSize, maxNestedSize);
        private final SmfSplitter splitter = new SmfSplitter();
        private final Path listingTmp;
        private final SequenceWriter listing;
        private long contents;
        private long splitParts;
        private long written;
        private long writtenBytes;
        private long unchanged;
        private long failed;
        private final List<String> failures = new ArrayList<>();
        private String stoppedBy;

        Run(Path dir, Options options, LongConsumer progress) {
            this.dir = dir;
            this.options = options;
            this.progress = progress;
            this.listingTmp = dir.resolve("." + LISTING + ".writing");
            try {
                Writer out = Files.newBufferedWriter(listingTmp, StandardCharsets.UTF_8);
                CsvSchema.Builder columns = CsvSchema.builder().setUseHeader(true);
                for (String column : HEADER) {
                    columns.addColumn(column);
                }
                this.listing = CsvMapper.builder().build().writer(columns.build()).writeValues(out);
            } catch (IOException | JacksonException e) {
                throw new OperatorException("cannot write into " + dir + ": " + FileProblem.describe(e));
            }
        }

        void process(List<Long> ids) {
            if (ids.isEmpty()) {
                return;
            }
            long[] array = ids.stream().mapToLong(Long::longValue).toArray();
            Map<Long, Integer> order = new HashMap<>();
            for (int i = 0; i < array.length; i++) {
                order.putIfAbsent(array[i], i);
            }
            ids.clear();
            List<Source> found = new ArrayList<>(sources.find(array));
            found.sort(Comparator.comparing(source -> order.get(source.contentId())));
            for (Source source : found) {
                export(source);
                progress.accept(1);
            }
        }

        private void export(Source s) {
            contents++;
            String readFrom = null;
            String problem = s.paths().isEmpty() ? "no path of the library holds it now" : null;
            for (String path : s.paths()) {
                try {
                    reader.read(path);
                    if (Arrays.equals(reader.blake3(), s.blake3())) {
                        readFrom = path;
                        break;
                    }
                    problem = problem != null ? problem : path + " holds other bytes now";
                } catch (FileProblem p) {
                    problem = problem != null ? problem : path + ": " + p.family() + " " + p.getMessage();
                }
            }
            if (readFrom == null) {
                fail(s, s.paths().isEmpty() ? "" : s.paths().get(0), "vanished since the import: " + problem);
                return;
            }
            String name = stem(readFrom);
            byte[] bytes = reader.bytes();
            int length = reader.length();
            Source named = s;
            Retune retune = options.retune();
            if (retune.changes()) {
                try {
                    bytes = SmfTransformer.transform(bytes, length, retune.semitones(s.key()), retune.bpm());
                } catch (SmfException | SmfSplitter.CannotSplit e) {
                    fail(s, readFrom, "cannot rewrite in another key or tempo: " + e.getMessage());
                    return;
                }
                length = bytes.length;
                // the layout's {key} and {bpm} name what the file now is
                named = new Source(s.contentId(), s.blake3(), s.size(), s.paths(), retune.key(s.key()) != null
                        ? retune.key(s.key()) : s.key(), retune.bpm(s.bpm()), s.meter(), s.pack(), s.roles(), s.genres());
            }
            String relative = options.layout().render(named, name, contents);
            if (options.split() != null) {
                List<SmfSplitter.Part> parts;
                try {
                    parts = splitter.split(bytes, length, options.split());
                } catch (SmfException | SmfSplitter.CannotSplit e) {
                    fail(s, readFrom, "cannot split: " + e.getMessage());
                    return;
                }
                splitParts += parts.size();
                for (SmfSplitter.Part part : parts) {
                    place(relative + "-" + part.label(), ".mid", part.bytes(), part.bytes().length, Mode.COPY, null, s, readFrom);
                }
                return;
            }
            String extension = LibraryPath.extension(name(readFrom));
            boolean plain = !LibraryPath.isArchiveEntry(readFrom) && !retune.changes();
            place(relative, extension.isEmpty() ? "" : "." + extension, bytes, length,
                    plain ? options.mode() : Mode.COPY, plain ? Path.of(readFrom) : null, s, readFrom);
        }

        /** Puts one file at the first free name (or finds it already there); throws {@link Stop} if DIR cannot be written. */
        private void place(String relative, String extension, byte[] bytes, int length, Mode mode, Path source,
                           Source s, String readFrom) {
            int slash = relative.lastIndexOf('/');
            Path folder = slash < 0 ? dir : dir.resolve(relative.substring(0, slash));
            String name = Layout.safe(relative.substring(slash + 1));
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new Stop("cannot create " + folder + ": " + FileProblem.describe(e));
            }
            for (int n = 1; ; n++) {
                Path target = folder.resolve(n == 1 ? name + extension : name + " (" + n + ")" + extension);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    if (sameBytes(target, bytes, length)) {
                        unchanged++;
                        list(target, readFrom, s, length, "");
                        return;
                    }
                    continue;
                }
                try {
                    switch (mode) {
                        case HARDLINK -> Files.createLink(target, source);
                        case SYMLINK -> Files.createSymbolicLink(target, source);
                        case COPY -> writeNew(target, bytes, length);
                    }
                } catch (FileAlreadyExistsException race) {
                    continue;
                } catch (IOException e) {
                    throw new Stop("cannot write " + target + ": " + FileProblem.describe(e)
                            + (mode == Mode.HARDLINK ? " (hard links need DIR on the library's file system)" : ""));
                }
                written++;
                writtenBytes += length;
                list(target, readFrom, s, length, "");
                return;
            }
        }

        private void fail(Source s, String readFrom, String why) {
            failed++;
            if (failures.size() < FAILURES_SHOWN) {
                failures.add(readFrom + ": " + why);
            }
            list(null, readFrom, s, s.size(), why);
        }

        private void list(Path target, String readFrom, Source s, long bytes, String problem) {
            try {
                listing.write(new Object[] {target == null ? "" : dir.relativize(target).toString(), readFrom, s.contentId(),
                        HexFormat.of().formatHex(s.blake3()), bytes, problem});
            } catch (JacksonException e) {
                throw new Stop("cannot write the listing " + listingTmp + ": " + FileProblem.describe(e));
            }
        }

        /** Puts the listing in place, unless an identical one is there already (a re-run changes nothing). */
        Summary finish() {
            Path finalListing = dir.resolve(LISTING);
            try {
                listing.close();
                if (Files.exists(finalListing) && Files.mismatch(listingTmp, finalListing) == -1) {
                    Files.delete(listingTmp); // our own temporary copy of a listing already in place
                } else {
                    Files.move(listingTmp, finalListing, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException | JacksonException e) {
                deleteQuietly(listingTmp);
                if (stoppedBy == null) {
                    stoppedBy = "cannot write the listing " + finalListing + ": " + FileProblem.describe(e);
                }
            }
            return new Summary(contents, splitParts, written, writtenBytes, unchanged, failed, List.copyOf(failures), finalListing, stoppedBy);
        }

        @Override
        public void close() {
            reader.close();
            try {
                listing.close();
            } catch (JacksonException ignored) {
                // closed by finish() already, or the run is failing anyway
            }
            deleteQuietly(listingTmp);
        }
    }

    /**
     * Writes a new file: the bytes under a temporary name beside it, then a rename that refuses to replace an existing
     * file. A failure (a full disk) removes the temporary file, so nothing half-written stays under any name.
     */
    static void writeNew(Path target, byte[] bytes, int length) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".midicrate-part");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            Files.move(tmp, target); // no REPLACE_EXISTING: an existing file is never overwritten
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static boolean sameBytes(Path file, byte[] bytes, int length) {
        try {
            if (Files.size(file) != length) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] existing = in.readNBytes(length);
                return Arrays.equals(existing, 0, existing.length, bytes, 0, length);
            }
        } catch (IOException | UncheckedIOException e) {
            return false; // unreadable: not ours to judge, so not the same; the next free name is used
        }
    }

    private static void deleteQuietly(Path ownTemporaryFile) {
        try {
            Files.deleteIfExists(ownTemporaryFile);
        } catch (IOException ignored) {
            // a temporary file of ours, named as such
        }
    }

    /** The last name of a library path (inside its archive, if any). */
    private static String name(String libraryPath) {
        int cut = Math.max(libraryPath.lastIndexOf('/'), libraryPath.lastIndexOf('\\'));
        return libraryPath.substring(cut + 1);
    }

    /** The file name without its extension. */
    private static String stem(String libraryPath) {
        String name = name(libraryPath);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
