package io.midicrate.dupes;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.springframework.stereotype.Component;

import io.midicrate.common.OperatorException;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.dupes.Manifest.Entry;
import io.midicrate.dupes.Manifest.State;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;
import io.midicrate.library.LibraryPath;
import io.midicrate.store.library.Duplicates;
import io.midicrate.store.library.Duplicates.Copy;
import io.midicrate.store.library.Locations;

/**
 * What {@code midicrate dupes} does: report the groups, plan which copies would move, move them into a quarantine
 * folder, and put them back. Nothing is ever deleted: a file only moves by a rename within one file system, after
 * its bytes were hashed again and found to be the library's, and only after the manifest saying where it goes is
 * on disk. A run that dies is finished by running the same command again (see {@link Manifest}).
 */
@Component
public class Dedup {

    /**
     * @param moveNear  whether near copies (other contents with the same notes) move too: only on explicit request
     * @param selection optional: only these copies are redundant, listed and moved (the copies a query matched,
     *                  {@code LibrarySearch.forEachMatchingCopy}); the copy kept is chosen among all copies
     */
    public record Options(Duplicates.Mode mode, List<Duplicates.Keep> keep, boolean moveNear, Duplicates.CopyIds selection) {
    }

    /** Counts of a report or plan. Exact and near copies are disjoint, so their sum is what removing them frees. */
    public static final class Totals {
        public long groups;
        public long exactCopies;
        public long exactBytes;
        public long nearCopies;
        public long nearBytes;
        public long archiveCopies;
        public long archiveBytes;
        public long toMove;
        public long toMoveBytes;
        /** Near copies (plain files) that move only when near moves are asked for. */
        public long nearNeedingFlag;

        public long redundantCopies() {
            return exactCopies + nearCopies;
        }

        public long redundantBytes() {
            return exactBytes + nearBytes;
        }
    }

    /** What one apply or undo run did with one manifest. */
    public record Outcome(Path manifest, boolean resumed, long moved, long movedBytes, long restored, long skipped,
                          List<String> skips) {
    }

    private static final int BATCH = 200;
    private static final int SKIPS_SHOWN = 20;

    private final Duplicates duplicates;
    private final Locations locations;
    private final long maxFileSize;
    private final long maxNestedSize;

    public Dedup(Duplicates duplicates, Locations locations, MidicrateProperties properties) {
        this.duplicates = duplicates;
        this.locations = locations;
        this.maxFileSize = properties.importJob().maxFileSize().toBytes();
        this.maxNestedSize = properties.importJob().zip().maxNestedSize().toBytes();
    }

    /** Streams the groups, most bytes to free first, and counts them. */
    public Totals report(Options options, Consumer<DupeGroup> sink) {
        Totals totals = new Totals();
        List<Copy> group = new ArrayList<>();
        Runnable flush = () -> {
            if (!group.isEmpty()) {
                totals.groups++;
                sink.accept(new DupeGroup(group.get(0).near(), group.get(0).groupFreed(), List.copyOf(group)));
                group.clear();
            }
        };
        duplicates.stream(options.mode(), options.keep(), options.selection(), copy -> {
            if (!group.isEmpty() && !group.get(0).group().equals(copy.group())) {
                flush.run();
            }
            group.add(copy);
            count(totals, copy, options.moveNear());
        });
        flush.run();
        return totals;
    }

    private static void count(Totals totals, Copy copy, boolean moveNear) {
        switch (copy.kind()) {
            case KEEP -> {
                return;
            }
            case EXACT -> {
                totals.exactCopies++;
                totals.exactBytes += copy.size();
            }
            case NEAR -> {
                totals.nearCopies++;
                totals.nearBytes += copy.size();
            }
        }
        if (LibraryPath.isArchiveEntry(copy.path())) {
            totals.archiveCopies++;
            totals.archiveBytes += copy.size();
        } else if (DupeGroup.moves(copy, moveNear)) {
            totals.toMove++;
            totals.toMoveBytes += copy.size();
        } else {
            totals.nearNeedingFlag++;
        }
    }

    /**
     * Finishes any manifest in the quarantine that a dead run left unfinished, then plans, writes a manifest and
     * moves what is redundant now. Returns one outcome per manifest worked on (none when nothing needed moving).
     */
    public List<Outcome> apply(Options options, Path quarantineDir, String command, LongConsumer progress) {
        Path quarantine = quarantineDir.toAbsolutePath().normalize();
        refuseInsideLibrary(quarantine);
        if (Files.exists(quarantine) && !Files.isDirectory(quarantine)) {
            throw new OperatorException("--to " + quarantine + " is a file, not a folder");
        }
        // every file that would move is checked before anything is written or moved
        QuarantineFileSystem fileSystem = new QuarantineFileSystem(quarantine);
        Totals plan = report(options, group -> group.copies().stream().filter(c -> DupeGroup.moves(c, options.moveNear()))
                .forEach(c -> fileSystem.check(c.path())));
        try {
            Files.createDirectories(quarantine);
        } catch (IOException e) {
            throw new OperatorException("cannot create the quarantine folder " + quarantine + ": " + FileProblem.describe(e));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Path file : Manifest.list(quarantine)) {
            Manifest unfinished = Manifest.open(file);
            if (unfinished.count(State.PLANNED) + unfinished.count(State.MOVING) > 0) {
                outcomes.add(move(unfinished, true, progress));
            }
        }
        if (!outcomes.isEmpty()) {
            plan = report(options, group -> { }); // what the finished runs moved is no longer redundant
        }
        if (plan.toMove == 0) {
            return outcomes;
        }
        HexFormat hex = HexFormat.of();
        Manifest manifest = Manifest.create(quarantine, command, out -> report(options, group -> {
            for (Copy copy : group.copies()) {
                if (DupeGroup.moves(copy, options.moveNear())) {
                    out.accept(new Entry(copy.path(), quarantined(quarantine, copy.path()).toString(),
                            hex.formatHex(copy.blake3()), copy.size(), copy.kind().name(), State.PLANNED, null));
                }
            }
        }));
        outcomes.add(move(manifest, false, progress));
        return outcomes;
    }

    /** Puts every file a manifest moved back at its path and makes its location live again. */
    public Outcome undo(Path manifestFile, LongConsumer progress) {
        Manifest manifest = Manifest.open(manifestFile.toAbsolutePath().normalize());
        boolean resumed = manifest.count(State.RESTORED) + manifest.count(State.RESTORING) > 0;
        // rows of files a dead run put back may not have been restored yet
        List<Locations.Move> done = new ArrayList<>();
        manifest.forEach((i, e) -> {
            if (e.state() == State.RESTORED) {
                batch(done, new Locations.Move(e.original(), e.moved()), false);
            }
        });
        batch(done, null, false);
        long[] restored = {0};
        List<String> skips = new ArrayList<>();
        long[] skipped = {0};
        List<Locations.Move> rows = new ArrayList<>();
        manifest.forEach((i, e) -> {
            if (e.state() == State.MOVED || e.state() == State.RESTORING || e.state() == State.MOVING) {
                String problem = restore(manifest, i, e);
                if (problem == null) {
                    restored[0]++;
                    if (batch(rows, new Locations.Move(e.original(), e.moved()), false)) {
                        manifest.sync();
                    }
                } else {
                    skipped[0]++;
                    note(skips, e.moved() + ": " + problem);
                }
            }
            progress.accept(1);
        });
        manifest.sync();
        batch(rows, null, false);
        manifest.seal("undone");
        return new Outcome(manifest.file(), resumed, 0, 0, restored[0], skipped[0], skips);
    }

    // ------------------------------------------------------------------------------------------------ moving

    private Outcome move(Manifest manifest, boolean resumed, LongConsumer progress) {
        if (resumed) {
            // rows of files the dead run moved may not have been marked yet
            List<Locations.Move> done = new ArrayList<>();
            manifest.forEach((i, e) -> {
                if (e.state() == State.MOVED) {
                    batch(done, new Locations.Move(e.original(), e.moved()), true);
                }
            });
            batch(done, null, true);
        }
        long[] moved = {0, 0};
        long[] skipped = {0};
        List<String> skips = new ArrayList<>();
        List<Locations.Move> rows = new ArrayList<>();
        try (LibraryFileReader reader = new LibraryFileReader(maxFileSize, maxNestedSize)) {
            manifest.forEach((i, e) -> {
                if (e.state() == State.PLANNED || e.state() == State.MOVING) {
                    String problem = moveOne(manifest, i, e, reader);
                    if (problem == null) {
                        moved[0]++;
                        moved[1] += e.size();
                        if (batch(rows, new Locations.Move(e.original(), e.moved()), true)) {
                            manifest.sync();
                        }
                    } else {
                        manifest.record(i, State.SKIPPED, problem);
                        skipped[0]++;
                        note(skips, e.original() + ": " + problem);
                    }
                }
                progress.accept(1);
            });
        }
        manifest.sync();
        batch(rows, null, true);
        manifest.seal("applied");
        return new Outcome(manifest.file(), resumed, moved[0], moved[1], 0, skipped[0], skips);
    }

    /** Moves one file into the quarantine; returns null when it is there, else why it stays. */
    private String moveOne(Manifest manifest, int index, Entry e, LibraryFileReader reader) {
        Path from = Path.of(e.original());
        Path to = Path.of(e.moved());
        boolean atFrom = Files.exists(from, LinkOption.NOFOLLOW_LINKS);
        boolean atTo = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
        if (!atFrom) {
            if (atTo && verify(reader, to, e.blake3()) == null) {
                manifest.record(index, State.MOVED, null); // moved by a run that died before it could say so
                return null;
            }
            return "gone from its path since the import";
        }
        if (atTo) {
            return "the quarantine already holds another file at " + to;
        }
        if (Files.isSymbolicLink(from)) {
            return "a symbolic link; left in place";
        }
        String problem = verify(reader, from, e.blake3());
        if (problem != null) {
            return problem;
        }
        manifest.record(index, State.MOVING, null);
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException x) {
            return "the quarantine is on another file system (a move there would be a copy and a delete; midicrate only renames)";
        } catch (IOException x) {
            return "cannot move: " + FileProblem.describe(x);
        }
        manifest.record(index, State.MOVED, null);
        return null;
    }

    /** Moves one file back; returns null when it is at its path again, else why it stays where it is. */
    private static String restore(Manifest manifest, int index, Entry e) {
        Path from = Path.of(e.original());
        Path to = Path.of(e.moved());
        boolean atFrom = Files.exists(from, LinkOption.NOFOLLOW_LINKS);
        boolean atTo = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
        String problem = null;
        if (atTo && !atFrom) {
            manifest.record(index, State.RESTORING, null);
            try {
                Files.createDirectories(from.getParent());
                Files.move(to, from, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException x) {
                problem = "cannot move back: " + FileProblem.describe(x);
            }
        } else if (atTo) {
            problem = "another file is at " + from + " now; both left where they are";
        } else if (!atFrom) {
            problem = "gone from the quarantine";
        } // else: back at its path already (a run that died after moving it, or it never left)
        manifest.record(index, problem == null ? State.RESTORED : State.NOT_RESTORED, problem);
        return problem;
    }

    /** Null when the file holds the library's bytes (BLAKE3, read as the import reads), else why not. */
    private static String verify(LibraryFileReader reader, Path file, String blake3) {
        try {
            reader.read(file.toString());
        } catch (FileProblem p) {
            return p.family() + ": " + p.getMessage();
        }
        return Arrays.equals(reader.blake3(), HexFormat.of().parseHex(blake3)) ? null
                : "its bytes changed since the import (BLAKE3 differs); left in place";
    }

    /** Adds a row to mark (null: flush); writes the batch when full. Returns whether it wrote. */
    private boolean batch(List<Locations.Move> rows, Locations.Move row, boolean moved) {
        if (row != null) {
            rows.add(row);
            if (rows.size() < BATCH) {
                return false;
            }
        }
        if (moved) {
            locations.markMoved(rows);
        } else {
            locations.markRestored(rows);
        }
        rows.clear();
        return true;
    }

    private static void note(List<String> skips, String why) {
        if (skips.size() < SKIPS_SHOWN) {
            skips.add(why);
        }
    }

    /** Where a file goes in the quarantine: its absolute path below the quarantine folder, so no two collide. */
    public static Path quarantined(Path quarantine, String original) {
        Path path = Path.of(original);
        return quarantine.resolve(path.getRoot().relativize(path).toString());
    }

    private void refuseInsideLibrary(Path folder) {
        locations.rootHolding(folder).ifPresent(root -> {
            throw new OperatorException(folder + " is inside the library root " + root
                    + " (the next import would find what is moved there); choose a folder outside the library");
        });
    }

}
