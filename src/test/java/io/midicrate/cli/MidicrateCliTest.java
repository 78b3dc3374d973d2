package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.CliRun;

/** Operator mistakes are answered before any work starts: one line on stderr, exit code 2, no stack trace. */
class MidicrateCliTest {

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void missingFolderIsAnOperatorError() {
        CliRun r = run("import", tmp.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("midicrate: no such folder: " + tmp.resolve("nope")).doesNotContain("\n");
    }

    @Test
    void anEmptyRootIsAnOperatorErrorNotTheCurrentFolder() {
        CliRun r = run("import", "");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("midicrate: an empty folder name was given; name the folder to import");
        assertThat(run("run", "--no-progress", tmp.toString(), " ").code()).isEqualTo(2);
    }

    @Test
    void aFileGivenAsRootIsAnOperatorError() throws Exception {
        Path file = Files.writeString(tmp.resolve("x.mid"), "x");
        CliRun r = run("import", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a folder").doesNotContain("Exception");
    }

    @Test
    void badOptionsAndMissingArgumentsAreOperatorErrors() {
        assertThat(run("import", "--bogus", tmp.toString()).code()).isEqualTo(2);
        CliRun missing = run("import");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("import: Missing required parameter").doesNotContain("\n");
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("restart").code()).as("restart needs ID or --last").isEqualTo(2);
        assertThat(run("jobs", "--limit", "zero").code()).isEqualTo(2);
    }

    @Test
    void helpIsAvailableEverywhereAndExitsZero() {
        CliRun top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("import", "jobs", "restart", "Exit codes");
        for (String command : new String[] {"import", "jobs", "restart"}) {
            CliRun r = run(command, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: midicrate " + command);
        }
    }
}
