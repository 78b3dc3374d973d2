package io.midicrate.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The archive address is unambiguous: every part survives a round trip, whatever "!" and "/" it holds. */
class LibraryPathTest {

    @Test
    void plainPathsWithoutBangSlashAreStoredAsTheyAre() {
        assertThat(LibraryPath.plain("/lib/Wow!.mid")).isEqualTo("/lib/Wow!.mid");
        assertThat(LibraryPath.plain("/lib/pack.zip/a.mid")).isEqualTo("/lib/pack.zip/a.mid");
        assertThat(LibraryPath.segments("/lib/Wow!.mid")).containsExactly("/lib/Wow!.mid");
    }

    @Test
    void aFolderNamedLikeAnArchiveAddressIsNotReadAsOne() {
        String folder = LibraryPath.plain("/lib/real.zip!/x.mid");
        String entry = LibraryPath.entry(LibraryPath.plain("/lib/real.zip"), "x.mid");

        assertThat(folder).isEqualTo("/lib/real.zip!!/x.mid");
        assertThat(entry).isEqualTo("/lib/real.zip!/x.mid");
        assertThat(LibraryPath.segments(folder)).containsExactly("/lib/real.zip!/x.mid");
        assertThat(LibraryPath.segments(entry)).containsExactly("/lib/real.zip", "x.mid");
        assertThat(LibraryPath.isArchiveEntry(folder)).isFalse();
        assertThat(LibraryPath.isArchiveEntry(entry)).isTrue();
        // what 'search --format paths --files-only' prints: the folder's real name, and no file for the entry
        assertThat(LibraryPath.filePath(folder)).isEqualTo("/lib/real.zip!/x.mid");
        assertThat(LibraryPath.filePath(entry)).isNull();
        assertThat(LibraryPath.filePath("/lib/Wow!.mid")).isEqualTo("/lib/Wow!.mid");
    }

    @Test
    void everyPartRoundTrips() {
        List<List<String>> cases = List.of(
                List.of("/a!/b!!/c!!!/d.zip", "e!/f.zip", "g!!/h!.mid"),
                List.of("/x/odd!", "!/!!/", "end!"),
                List.of("/plain/file.mid"),
                List.of("/p/q.zip", "inner/one.zip", "deep/x.mid"));
        for (List<String> parts : cases) {
            String address = LibraryPath.plain(parts.get(0));
            for (String part : parts.subList(1, parts.size())) {
                address = LibraryPath.entry(address, part);
            }
            assertThat(LibraryPath.segments(address)).as(address).containsExactlyElementsOf(parts);
        }
    }

    @Test
    void rawNameBytesAreShownEscaped() {
        assertThat(LibraryPath.escapedRawName(java.nio.file.Path.of("/tmp/caf\u00e9.mid"))).isEqualTo("caf\\xC3\\xA9.mid");
    }
}
