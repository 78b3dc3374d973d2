package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dupes and export: operator mistakes answer before any work starts, with one line and exit code 2. */
class ActOnLibraryCliTest {

    @TempDir
    Path tmp;

    @Test
    void dupesMistakesAreOperatorErrors() {
        expectOperatorError(MidicrateCliTest.run("dupes", "key:H"), "bad query term 'key:H'");
        expectOperatorError(MidicrateCliTest.run("dupes", "--apply"), "--apply needs --to");
        expectOperatorError(MidicrateCliTest.run("dupes", "--keep", "biggest"), "'biggest' is not a keep policy");
        expectOperatorError(MidicrateCliTest.run("dupes", "--format", "xml"), "--format must be table, json or csv");
        expectOperatorError(MidicrateCliTest.run("dupes", "--plan", "--undo", "m.json"), "one of --plan, --apply, --undo");
    }

    @Test
    void exportMistakesAreOperatorErrors() {
        expectOperatorError(MidicrateCliTest.run("export", "bpm:fast", "--to", tmp.toString()), "bad query term 'bpm:fast'");
        expectOperatorError(MidicrateCliTest.run("export"), "--to");
        expectOperatorError(MidicrateCliTest.run("export", "--to", tmp.toString(), "--layout", "{colour}/{name}"), "{colour}");
        expectOperatorError(MidicrateCliTest.run("export", "--to", tmp.toString(), "--mode", "move"), "--mode");
        expectOperatorError(MidicrateCliTest.run("export", "--to", tmp.toString(), "--split", "bars"), "--split");
    }

    static void expectOperatorError(MidicrateCliTest.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().strip()).doesNotContain("\n");
    }
}
