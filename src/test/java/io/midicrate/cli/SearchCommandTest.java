package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

import io.midicrate.support.CliRun;
import io.midicrate.corpus.Corpus;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code search} and {@code show} as a user runs them: each output format, the cursor, and bad input. */
class SearchCommandTest extends JobTest {
    Path odd;
    List<Long> ids;

    @BeforeEach
    void library() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("lib"));
        List<Corpus.Entry> midi = Corpus.entries().stream().filter(e -> e.path().endsWith(".mid")).limit(5).toList();
        for (int i = 0; i < 4; i++) {
            Files.write(dir.resolve("loop " + i + ".mid"), midi.get(i).bytes());
        }
        odd = Files.write(dir.resolve("say \"hi\"\nthere.mid"), midi.get(4).bytes());
        Files.write(Files.createDirectories(dir.resolve("pack.zip")).resolve("copy.mid"), midi.get(0).bytes());
        assertThat(runner.start(importJob, ImportJobConfig.parameters(List.of(dir))).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ids = jdbc.queryForList("SELECT id FROM content ORDER BY canonical_path, id", Long.class);
        TestDatabase.Connection db = TestDatabase.get();
        System.setProperty("spring.datasource.url", db.url());
        System.setProperty("spring.datasource.username", db.user());
        System.setProperty("spring.datasource.password", db.password());
        System.setProperty("logging.file.name", "target/midicrate-test.log");
    }

    @AfterEach
    void forgetDatabase() {
        for (String p : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "logging.file.name")) {
            System.clearProperty(p);
        }
    }

    @Test
    void formatsPagesAndCounts() throws Exception {
        CliRun table = CliRun.of("search", "--limit", "3");
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("KEY", "BPM", "METER", "BARS", "INSTRUMENTS", "TAGS", "PATH");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith(ids.get(0) + " ");
        assertThat(lines.get(4)).startsWith("next page: --after ");
        String cursor = lines.get(4).substring("next page: --after ".length());

        CliRun rest = CliRun.of("search", "--limit", "3", "--after", cursor, "--format", "paths");
        assertThat(rest.code()).isZero();
        List<String> restPaths = jdbc.queryForList("SELECT canonical_path FROM content ORDER BY canonical_path, id OFFSET 3",
                String.class);
        assertThat(rest.out()).isEqualTo(String.join("\n", restPaths) + "\n");
        assertThat(rest.err()).doesNotContain("next page");   // the last page

        CliRun json = CliRun.of("search", "--format", "json");
        assertThat(json.code()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(json.out());
        assertThat(root.get("rows")).hasSize(ids.size());
        assertThat(root.get("next").isNull()).isTrue();
        JsonNode first = root.get("rows").get(0);
        for (String field : List.of("id", "path", "otherPaths", "status", "key", "camelot", "bpm", "meter", "bars",
                "durationSeconds", "notes", "tracks", "drums", "instruments", "tags", "size", "blake3")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("id").asLong()).isEqualTo(ids.get(0));
        long copies = jdbc.queryForObject("SELECT count(*) FROM location WHERE content_id = ?", Long.class,
                first.get("id").asLong());
        assertThat(first.get("otherPaths").asLong()).isEqualTo(copies - 1);

        CliRun csv = CliRun.of("search", "--format", "csv", "--limit", "2");
        assertThat(csv.code()).isZero();
        assertThat(csv.out()).startsWith("id,path,otherPaths,status,key,camelot,bpm,");
        assertThat(csv.err().strip()).startsWith("next page: --after ").doesNotContain("\n");

        CliRun m3u = CliRun.of("search", "id:" + ids.get(0), "--format", "m3u");
        assertThat(m3u.out()).startsWith("#EXTM3U\n#EXTINF:");
        assertThat(m3u.out().strip()).endsWith(jdbc.queryForObject("SELECT canonical_path FROM content WHERE id = ?",
                String.class, ids.get(0)));

        // a name with a quote and a newline: found by its own words, printed raw by 'paths'
        CliRun byName = CliRun.of("search", "\"say \\\"hi\\\" there\"", "--format", "paths");
        assertThat(byName.code()).as(byName.err()).isZero();
        assertThat(byName.out()).isEqualTo(odd.toString() + "\n");

        CliRun count = CliRun.of("search", "--count");
        assertThat(count.code()).isZero();
        assertThat(count.out()).startsWith(ids.size() + " matches").contains("key:", "meter:");
        CliRun countJson = CliRun.of("search", "drums:no", "--count", "--format", "json");
        assertThat(JsonMapper.builder().build().readTree(countJson.out()).get("total").asLong()).isEqualTo(
                jdbc.queryForObject("SELECT count(*) FROM analysis WHERE NOT has_drums", Long.class));
    }

    @Test
    void showPrintsEverythingAndBadInputIsOneLine() throws Exception {
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, odd.toString());
        CliRun show = CliRun.of("show", odd.toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).startsWith("content " + id + "  ok").contains("paths (1):", "say \"hi\"\\x0athere.mid",
                "analysis:", "key_name", "note_count", "instruments:", "tags:", "near-duplicates");
        CliRun json = CliRun.of("show", String.valueOf(id), "--json");
        JsonNode d = JsonMapper.builder().build().readTree(json.out());
        assertThat(d.get("id").asLong()).isEqualTo(id);
        assertThat(d.get("paths").get(0).get("path").asString()).isEqualTo(odd.toString());
        assertThat(d.get("analysis").get("note_count").asInt()).isEqualTo(jdbc.queryForObject(
                "SELECT note_count FROM analysis WHERE content_id = ?", Integer.class, id));

        CliRun missing = CliRun.of("show", "999999");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("midicrate: no file 999999 in the library").doesNotContain("\n");
        CliRun bad = CliRun.of("search", "bpm:fast");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo(
                "midicrate: bad query term 'bpm:fast': a number or a range like 120..128, ..8 or 30..");
        assertThat(bad.out()).isEmpty();
        assertThat(CliRun.of("search", "--format", "xml").err()).contains("--format takes table, json, csv, paths or m3u");
        assertThat(CliRun.of("search", "--after", "garbage").code()).isEqualTo(2);
        assertThat(CliRun.of("search", "--sort", "size").code()).isEqualTo(2);
        CliRun wrongSort = CliRun.of("search", "--limit", "1", "--sort", "bpm", "--format", "csv");
        String cursor = wrongSort.err().strip().substring("next page: --after ".length());
        CliRun mixed = CliRun.of("search", "--after", cursor, "--sort", "path");
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("this --after cursor belongs to --sort bpm");
    }
}
