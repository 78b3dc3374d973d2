package io.midicrate.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.batch.ExecutionLiveness;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.Sort;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/**
 * Watched folders: a pack copied in is searchable soon after its last file (a functional bound polled with a
 * deadline, not a benchmark), in one import; a file still being written is imported whole; a missing root is one
 * line and the others are watched; a file system without events is rescanned.
 */
class FolderWatcherTest extends JobTest {

    /** The bound: searchable within this long after the pack's last file is written. */
    static final Duration SEARCHABLE_WITHIN = Duration.ofSeconds(10);

    @Autowired
    FolderWatcher watcher;
    @Autowired
    LibrarySearch search;
    @Autowired
    ExecutionLiveness liveness;
    @Autowired
    io.midicrate.batch.JobLocks locks;

    @AfterEach
    void stopWatching() throws InterruptedException {
        watcher.stop();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!liveness.runningHere().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    List<String> watch(WatchSettings.Mode mode, Path... roots) throws InterruptedException {
        List<String> notices = watcher.watch(List.of(),
                new WatchSettings(List.of(roots), mode, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThat(watcher.awaitReady(Duration.ofSeconds(30))).isTrue();
        return notices;
    }

    /** Copies a pack of files into the root, a few milliseconds apart, as an unzip or a file manager does. */
    Instant copyPack(Path root, String pack, int files) throws Exception {
        Path staged = tmp.resolve("staged-" + pack);
        for (int i = 0; i < files; i++) {
            TestMidi.write(staged.resolve("f" + i + ".mid"), TestMidi.smf(pack.hashCode() + i));
        }
        Path target = Files.createDirectories(root.resolve(pack));
        for (int i = 0; i < files; i++) {
            Files.copy(staged.resolve("f" + i + ".mid"), target.resolve("f" + i + ".mid"));
            Thread.sleep(5);
        }
        return Instant.now();
    }

    long searchable(Path root) {
        Query query = QueryParser.parse("path:" + root + " status:ok");
        return search.search(query, Sort.defaultFor(query), LibrarySearch.MAX_LIMIT, null).rows().size();
    }

    /** Polls the search until it finds {@code files} analysed files under the root, or the deadline passes. */
    boolean searchableBy(Path root, long files, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            if (searchable(root) >= files) {
                return true;
            }
            Thread.sleep(100);
        }
        return searchable(root) >= files;
    }

    @Test
    void aPackOf200FilesIsSearchableWithin10sOfItsLastFileInOneImport() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("library"));
        assertThat(watch(WatchSettings.Mode.EVENTS, root)).containsExactly(
                "watch " + root + " (schedule watch): file system events");

        Instant lastWritten = copyPack(root, "Acme Trap Pack", 200);

        assertThat(searchableBy(root, 200, lastWritten.plus(SEARCHABLE_WITHIN)))
                .as("200 files searchable within %s of the last one", SEARCHABLE_WITHIN).isTrue();
        assertThat(count("SELECT count(*) FROM import_run")).as("the burst gives one import").isEqualTo(1);
    }

    @Test
    void aFileStillBeingWrittenIsImportedWholeNotHalfWay() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("library"));
        watch(WatchSettings.Mode.EVENTS, root);
        byte[] whole = TestMidi.smf(7);
        Path file = root.resolve("slow.mid");

        // half at once, then the rest a few bytes at a time, for longer than the quiet time in all
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(whole, 0, whole.length / 2);
            out.flush();
            int at = whole.length / 2;
            for (int step = 0; step < 12; step++) {
                int end = step == 11 ? whole.length : Math.min(whole.length, at + (whole.length - at) / 12 + 1);
                out.write(Arrays.copyOfRange(whole, at, end));
                out.flush();
                at = end;
                Thread.sleep(300);
            }
        }
        Instant written = Instant.now();

        assertThat(searchableBy(root, 1, written.plus(SEARCHABLE_WITHIN))).isTrue();
        assertThat(count("SELECT count(*) FROM content")).as("one content, the whole file").isEqualTo(1);
        assertThat(count("SELECT size FROM content")).isEqualTo(whole.length);
        assertThat(count("SELECT count(*) FROM file_error")).as("no half-read file recorded as broken").isZero();
        assertThat(count("SELECT count(*) FROM import_run")).as("nothing imported while it was written").isEqualTo(1);
    }

    @Test
    void aRootWithoutEventsIsRescannedAndSettlesTheSameWay() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mount"));
        assertThat(watch(WatchSettings.Mode.RESCAN, root)).containsExactly(
                "watch " + root + " (schedule watch): a rescan every 1 s (midicrate.watch.mode is rescan)");

        Instant lastWritten = copyPack(root, "Nfs Pack", 30);

        assertThat(searchableBy(root, 30, lastWritten.plus(SEARCHABLE_WITHIN))).isTrue();
        assertThat(count("SELECT count(*) FROM file_error")).isZero();
    }

    @Test
    void aMissingRootIsOneLineAndTheOtherRootsAreWatched() throws Exception {
        Path missing = tmp.resolve("not-there");
        Path root = Files.createDirectories(tmp.resolve("library"));

        List<String> notices = watch(WatchSettings.Mode.AUTO, missing, root);

        assertThat(notices).filteredOn(n -> n.contains(missing.toString()))
                .containsExactly("watch " + missing + " (schedule watch): no such folder: not watched");
        Instant lastWritten = copyPack(root, "Pack", 5);
        assertThat(searchableBy(root, 5, lastWritten.plus(SEARCHABLE_WITHIN))).isTrue();
        assertThat(jdbc.queryForObject("SELECT array_to_string(roots, ',') FROM import_run", String.class))
                .as("the missing root is not imported either").isEqualTo(root.toString());
    }

    @Test
    void aPackArrivingWhileAnotherImportRunsWaitsForItAndThenImportsOnce() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("library"));
        watch(WatchSettings.Mode.EVENTS, root);
        // the lock an import holds (JobRunner's "imports"), as a manual import in another process would
        try (io.midicrate.batch.JobLocks.Held otherImport = locks.tryLock("imports")) {
            assertThat(otherImport).isNotNull();
            copyPack(root, "Late Pack", 20);
            Thread.sleep(Duration.ofSeconds(4).toMillis()); // twice the quiet time: it would have fired by now
            assertThat(count("SELECT count(*) FROM import_run")).as("no import beside the running one").isZero();
        }
        assertThat(searchableBy(root, 20, Instant.now().plus(SEARCHABLE_WITHIN))).isTrue();
        assertThat(count("SELECT count(*) FROM import_run")).isEqualTo(1);
    }
}
