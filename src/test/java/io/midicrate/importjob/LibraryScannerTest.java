package io.midicrate.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.library.ErrorFamily;
import io.midicrate.support.TestMidi;

class LibraryScannerTest {

    @TempDir
    Path tmp;

    static ScanLimits limits(boolean followSymlinks) {
        return new ScanLimits(Set.of("mid", "midi", "kar", "rmi"), 16 << 20, followSymlinks, 3, 200, 1L << 32, 500_000, 64 << 20);
    }

    static List<ScanItem> scan(Path root, boolean follow) {
        List<ScanItem> items = new ArrayList<>();
        try (LibraryScanner scanner = new LibraryScanner(List.of(root), limits(follow))) {
            scanner.forEachRemaining(items::add);
        }
        return items;
    }

    @Test
    void walksInAStableSortedOrderAndFindsExtensionsInAnyCase() {
        for (String name : List.of("b/Z.MID", "b/a.midi", "a/x.Kar", "a/y.rmi", "c.mid", "notes.txt", "a/song.mid.bak")) {
            TestMidi.write(tmp.resolve(name), TestMidi.smf(1));
        }
        List<String> paths = scan(tmp, false).stream().map(i -> tmp.relativize(Path.of(i.path())).toString()).toList();
        assertThat(paths).containsExactly("a/x.Kar", "a/y.rmi", "b/Z.MID", "b/a.midi", "c.mid");
        assertThat(scan(tmp, false)).isEqualTo(scan(tmp, false));
    }

    @Test
    void symlinksAreSkippedByDefaultAndLoopsAreReportedWhenFollowed() throws Exception {
        TestMidi.write(tmp.resolve("lib/a.mid"), TestMidi.smf(1));
        Files.createSymbolicLink(tmp.resolve("lib/loop"), tmp.resolve("lib"));
        Files.createSymbolicLink(tmp.resolve("lib/alias.mid"), tmp.resolve("lib/a.mid"));

        List<ScanItem> plain = scan(tmp.resolve("lib"), false);
        assertThat(plain).extracting(ScanItem::path).containsExactly(tmp.resolve("lib/a.mid").toString());

        List<ScanItem> followed = scan(tmp.resolve("lib"), true);
        assertThat(followed).filteredOn(i -> i instanceof ScanItem.Problem)
                .extracting(i -> ((ScanItem.Problem) i).family()).containsExactly(ErrorFamily.SYMLINK_LOOP);
        assertThat(followed).filteredOn(i -> i instanceof ScanItem.Candidate).hasSize(2);
    }

    @Test
    void zipsNestedDeeperThanTheBoundAreNotOpened() {
        byte[] level3 = TestMidi.zip(java.util.Map.of("deep.mid", TestMidi.smf(3)));
        byte[] level2 = TestMidi.zip(java.util.Map.of("l3.zip", level3, "mid.mid", TestMidi.smf(2)));
        TestMidi.write(tmp.resolve("l1.zip"), TestMidi.zip(java.util.Map.of("l2.zip", level2)));
        ScanLimits depth2 = new ScanLimits(Set.of("mid"), 16 << 20, false, 2, 200, 1L << 32, 500_000, 64 << 20);
        List<String> paths = new ArrayList<>();
        try (LibraryScanner scanner = new LibraryScanner(List.of(tmp), depth2)) {
            scanner.forEachRemaining(i -> paths.add(i.path()));
        }
        assertThat(paths).containsExactly(tmp.resolve("l1.zip") + "!/l2.zip!/mid.mid");
    }
}
