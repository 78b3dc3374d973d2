package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.dupes.Dedup;
import io.midicrate.query.FileDetails;
import io.midicrate.query.FileDetailsQuery;
import io.midicrate.store.library.Duplicates;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/** {@code show} of a copy {@code dupes --apply} moved says where it went, not that it is gone. */
class ShowMovedCopyTest extends JobTest {

    @Autowired
    Dedup dedup;
    @Autowired
    FileDetailsQuery files;

    @Test
    void aMovedCopyShowsWhereItWent() throws Exception {
        Path lib = tmp.resolve("lib");
        TestMidi.write(lib.resolve("a/loop.mid"), TestMidi.smf(1));
        TestMidi.write(lib.resolve("longer/loop.mid"), TestMidi.smf(1));
        importLibrary(lib);
        Path quarantine = tmp.resolve("quarantine").toAbsolutePath().normalize();
        dedup.apply(new Dedup.Options(Duplicates.Mode.EXACT, List.of(Duplicates.Keep.of(Duplicates.Policy.SHORTEST_PATH)),
                false, null), quarantine, "test", n -> { });
        String moved = lib.resolve("longer/loop.mid").toAbsolutePath().toString();
        Path there = Dedup.quarantined(quarantine, moved);

        FileDetails details = files.show(moved).orElseThrow();
        FileDetails.PathInfo info = details.paths().stream().filter(p -> p.path().equals(moved)).findFirst().orElseThrow();
        assertThat(info.movedTo()).isEqualTo(there.toString());
        assertThat(info.movedAt()).isNotNull();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ShowCommand.print(new PrintStream(out, true, StandardCharsets.UTF_8), details);
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("MOVED " + moved).contains("moved by 'dupes --apply' on ").contains(" to " + there)
                .doesNotContain("GONE");
        assertThat(shown).containsPattern("\\n\\s+" + java.util.regex.Pattern.quote(lib.resolve("a/loop.mid").toAbsolutePath().toString()));
    }
}
