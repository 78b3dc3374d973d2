package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

import io.midicrate.support.CliRun;
import io.midicrate.corpus.Corpus;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code search} and {@code show} as a user runs them: each output format, the cursor, and bad input. */
class SearchCommandTest extends JobTest {
    Path odd;
    Path archive;
    List<Long> ids;

    @BeforeEach
    void library() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("lib"));
        List<Corpus.Entry> midi = Corpus.entries().stream().filter(e -> e.path().endsWith(".mid")).limit(6).toList();
        for (int i = 0; i < 4; i++) {
            Files.write(dir.resolve("loop " + i + ".mid"), midi.get(i).bytes());
        }
        odd = Files.write(dir.resolve("say \"hi\"\nthere.mid"), midi.get(4).bytes());
        Files.write(Files.createDirectories(dir.resolve("pack.zip")).resolve("copy.mid"), midi.get(0).bytes());
        // a real archive: one content held only inside it, one also held as a plain file (whose first path is the entry)
        archive = Files.write(dir.resolve("archive.zip"), TestMidi.zip(Map.of("only.mid", midi.get(5).bytes(),
                "again.mid", midi.get(1).bytes())));
        assertThat(runner.start(importJob, ImportJobConfig.parameters(List.of(dir))).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ids = jdbc.queryForList("SELECT id FROM content ORDER BY canonical_path, id", Long.class);
    }

    @Test
    void formatsPagesAndCounts() throws Exception {
        CliRun table = CliRun.onTestDatabase("search", "--limit", "3");
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("KEY", "BPM", "METER", "BARS", "INSTRUMENTS", "TAGS", "PATH");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith(ids.get(0) + " ");
        assertThat(lines.get(4)).startsWith("next page: --after ");
        String cursor = lines.get(4).substring("next page: --after ".length());

        CliRun rest = CliRun.onTestDatabase("search", "--limit", "3", "--after", cursor, "--format", "paths");
        assertThat(rest.code()).isZero();
        List<String> restPaths = jdbc.queryForList("SELECT canonical_path FROM content ORDER BY canonical_path, id OFFSET 3",
                String.class);
        assertThat(rest.out()).isEqualTo(String.join("\n", restPaths) + "\n");
        assertThat(rest.err()).doesNotContain("next page");   // the last page

        // one page in JSON: an object with its rows and the next page's cursor
        CliRun json = CliRun.onTestDatabase("search", "--format", "json", "--limit", "50");
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

        CliRun csv = CliRun.onTestDatabase("search", "--format", "csv", "--limit", "2");
        assertThat(csv.code()).isZero();
        assertThat(csv.out()).startsWith("id,path,otherPaths,status,key,camelot,bpm,");
        assertThat(csv.err().strip()).startsWith("next page: --after ").doesNotContain("\n");

        CliRun m3u = CliRun.onTestDatabase("search", "id:" + ids.get(0), "--format", "m3u");
        assertThat(m3u.out()).startsWith("#EXTM3U\n#EXTINF:");
        assertThat(m3u.out().strip()).endsWith(jdbc.queryForObject("SELECT canonical_path FROM content WHERE id = ?",
                String.class, ids.get(0)));

        // a name with a quote and a newline: found by its own words, printed raw by 'paths'
        CliRun byName = CliRun.onTestDatabase("search", "\"say \\\"hi\\\" there\"", "--format", "paths");
        assertThat(byName.code()).as(byName.err()).isZero();
        assertThat(byName.out()).isEqualTo(odd.toString() + "\n");

        CliRun count = CliRun.onTestDatabase("search", "--count");
        assertThat(count.code()).isZero();
        assertThat(count.out()).startsWith(ids.size() + " matches").contains("key:", "meter:");
        CliRun countJson = CliRun.onTestDatabase("search", "drums:no", "--count", "--format", "json");
        assertThat(JsonMapper.builder().build().readTree(countJson.out()).get("total").asLong()).isEqualTo(
                jdbc.queryForObject("SELECT count(*) FROM analysis WHERE NOT has_drums", Long.class));
    }

    @Test
    void machineFormatsPrintEveryMatchAndTheTablePages() throws Exception {
        // more contents than the table's page of 50
        assertThat(importLibrary(TestMidi.library(tmp.resolve("many"), 60, 3, 60)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> firstPaths = jdbc.queryForList("SELECT canonical_path FROM content ORDER BY canonical_path, id", String.class);
        assertThat(firstPaths).hasSizeGreaterThan(SearchCommand.PAGE);

        CliRun paths = CliRun.onTestDatabase("search", "--format", "paths");
        assertThat(paths.code()).as(paths.err()).isZero();
        assertThat(paths.out()).isEqualTo(String.join("\n", firstPaths) + "\n");
        assertThat(paths.err()).doesNotContain("next page");

        // every match as JSON: an array, one row a line
        CliRun json = CliRun.onTestDatabase("search", "--format", "json");
        JsonNode rows = JsonMapper.builder().build().readTree(json.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(firstPaths.size());
        assertThat(json.out().lines()).hasSize(firstPaths.size() + 2);
        assertThat(rows.get(0).get("path").asString()).isEqualTo(firstPaths.get(0));
        assertThat(JsonMapper.builder().build().readTree(CliRun.onTestDatabase("search", "id:0", "--format", "json").out())
                .isArray()).isTrue();

        // a header, and a record per match (one starts with its id; a name with a newline is quoted over two lines)
        List<String> csv = CliRun.onTestDatabase("search", "--format", "csv").out().lines().toList();
        assertThat(csv.get(0)).startsWith("id,path,");
        assertThat(csv.stream().filter(l -> l.matches("\\d+,.*"))).hasSize(firstPaths.size());
        CliRun m3u = CliRun.onTestDatabase("search", "--format", "m3u");
        assertThat(m3u.out().lines().filter(l -> l.startsWith("#EXTINF:"))).hasSize(firstPaths.size());

        // --limit asks for a page, and gets its cursor; the table pages by 50
        CliRun page = CliRun.onTestDatabase("search", "path:" + tmp.resolve("many"), "--format", "paths", "--limit", "7");
        assertThat(page.out().lines()).hasSize(7);
        assertThat(page.err()).startsWith("next page: --after ");
        List<String> table = CliRun.onTestDatabase("search").out().lines().toList();
        assertThat(table).hasSize(1 + SearchCommand.PAGE + 1);
        assertThat(table.get(table.size() - 1)).startsWith("next page: --after ");
    }

    @Test
    void aStreamOfEveryMatchStopsWhenItsReaderHasGone() {
        // what 'search --format paths | head -1' leaves: a pipe that takes a line, then refuses every write
        AtomicInteger refused = new AtomicInteger();
        OutputStream closedAfterALine = new OutputStream() {
            private int taken;

            @Override
            public void write(int b) throws IOException {
                if (++taken > 100) {
                    refused.incrementAndGet();
                    throw new IOException("Broken pipe");
                }
            }
        };
        CliRun r = CliRun.onTestDatabase(closedAfterALine, "search", "--format", "paths");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ids).hasSizeGreaterThan(5);
        assertThat(refused.get()).as("writes after the reader left: one row's, not every row's").isLessThanOrEqualTo(2);
    }

    @Test
    void archiveEntriesAreNoFilesAndFilesOnlyPrintsFilesAlone() throws Exception {
        String only = archive + "!/only.mid";
        String again = archive + "!/again.mid";
        Path loop1 = archive.resolveSibling("loop 1.mid");
        assertThat(jdbc.queryForObject("SELECT canonical_path FROM content c JOIN location l ON l.content_id = c.id"
                + " WHERE l.path = ?", String.class, loop1.toString())).as("the entry is the copy's first path").isEqualTo(again);

        List<String> firstPaths = jdbc.queryForList("SELECT canonical_path FROM content ORDER BY canonical_path, id", String.class);
        CliRun all = CliRun.onTestDatabase("search", "--format", "paths");
        assertThat(all.out()).isEqualTo(String.join("\n", firstPaths) + "\n").contains(only + "\n", again + "\n");
        assertThat(all.err().strip()).isEqualTo("2 paths are archive entries (a.zip!/b.mid), not files: --files-only"
                + " leaves them out, 'midicrate export QUERY --to DIR' writes them out as files");

        CliRun files = CliRun.onTestDatabase("search", "--format", "paths", "--files-only");
        assertThat(files.code()).as(files.err()).isZero();
        // the same order, the entry held only in the archive left out, the other one printed as its plain file
        List<String> realFiles = firstPaths.stream().filter(p -> !p.equals(only)).map(p -> p.equals(again) ? loop1.toString() : p)
                .toList();
        assertThat(files.out()).isEqualTo(String.join("\n", realFiles) + "\n");
        assertThat(realFiles).allSatisfy(f -> assertThat(Path.of(f)).isRegularFile());
        assertThat(files.err().strip()).isEqualTo("left out 1 match held only inside archives (a.zip!/b.mid is no file of"
                + " its own): 'midicrate export QUERY --to DIR' writes them out as files");

        CliRun playlist = CliRun.onTestDatabase("search", "--format", "m3u", "--files-only", "--limit", "100");
        assertThat(playlist.out()).startsWith("#EXTM3U\n").contains(loop1.toString() + "\n").doesNotContain("!/");
        assertThat(CliRun.onTestDatabase("search", "--format", "csv", "--files-only").err())
                .contains("--files-only goes with --format paths or m3u");
    }

    @Test
    void aRowShowsThePathTheQueryWasAboutAndNegatedTermsWork() throws Exception {
        Path loop0 = archive.resolveSibling("loop 0.mid");
        Path copy = archive.resolveSibling("pack.zip").resolve("copy.mid");
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, loop0.toString());

        // the first path (loop 0.mid) unless the query names another: "+1" says another path holds the same bytes
        List<String> byId = CliRun.onTestDatabase("search", "id:" + id).out().lines().toList();
        assertThat(byId.get(1)).startsWith(id + " ").contains("+1").endsWith("  " + loop0);
        List<String> byPath = CliRun.onTestDatabase("search", "path:**/pack.zip/*.mid").out().lines().toList();
        assertThat(byPath).hasSize(3);
        assertThat(byPath.get(1)).startsWith(id + " ").contains("+1").endsWith("  " + copy);
        assertThat(CliRun.onTestDatabase("search", "pack", "--format", "paths").out()).isEqualTo(copy + "\n");

        // -term and ^term, written as the README writes them
        List<String> others = jdbc.queryForList("SELECT canonical_path FROM content WHERE id <> ? ORDER BY canonical_path, id",
                String.class, id);
        for (String negated : List.of("-id:" + id, "^id:" + id)) {
            CliRun r = CliRun.onTestDatabase("search", negated, "--format", "paths");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).as(negated).isEqualTo(String.join("\n", others) + "\n");
        }
        assertThat(CliRun.onTestDatabase("search", "-path:**/pack.zip/*", "-hzzyzx", "--count").out())
                .startsWith((ids.size() - 1) + " matches");
    }

    @Test
    void showPrintsEverythingAndBadInputIsOneLine() throws Exception {
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, odd.toString());
        CliRun show = CliRun.onTestDatabase("show", odd.toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).startsWith("content " + id + "  ok").contains("paths (1):", "say \"hi\"\\x0athere.mid",
                "analysis:", "key_name", "note_count", "instruments:", "tags:", "near-duplicates");
        CliRun json = CliRun.onTestDatabase("show", String.valueOf(id), "--json");
        JsonNode d = JsonMapper.builder().build().readTree(json.out());
        assertThat(d.get("id").asLong()).isEqualTo(id);
        assertThat(d.get("paths").get(0).get("path").asString()).isEqualTo(odd.toString());
        assertThat(d.get("analysis").get("note_count").asInt()).isEqualTo(jdbc.queryForObject(
                "SELECT note_count FROM analysis WHERE content_id = ?", Integer.class, id));

        CliRun missing = CliRun.onTestDatabase("show", "999999");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("midicrate: no file 999999 in the library").doesNotContain("\n");
        CliRun bad = CliRun.onTestDatabase("search", "bpm:fast");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo(
                "midicrate: bad query term 'bpm:fast': a number or a range like 120..128, ..8 or 30..");
        assertThat(bad.out()).isEmpty();
        assertThat(CliRun.onTestDatabase("search", "--format", "xml").err()).contains("--format takes table, json, csv, paths or m3u");
        assertThat(CliRun.onTestDatabase("search", "--after", "garbage").code()).isEqualTo(2);
        assertThat(CliRun.onTestDatabase("search", "--sort", "size").code()).isEqualTo(2);
        CliRun wrongSort = CliRun.onTestDatabase("search", "--limit", "1", "--sort", "bpm", "--format", "csv");
        String cursor = wrongSort.err().strip().substring("next page: --after ".length());
        CliRun mixed = CliRun.onTestDatabase("search", "--after", cursor, "--sort", "path");
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("this --after cursor belongs to --sort bpm");
    }
}
