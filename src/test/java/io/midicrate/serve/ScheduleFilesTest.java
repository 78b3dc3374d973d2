package io.midicrate.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.common.OperatorException;

/** The schedule format of jobs/README.md: valid files load, and every mistake names its file and field. */
class ScheduleFilesTest {

    @TempDir
    Path tmp;

    Path write(String name, String yaml) throws Exception {
        return Files.writeString(tmp.resolve(name), yaml);
    }

    @Test
    void theShippedExampleIsValidOnceItsRootsExist() throws Exception {
        String example = Files.readString(Path.of("jobs", "nightly.yml.example"));
        Files.createDirectories(tmp.resolve("in"));
        Files.createDirectories(tmp.resolve("packs"));
        write("nightly.yml", example.replace("/srv/midi/incoming", tmp.resolve("in").toString())
                .replace("/srv/midi/packs", tmp.resolve("packs").toString()));
        write("notes.txt", "not a schedule");

        List<Schedule> schedules = ScheduleFiles.load(tmp);

        assertThat(schedules).hasSize(1);
        Schedule s = schedules.get(0);
        assertThat(s.name()).isEqualTo("nightly");
        assertThat(s.roots()).containsExactly(tmp.resolve("in"), tmp.resolve("packs"));
        assertThat(s.analyze()).isTrue();
        assertThat(s.retryFailed()).isFalse();
        assertThat(s.cron().next(LocalDateTime.of(2026, 1, 1, 12, 0))).isEqualTo(LocalDateTime.of(2026, 1, 2, 2, 30));
    }

    @Test
    void mistakesNameTheFileAndTheField() throws Exception {
        Files.createDirectories(tmp.resolve("lib"));
        String lib = tmp.resolve("lib").toString();
        assertError("name: a\ncron: '0 30 2 * *'\nroots: [" + lib + "]\n", "bad.yml: field 'cron'");
        assertError("name: a\ncron: '0 30 2 * * *'\nroots: []\n", "bad.yml: field 'roots'");
        assertError("name: a\ncron: '0 30 2 * * *'\nroots: [" + tmp.resolve("missing") + "]\n", "field 'roots': no such folder");
        assertError("cron: '0 30 2 * * *'\nroots: [" + lib + "]\n", "bad.yml: field 'name': required");
        assertError("name: a\ncron: '0 30 2 * * *'\nroots: [" + lib + "]\nanalyse: true\n", "bad.yml: field 'analyse': unknown");
        assertError("name: a\ncron: '0 30 2 * * *'\nroots: [" + lib + "]\nanalyze: sometimes\n", "field 'analyze': expected true or false");
        assertError("name: a\ncron: '0 30 2 * * *'\nroots: [" + lib + "]\noptions: {retry: true}\n", "field 'options.retry': unknown");
        assertError("name: [a\n", "bad.yml: not valid YAML");
        assertError("name: a\nroots: [" + lib + "]\n", "bad.yml: field 'cron': required");
        assertError("name: a\nroots: [" + lib + "]\nwatch: often\n", "field 'watch': expected true or false");
    }

    @Test
    void aWatchingScheduleMayHaveNoCronAndAMissingRootIsLeftToTheWatcher() throws Exception {
        Files.createDirectories(tmp.resolve("lib"));
        write("incoming.yml", "name: incoming\nwatch: true\nroots: [" + tmp.resolve("lib") + ", " + tmp.resolve("gone") + "]\n");

        Schedule s = ScheduleFiles.load(tmp).get(0);

        assertThat(s.watch()).isTrue();
        assertThat(s.cron()).isNull();
        assertThat(s.roots()).containsExactly(tmp.resolve("lib"), tmp.resolve("gone"));
    }

    @Test
    void twoSchedulesWithOneNameOrNoScheduleAtAllAreRefused() throws Exception {
        assertThatThrownBy(() -> ScheduleFiles.load(tmp)).isInstanceOf(OperatorException.class).hasMessageContaining("no schedules");
        Files.createDirectories(tmp.resolve("lib"));
        write("a.yml", "name: same\ncron: '@daily'\nroots: [" + tmp.resolve("lib") + "]\n");
        write("b.yml", "name: same\ncron: '@hourly'\nroots: [" + tmp.resolve("lib") + "]\n");
        assertThatThrownBy(() -> ScheduleFiles.load(tmp)).isInstanceOf(OperatorException.class)
                .hasMessageContaining("b.yml: field 'name'").hasMessageContaining("a.yml");
    }

    void assertError(String yaml, String expected) throws Exception {
        Path file = write("bad.yml", yaml);
        try {
            assertThatThrownBy(() -> ScheduleFiles.load(tmp)).as(yaml).isInstanceOf(OperatorException.class)
                    .hasMessageContaining(expected).hasMessageNotContaining("\n");
        } finally {
            Files.delete(file);
        }
    }
}
