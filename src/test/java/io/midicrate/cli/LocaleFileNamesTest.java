package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.ChildProcess;
import io.midicrate.support.DatabaseTest;
import io.midicrate.support.TestMidi;

/**
 * A real midicrate process started the way cron starts it ({@code LANG=C}, no {@code LC_ALL}) imports files whose
 * names are valid UTF-8, composed or not, emoji and right-to-left marks included; a name that is not UTF-8 is
 * recorded as BAD_NAME with its bytes shown.
 */
class LocaleFileNamesTest extends DatabaseTest {

    static final List<String> NAMES = List.of("caf\u00e9.mid", "cafe\u0301 nfd.mid", "\uD83C\uDFB9 keys.mid",
            "\u200Fright to left.mid", "\u0645\u0648\u0633\u064A\u0642\u0649.mid");

    @TempDir
    Path tmp;

    @Test
    void validUtf8NamesAreImportedUnderTheCLocale() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < NAMES.size(); i++) {
            TestMidi.write(lib.resolve(NAMES.get(i)), TestMidi.smf(i));
        }
        TestMidi.write(lib.resolve("plain.mid"), TestMidi.smf(99));
        Process bad = new ProcessBuilder("sh", "-c", "printf 'MThd' > \"$(printf 'bad\\377name.mid')\"")
                .directory(lib.toFile()).inheritIO().start();
        assertThat(bad.waitFor()).isZero();
        Path log = tmp.resolve("child.log");

        Process child = ChildProcess.start(log, Map.of("LANG", "C", "LC_ALL", "", "LC_CTYPE", ""),
                "import", "--no-progress", lib.toString());

        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the import ends").isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        assertThat(jdbc.queryForList("SELECT path FROM location", String.class))
                .extracting(p -> Path.of(p).getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(concat(NAMES, "plain.mid"));
        assertThat(jdbc.queryForList("SELECT family || ' ' || message FROM file_error", String.class))
                .containsExactly("BAD_NAME name is not valid UTF-8 (its bytes: bad\\xFFname.mid); rename it");
    }

    static List<String> concat(List<String> names, String more) {
        List<String> all = new java.util.ArrayList<>(names);
        all.add(more);
        return all;
    }
}
