package io.midicrate.dupes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfParser;
import io.midicrate.store.library.Duplicates;
import io.midicrate.store.reports.LibraryStats;
import io.midicrate.support.JobTest;
import io.midicrate.support.FileTrees;
import io.midicrate.support.TestMidi;

/** dupes end to end on a real file tree and real PostgreSQL: report, plan, apply, undo. */
class DupesFunctionalTest extends JobTest {
    @Autowired
    Dedup dedup;
    @Autowired
    LibrarySearch search;
    @Autowired
    LibraryStats stats;

    Path lib;
    Path quarantine;

    static final List<Duplicates.Keep> SHORTEST = List.of(Duplicates.Keep.of(Duplicates.Policy.SHORTEST_PATH));

    /** Same notes as {@code TestMidi.smf(seed)}, other bytes: the track name differs. */
    static byte[] resaved(int seed) {
        byte[] bytes = TestMidi.smf(seed);
        byte[] name = ("seed " + seed).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + name.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                bytes[i] = 'S';
                return bytes;
            }
        }
        throw new IllegalStateException("no name");
    }

    @BeforeEach
    void library() throws Exception {
        lib = tmp.resolve("lib");
        quarantine = tmp.resolve("quarantine");
        byte[] a = TestMidi.smf(1);
        TestMidi.write(lib.resolve("a/loop.mid"), a);
        TestMidi.write(lib.resolve("b/longer-folder/loop.mid"), a);
        TestMidi.write(lib.resolve("c/loop copy.mid"), a);
        TestMidi.write(lib.resolve("pack.zip"), TestMidi.zip(Map.of("loop.mid", a)));
        TestMidi.write(lib.resolve("x/bass.mid"), TestMidi.smf(2));
        TestMidi.write(lib.resolve("y/bass.mid"), TestMidi.smf(2));
        TestMidi.write(lib.resolve("n/near1.mid"), TestMidi.smf(3));
        TestMidi.write(lib.resolve("n2/near2.mid"), resaved(3));
        TestMidi.write(lib.resolve("n3/near2.mid"), resaved(3));
        TestMidi.write(lib.resolve("u/unique.mid"), TestMidi.smf(4));
        runner.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath().normalize())));
        analyze();
    }

    Dedup.Options options(Duplicates.Mode mode, boolean moveNear) {
        return new Dedup.Options(mode, SHORTEST, moveNear, null);
    }

    List<DupeGroup> report(Dedup.Options options, Dedup.Totals[] totals) {
        List<DupeGroup> groups = new ArrayList<>();
        totals[0] = dedup.report(options, groups::add);
        return groups;
    }

    @Test
    void reportCountsMatchAnIndependentComputation() throws Exception {
        // independent: exact groups by the bytes of every plain file and zip entry; near groups by the parsed notes
        Map<String, List<Long>> byBytes = new LinkedHashMap<>();
        Map<String, Long> sizeOf = new HashMap<>();
        try (Stream<Path> files = Files.walk(lib)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                List<byte[]> contents = f.toString().endsWith(".zip") ? List.of(TestMidi.smf(1)) : List.of(Files.readAllBytes(f));
                for (byte[] c : contents) {
                    String key = Arrays.toString(c);
                    byBytes.computeIfAbsent(key, k -> new ArrayList<>()).add((long) c.length);
                    sizeOf.put(key, (long) c.length);
                }
            }
        }
        Map<String, List<String>> byNotes = new HashMap<>();
        for (String content : byBytes.keySet()) {
            byte[] bytes = toBytes(content);
            MidiFile f = new SmfParser().parse(bytes, bytes.length);
            StringBuilder notes = new StringBuilder();
            for (int i = 0; i < f.notes().count(); i++) {
                notes.append(f.notes().startTick()[i]).append(':').append(f.notes().key(i)).append(':')
                        .append(f.notes().endTick()[i]).append(' ');
            }
            byNotes.computeIfAbsent(notes.toString(), k -> new ArrayList<>()).add(content);
        }
        long exactCopies = 0;
        long exactBytes = 0;
        for (List<Long> copies : byBytes.values()) {
            exactCopies += copies.size() - 1;
            exactBytes += (copies.size() - 1) * copies.get(0);
        }
        long nearCopies = 0;
        long nearBytes = 0;
        for (List<String> contents : byNotes.values()) {
            // the kept content's copy stays; one copy of each other content is a near copy
            for (int i = 1; i < contents.size(); i++) {
                nearCopies++;
                nearBytes += sizeOf.get(contents.get(i));
            }
        }
        assertThat(exactCopies).isEqualTo(5);
        assertThat(nearCopies).isEqualTo(1);

        Dedup.Totals[] t = new Dedup.Totals[1];
        List<DupeGroup> groups = report(options(Duplicates.Mode.BOTH, false), t);

        assertThat(t[0].exactCopies).isEqualTo(exactCopies);
        assertThat(t[0].exactBytes).isEqualTo(exactBytes);
        assertThat(t[0].nearCopies).isEqualTo(nearCopies);
        assertThat(t[0].nearBytes).isEqualTo(nearBytes);
        assertThat(t[0].archiveCopies).isEqualTo(1);
        assertThat(groups).hasSize(3);
        // largest freed first, and each group's freed bytes are its redundant copies
        assertThat(groups).extracting(DupeGroup::freed).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        for (DupeGroup g : groups) {
            assertThat(g.freed()).isEqualTo(g.copies().stream().filter(c -> c.kind() != Duplicates.Kind.KEEP)
                    .mapToLong(Duplicates.Copy::size).sum());
        }
        DupeGroup loops = groups.get(0);
        assertThat(loops.near()).isFalse();
        assertThat(loops.kept().path()).isEqualTo(lib.resolve("a/loop.mid").toString());
        assertThat(loops.copies()).extracting(Duplicates.Copy::path).contains(lib.resolve("pack.zip") + "!/loop.mid");
        DupeGroup near = groups.stream().filter(DupeGroup::near).findFirst().orElseThrow();
        assertThat(near.kept().path()).isEqualTo(lib.resolve("n/near1.mid").toString());
        assertThat(near.copies()).extracting(Duplicates.Copy::kind)
                .containsExactly(Duplicates.Kind.KEEP, Duplicates.Kind.NEAR, Duplicates.Kind.EXACT);

        // --exact: the re-saved pair is an exact group of its own; --near: only the near group
        report(options(Duplicates.Mode.EXACT, false), t);
        assertThat(t[0].exactCopies).isEqualTo(exactCopies);
        assertThat(t[0].nearCopies).isZero();
        assertThat(t[0].groups).isEqualTo(3);
        List<DupeGroup> nearOnly = report(options(Duplicates.Mode.NEAR, true), t);
        assertThat(nearOnly).hasSize(1);
        assertThat(t[0].redundantCopies()).isEqualTo(2);
        assertThat(t[0].toMove).isEqualTo(2);

        // a query limits the report to matching files
        Dedup.Options selected = scoped(Duplicates.Mode.BOTH, "path:**/bass.mid");
        List<DupeGroup> bass = report(selected, t);
        assertThat(bass).hasSize(1);
        assertThat(bass.get(0).kept().path()).isEqualTo(lib.resolve("x/bass.mid").toString());
    }

    Dedup.Options scoped(Duplicates.Mode mode, String query) {
        Query parsed = QueryParser.parse(query);
        return new Dedup.Options(mode, SHORTEST, false, each -> search.forEachMatchingCopy(parsed, each));
    }

    @Test
    void aQueryLimitsTheCopiesThatAreRedundantAndTheKeptCopyIsChosenAmongAll() throws Exception {
        Path kept = lib.resolve("a/loop.mid");
        Path inC = lib.resolve("c/loop copy.mid");
        Dedup.Totals[] t = new Dedup.Totals[1];

        // the copy in c/ is redundant; the copy kept (the shortest path of all) is listed, outside the query
        List<DupeGroup> groups = report(scoped(Duplicates.Mode.EXACT, "path:" + lib.resolve("c") + "/"), t);
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.copies()).extracting(Duplicates.Copy::path).containsExactly(kept.toString(), inC.toString());
            assertThat(g.copies()).extracting(Duplicates.Copy::selected).containsExactly(false, true);
            assertThat(g.freed()).isEqualTo(Files.size(inC));
        });
        assertThat(t[0].exactCopies).isEqualTo(1);
        assertThat(t[0].toMove).isEqualTo(1);

        // in a/ there is only the copy kept: nothing there is redundant
        assertThat(report(scoped(Duplicates.Mode.EXACT, "path:" + lib.resolve("a") + "/"), t)).isEmpty();

        // -path: leaves out that copy, not every copy of its content
        List<String> notInC = report(scoped(Duplicates.Mode.EXACT, "-path:" + lib.resolve("c") + "/"), t).stream()
                .flatMap(g -> g.copies().stream()).map(Duplicates.Copy::path).toList();
        assertThat(notInC).contains(kept.toString(), lib.resolve("b/longer-folder/loop.mid").toString(),
                lib.resolve("y/bass.mid").toString()).doesNotContain(inC.toString());

        // and --apply moves only the copies the query matched
        Dedup.Outcome applied = dedup.apply(scoped(Duplicates.Mode.EXACT, "path:" + lib.resolve("c") + "/"), quarantine,
                "test", n -> { }).get(0);
        assertThat(applied.moved()).isEqualTo(1);
        assertThat(inC).doesNotExist();
        assertThat(kept).exists();
        assertThat(lib.resolve("b/longer-folder/loop.mid")).exists();
    }

    @Test
    void keepPoliciesChooseTheCopyThatStays() throws Exception {
        Files.setLastModifiedTime(lib.resolve("c/loop copy.mid"), FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(lib.resolve("b/longer-folder/loop.mid"), FileTime.fromMillis(1_900_000_000_000L));
        runner.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath().normalize())));
        assertThat(keptLoop(List.of(Duplicates.Keep.of(Duplicates.Policy.OLDEST)))).endsWith("c/loop copy.mid");
        assertThat(keptLoop(List.of(Duplicates.Keep.of(Duplicates.Policy.NEWEST)))).endsWith("b/longer-folder/loop.mid");
        assertThat(keptLoop(List.of(new Duplicates.Keep(Duplicates.Policy.IN, lib.resolve("b") + "/"),
                Duplicates.Keep.of(Duplicates.Policy.OLDEST)))).endsWith("b/longer-folder/loop.mid");
        // a prefix no copy is under falls through to the next policy
        assertThat(keptLoop(List.of(new Duplicates.Keep(Duplicates.Policy.IN, "/elsewhere/"),
                Duplicates.Keep.of(Duplicates.Policy.OLDEST)))).endsWith("c/loop copy.mid");
    }

    String keptLoop(List<Duplicates.Keep> keep) {
        List<DupeGroup> groups = new ArrayList<>();
        dedup.report(new Dedup.Options(Duplicates.Mode.EXACT, keep, false, null), groups::add);
        return groups.stream().filter(g -> g.copies().size() == 4).findFirst().orElseThrow().kept().path();
    }

    @Test
    void applyMovesRedundantPlainFilesAndUndoRestoresTheTreeByteForByte() throws Exception {
        Map<String, byte[]> before = FileTrees.tree(lib);

        List<Dedup.Outcome> outcomes = dedup.apply(options(Duplicates.Mode.BOTH, false), quarantine, "test", n -> { });

        assertThat(outcomes).hasSize(1);
        Dedup.Outcome applied = outcomes.get(0);
        assertThat(applied.moved()).isEqualTo(4);
        assertThat(applied.skipped()).isZero();
        List<String> moved = List.of("b/longer-folder/loop.mid", "c/loop copy.mid", "y/bass.mid", "n3/near2.mid");
        for (String rel : moved) {
            Path original = lib.resolve(rel);
            assertThat(original).doesNotExist();
            Path there = Dedup.quarantined(quarantine.toAbsolutePath().normalize(), original.toString());
            assertThat(there).hasBinaryContent(before.get(rel));
            assertThat(jdbc.queryForObject("SELECT moved_to FROM location WHERE path = ?", String.class, original.toString()))
                    .isEqualTo(there.toString());
        }
        // archive entries and near copies (without --near) stay; nothing else moved; no row was deleted
        assertThat(lib.resolve("pack.zip")).exists();
        assertThat(lib.resolve("n2/near2.mid")).exists();
        assertThat(FileTrees.tree(lib)).hasSize(before.size() - 4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location", Long.class)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE moved_to IS NOT NULL", Long.class)).isEqualTo(4);
        // stats count the library as it is now: the moved copies apart, only the zip entry is a duplicate path left
        LibraryStats.Totals totals = stats.totals();
        assertThat(totals.paths()).isEqualTo(6);
        assertThat(totals.moved()).isEqualTo(4);
        assertThat(totals.duplicatePaths()).isEqualTo(1);
        assertThat(totals.duplicateBytes()).isEqualTo(before.get("a/loop.mid").length);

        // the manifest says where each file went, with its BLAKE3 and size
        Manifest manifest = Manifest.open(applied.manifest());
        assertThat(manifest.status()).isEqualTo("applied");
        assertThat(manifest.count(Manifest.State.MOVED)).isEqualTo(4);
        List<Manifest.Entry> entries = new ArrayList<>();
        manifest.forEach((i, e) -> entries.add(e));
        for (Manifest.Entry e : entries) {
            assertThat(e.blake3()).hasSize(64);
            assertThat(e.size()).isEqualTo(before.get(lib.relativize(Path.of(e.original())).toString()).length);
        }

        // the library now reports only what is left
        Dedup.Totals[] t = new Dedup.Totals[1];
        report(options(Duplicates.Mode.BOTH, false), t);
        assertThat(t[0].exactCopies).isEqualTo(1); // the zip entry
        assertThat(t[0].nearCopies).isEqualTo(1);
        // and so does search: dupes:yes is a content at two or more live paths (the moved bass copy no longer counts)
        java.util.Set<Long> atSeveralPaths = new java.util.HashSet<>();
        search.forEachMatchingId(io.midicrate.query.QueryParser.parse("dupes:yes"), atSeveralPaths::add);
        assertThat(atSeveralPaths).isNotEmpty().containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
                "SELECT content_id FROM location WHERE moved_to IS NULL GROUP BY content_id HAVING count(*) > 1", Long.class));
        assertThat(atSeveralPaths).doesNotContain(jdbc.queryForObject(
                "SELECT content_id FROM location WHERE path = ?", Long.class, lib.resolve("y/bass.mid").toString()));
        // a second apply finds nothing to move and writes no manifest
        assertThat(dedup.apply(options(Duplicates.Mode.BOTH, false), quarantine, "test", n -> { })).isEmpty();

        Dedup.Outcome undone = dedup.undo(applied.manifest(), n -> { });

        assertThat(undone.restored()).isEqualTo(4);
        assertThat(FileTrees.tree(lib)).usingRecursiveComparison().isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE moved_to IS NOT NULL", Long.class)).isZero();
        assertThat(Manifest.open(applied.manifest()).status()).isEqualTo("undone");
        // undo again: nothing left to put back, nothing changes
        assertThat(dedup.undo(applied.manifest(), n -> { }).restored()).isZero();
        assertThat(FileTrees.tree(lib)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void nearCopiesMoveOnlyWithNear() {
        List<Dedup.Outcome> outcomes = dedup.apply(options(Duplicates.Mode.NEAR, true), quarantine, "test", n -> { });
        assertThat(outcomes.get(0).moved()).isEqualTo(2);
        assertThat(lib.resolve("n/near1.mid")).exists();
        assertThat(lib.resolve("n2/near2.mid")).doesNotExist();
        assertThat(lib.resolve("n3/near2.mid")).doesNotExist();
    }

    @Test
    void aFileChangedAfterImportIsSkippedAndLeftAlone() throws Exception {
        byte[] changed = TestMidi.smf(99);
        Files.write(lib.resolve("y/bass.mid"), changed);

        Dedup.Outcome outcome = dedup.apply(options(Duplicates.Mode.EXACT, false), quarantine, "test", n -> { }).get(0);

        assertThat(outcome.moved()).isEqualTo(3);
        assertThat(outcome.skipped()).isEqualTo(1);
        assertThat(outcome.skips()).singleElement().asString().contains("y/bass.mid").contains("BLAKE3");
        assertThat(lib.resolve("y/bass.mid")).hasBinaryContent(changed);
        assertThat(jdbc.queryForObject("SELECT moved_to FROM location WHERE path = ?", String.class,
                lib.resolve("y/bass.mid").toString())).isNull();
        Manifest manifest = Manifest.open(outcome.manifest());
        assertThat(manifest.count(Manifest.State.SKIPPED)).isEqualTo(1);
    }

    @Test
    void aQuarantineInsideTheLibraryIsRefused() {
        assertThatThrownBy(() -> dedup.apply(options(Duplicates.Mode.BOTH, false), lib.resolve("q"), "test", n -> { }))
                .isInstanceOf(OperatorException.class).hasMessageContaining("inside the library root");
        assertThat(lib.resolve("q")).doesNotExist();
    }

    @Test
    void aQuarantineOnAnotherFileSystemIsRefusedBeforeAnythingMoves() throws Exception {
        Path otherFileSystem = otherFileSystemThan(lib);
        if (otherFileSystem == null) {
            // CI runs on machines like this one, where /dev/shm is a tmpfs apart from the work tree: never skip there
            assertThat(System.getenv("CI")).as("no second file system found on a CI machine").isNotEqualTo("true");
            Assumptions.abort("assumes a second writable file system (such as /dev/shm) apart from " + lib);
        }
        Path elsewhere = otherFileSystem.resolve("midicrate-test-quarantine-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Map<String, byte[]> before = FileTrees.tree(lib);
        try {
            assertThatThrownBy(() -> dedup.apply(options(Duplicates.Mode.BOTH, false), elsewhere, "test", n -> { }))
                    .isInstanceOf(OperatorException.class)
                    .hasMessageContaining("is on the file system").hasMessageContaining("renaming")
                    .hasMessageNotContaining("\n");
            assertThat(FileTrees.tree(lib)).as("nothing moved").usingRecursiveComparison().isEqualTo(before);
            assertThat(elsewhere).as("no quarantine folder, no manifest").doesNotExist();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE moved_to IS NOT NULL", Long.class)).isZero();
        } finally {
            if (Files.exists(elsewhere)) { // only a failed refusal leaves it
                try (Stream<Path> made = Files.walk(elsewhere)) {
                    made.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** A writable folder on another file system than {@code folder}, or null when this machine has none. */
    static Path otherFileSystemThan(Path folder) throws Exception {
        Object device = Files.getAttribute(folder, "unix:dev");
        for (String candidate : List.of("/dev/shm", "/run/shm", System.getProperty("java.io.tmpdir"), "/var/tmp")) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p) && Files.isWritable(p) && !Files.getAttribute(p, "unix:dev").equals(device)) {
                return p;
            }
        }
        return null;
    }

    private static byte[] toBytes(String arraysToString) {
        String[] parts = arraysToString.substring(1, arraysToString.length() - 1).split(", ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Byte.parseByte(parts[i]);
        }
        return out;
    }
}
