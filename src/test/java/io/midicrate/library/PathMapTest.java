package io.midicrate.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathMapTest {

    @Test
    void theLongestWholeSegmentPrefixWins() {
        PathMap map = PathMap.parse(List.of("/srv/midi=/mnt/midi", "/srv/midi/packs/=/mnt/packs", "/a=b=/c"));

        assertThat(map.toLocal("/srv/midi/x/a.mid")).isEqualTo("/mnt/midi/x/a.mid");
        assertThat(map.toLocal("/srv/midi/packs/p.zip")).isEqualTo("/mnt/packs/p.zip");
        assertThat(map.toLocal("/srv/midi")).isEqualTo("/mnt/midi");
        assertThat(map.toLocal("/srv/midi2/a.mid")).isEqualTo("/srv/midi2/a.mid");
        assertThat(map.toLocal("/a=b/x.mid")).isEqualTo("/c/x.mid");
        assertThat(PathMap.parse(List.of("/=/mnt")).toLocal("/srv/a.mid")).isEqualTo("/mnt/srv/a.mid");
        assertThat(PathMap.parse(List.of()).toLocal("/srv/a.mid")).isEqualTo("/srv/a.mid");
    }

    @Test
    void anEntryThatIsNotTwoAbsolutePathsIsRejectedByName() {
        assertThatThrownBy(() -> PathMap.parse(List.of("srv/midi=/mnt/midi"))).hasMessageContaining("'srv/midi=/mnt/midi'");
        assertThatThrownBy(() -> PathMap.parse(List.of("/srv/midi:/mnt/midi"))).hasMessageContaining("FROM=TO");
        assertThatThrownBy(() -> PathMap.parse(List.of("/srv/midi=mnt"))).hasMessageContaining("FROM=TO");
        assertThatThrownBy(() -> PathMap.parse(List.of("/srv=/a", "/srv/=/b"))).hasMessageContaining("mapped twice");
    }

    @Test
    void theReaderOpensTheMappedFileAndReportsTheStoredPath(@TempDir Path tmp) throws Exception {
        Path mounted = Files.createDirectories(tmp.resolve("mnt"));
        Files.write(mounted.resolve("a.mid"), new byte[] {1, 2, 3});
        String stored = tmp.resolve("srv").resolve("a.mid").toString();
        PathMap map = PathMap.parse(List.of(tmp.resolve("srv") + "=" + mounted));

        try (LibraryFileReader reader = new LibraryFileReader(1 << 20, 1 << 20, map)) {
            assertThat(reader.read(stored)).isEqualTo(3);
            byte[] hash = reader.blake3();
            assertThat(reader.readContent(List.of(stored), hash)).isEqualTo(stored);
        }
        try (LibraryFileReader reader = new LibraryFileReader(1 << 20, 1 << 20)) {
            assertThatThrownBy(() -> reader.read(stored)).isInstanceOf(FileProblem.class);
        }
    }
}
