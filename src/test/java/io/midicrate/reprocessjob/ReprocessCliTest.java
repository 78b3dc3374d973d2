package io.midicrate.reprocessjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.CliRun;

/** Mistakes in reprocess, audit and serve are answered before Spring starts: one line on stderr, exit code 2. */
class ReprocessCliTest {

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void reprocessNeedsAReasonAndASelection() {
        CliRun noReason = run("reprocess", "--failed");
        assertThat(noReason.code()).isEqualTo(2);
        assertThat(noReason.err().strip()).isEqualTo("midicrate: a reprocess needs --reason \"...\": the audit records why it ran");
        CliRun nothing = run("reprocess", "--reason", "why");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("name what to reprocess").doesNotContain("Exception");
        assertThat(run("reprocess", "--ids", "abc", "--reason", "x").err()).contains("--ids takes content ids and ranges like 42, 100..200");
        assertThat(run("reprocess", "--version-below", "0", "--reason", "x").code()).isEqualTo(2);
        assertThat(run("audit", "--limit", "0").code()).isEqualTo(2);
    }

    @Test
    void serveRefusesAnInvalidScheduleNamingTheFileAndField() throws Exception {
        Files.writeString(tmp.resolve("nightly.yml"), "name: nightly\ncron: 'every night'\nroots: [" + tmp + "]\n");
        CliRun r = run("serve", "--jobs-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("midicrate: " + tmp.resolve("nightly.yml") + ": field 'cron': 'every night'")
                .doesNotContain("\n");
        assertThat(run("serve", "--jobs-dir", tmp.resolve("none").toString()).err()).contains("no schedule folder");
    }
}
