package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.CliRun;

/** dupes and export: operator mistakes answer before any work starts, with one line and exit code 2. */
@Tag("integration")
class ActOnLibraryCliTest {

    @TempDir
    Path tmp;

    @Test
    void dupesMistakesAreOperatorErrors() {
        expectOperatorError(CliRun.of("dupes", "key:H"), "bad query term 'key:H'");
        expectOperatorError(CliRun.of("dupes", "--apply"), "--apply needs --to");
        expectOperatorError(CliRun.of("dupes", "--keep", "biggest"), "'biggest' is not a keep policy");
        expectOperatorError(CliRun.of("dupes", "--format", "xml"), "--format must be table, json or csv");
        expectOperatorError(CliRun.of("dupes", "--plan", "--undo", "m.json"), "one of --plan, --apply, --undo");
    }

    @Test
    void exportMistakesAreOperatorErrors() {
        expectOperatorError(CliRun.of("export", "bpm:fast", "--to", tmp.toString()), "bad query term 'bpm:fast'");
        expectOperatorError(CliRun.of("export"), "--to");
        expectOperatorError(CliRun.of("export", "--to", tmp.toString(), "--layout", "{colour}/{name}"), "{colour}");
        expectOperatorError(CliRun.of("export", "--to", tmp.toString(), "--mode", "move"), "--mode");
        expectOperatorError(CliRun.of("export", "--to", tmp.toString(), "--split", "bars"), "--split");
    }

    static void expectOperatorError(CliRun r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().strip()).doesNotContain("\n");
    }
}
