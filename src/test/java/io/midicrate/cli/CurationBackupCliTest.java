package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.query.Cursor;
import io.midicrate.query.FacetCounts;
import io.midicrate.query.Facets;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.SearchPage;
import io.midicrate.query.SearchRow;
import io.midicrate.query.Sort;

import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/**
 * The rest of curation on the command line: the JSON backup round-trips and merges; curation survives a real
 * {@code dupes --apply} and its undo; {@code prune} lists and (with --yes only) forgets the curation of bytes gone
 * from every path, never a file; {@code crate export} writes a crate in its order, as files or an M3U.
 */
class CurationBackupCliTest extends JobTest {

    @Autowired
    LibrarySearch search;
    @Autowired
    FacetCounts facets;

    Path lib;
    /** Content ids in path order: f0..f3 (f0 is also held by b/copy.mid). */
    List<Long> ids;

    @BeforeEach
    void library() throws Exception {
        lib = tmp.resolve("lib");
        for (int i = 0; i < 4; i++) {
            TestMidi.write(lib.resolve("a/f" + i + ".mid"), TestMidi.smf(i));
        }
        TestMidi.write(lib.resolve("b/copy.mid"), TestMidi.smf(0));
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ids = jdbc.queryForList("SELECT id FROM content ORDER BY canonical_path", Long.class);
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forget() {
        CliRun.forgetTestDatabase();
    }

    void keepSome() {
        CurationCliTest.ok("fav", "" + ids.get(0), "" + ids.get(2));
        CurationCliTest.ok("rate", "4", "" + ids.get(0));
        CurationCliTest.ok("rate", "2", "" + ids.get(3));
        CurationCliTest.ok("tag", "add", "dark", "" + ids.get(0), "" + ids.get(1));
        CurationCliTest.ok("crate", "new", "Trap drums", "--note", "for the EP");
        CurationCliTest.ok("crate", "add", "Trap drums", "" + ids.get(3), "" + ids.get(0), "" + ids.get(1));
    }

    String curation() {
        return jdbc.queryForObject("""
                SELECT concat_ws(' | ',
                  (SELECT string_agg(encode(blake3, 'hex'), ',' ORDER BY blake3) FROM favourite),
                  (SELECT string_agg(encode(blake3, 'hex') || '=' || rating, ',' ORDER BY blake3) FROM rating),
                  (SELECT string_agg(encode(blake3, 'hex') || ':' || tag, ',' ORDER BY blake3, tag) FROM user_tag),
                  (SELECT string_agg(k.name || '/' || k.note || '/' || encode(m.blake3, 'hex'), ',' ORDER BY k.name, m.position)
                   FROM crate k JOIN crate_member m ON m.crate_id = k.id))""", String.class);
    }

    @Test
    void theJsonBackupRoundTripsAndMergesIntoAnotherLibrary() throws Exception {
        keepSome();
        String kept = curation();
        Path first = tmp.resolve("curation.json");
        assertThat(CurationCliTest.ok("curation", "export", first.toString()).out())
                .isEqualTo("wrote the curation of 4 files and 1 crate to " + first + "\n");
        String json = Files.readString(first);
        assertThat(json).contains("\"format\" : \"midicrate-curation\"", lib.resolve("a/f0.mid").toString(),
                lib.resolve("b/copy.mid").toString(), "\"Trap drums\"");

        // into an empty curation (another machine's database): the same state, and the same file again
        jdbc.execute("TRUNCATE favourite, rating, user_tag, crate RESTART IDENTITY CASCADE");
        assertThat(CurationCliTest.ok("curation", "import", first.toString()).out()).isEqualTo("imported " + first
                + ": 2 stars, 2 ratings, 2 tags added or changed; 1 crate made, 3 files added to crates\n");
        assertThat(curation()).isEqualTo(kept);
        Path second = tmp.resolve("again.json");
        CurationCliTest.ok("curation", "export", second.toString());
        assertThat(Files.readString(second)).isEqualTo(json);

        // imported again: nothing changes; a file this library lacks is kept, and said
        assertThat(CurationCliTest.ok("curation", "import", first.toString()).out()).contains("0 stars, 0 ratings, 0 tags",
                "0 crates made, 0 files added");
        Files.writeString(second, json.replaceFirst("\"files\" : \\[", "\"files\" : [ {\"blake3\" : \"" + "ab".repeat(32)
                + "\", \"paths\" : [], \"favourite\" : true, \"rating\" : null, \"tags\" : [ ]},"));
        assertThat(CurationCliTest.ok("curation", "import", second.toString()).out())
                .contains("1 star,", "1 file of it are not in this library");
        assertThat(curation()).isNotEqualTo(kept);

        // bad backups: one line, exit 2, nothing written
        String before = curation();
        Files.writeString(second, json.replace("\"rating\" : 4", "\"rating\" : 6"));
        assertThat(CurationCliTest.mistake("curation", "import", second.toString()).err()).contains("a rating is 1 to 5, not 6");
        Files.writeString(second, json.replace("\"dark\"", "\"two words\""));
        assertThat(CurationCliTest.mistake("curation", "import", second.toString()).err()).contains("tag 'two words'");
        Files.writeString(second, "{\"not\": \"a backup\"}");
        assertThat(CurationCliTest.mistake("curation", "import", second.toString()).err()).contains("not a curation backup");
        assertThat(CurationCliTest.mistake("curation", "import", tmp.resolve("missing.json").toString()).err()).contains("cannot read");
        assertThat(curation()).isEqualTo(before);
    }

    @Test
    void curationSurvivesARealDupesApplyAndItsUndo() throws Exception {
        keepSome();
        String kept = curation();
        Path quarantine = tmp.resolve("quarantine");
        CliRun applied = CurationCliTest.ok("dupes", "--apply", "--to", quarantine.toString());
        assertThat(lib.resolve("b/copy.mid")).doesNotExist(); // the copy moved; a/f0.mid (same bytes) kept
        assertThat(curation()).isEqualTo(kept);
        assertThat(CurationCliTest.ok("search", "fav:yes", "rating:4", "utag:dark", "crate:\"Trap drums\"", "--format", "paths")
                .out().strip()).isEqualTo(lib.resolve("a/f0.mid").toString());
        assertThat(CurationCliTest.ok("prune").out()).startsWith("nothing to prune");

        String manifest = applied.out().lines().filter(l -> l.contains("undo with:")).findFirst().orElseThrow()
                .replaceAll(".*--undo ", "").strip();
        CurationCliTest.ok("dupes", "--undo", manifest);
        assertThat(lib.resolve("b/copy.mid")).exists();
        assertThat(curation()).isEqualTo(kept);
    }

    @Test
    void pruneListsTheCurationOfBytesGoneFromEveryPathAndForgetsItOnlyWithYes() throws Exception {
        keepSome();
        Files.delete(lib.resolve("a/f3.mid")); // f3: starred? no; rated 2, in the crate
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String kept = curation();

        String listed = CurationCliTest.ok("prune").out();
        assertThat(listed.lines().toList()).hasSize(2);
        assertThat(listed).contains(lib.resolve("a/f3.mid").toString() + "  rated 2; crates Trap drums",
                "1 file gone from every path keep curation; 'midicrate prune --yes' forgets it (no file is touched)");
        assertThat(curation()).isEqualTo(kept);

        assertThat(CurationCliTest.ok("prune", "--yes").out().lines().toList())
                .endsWith("forgot 0 stars, 1 rating, 0 tags and 1 crate place of 1 file gone from every path");
        assertThat(count("SELECT count(*) FROM rating")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM crate_member")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM favourite")).isEqualTo(2);
        assertThat(lib.resolve("a/f0.mid")).exists();
        assertThat(CurationCliTest.ok("prune").out()).startsWith("nothing to prune");
    }

    @Test
    void crateExportWritesTheCrateInItsOrderAsFilesOrAPlaylist() throws Exception {
        keepSome(); // the crate: f3, f0, f1
        Path out = tmp.resolve("out");
        assertThat(CurationCliTest.ok("crate", "export", "trap drums", "--to", out.toString()).out())
                .startsWith("exported 3 files: 3 written");
        assertThat(Files.readAllBytes(out.resolve("001 f3.mid"))).isEqualTo(Files.readAllBytes(lib.resolve("a/f3.mid")));
        assertThat(Files.readAllBytes(out.resolve("002 f0.mid"))).isEqualTo(Files.readAllBytes(lib.resolve("a/f0.mid")));
        assertThat(Files.readAllBytes(out.resolve("003 f1.mid"))).isEqualTo(Files.readAllBytes(lib.resolve("a/f1.mid")));

        List<String> m3u = CurationCliTest.ok("crate", "export", "Trap drums", "--format", "m3u").out().lines()
                .filter(l -> !l.startsWith("#")).toList();
        assertThat(m3u).containsExactly(lib.resolve("a/f3.mid").toString(), lib.resolve("a/f0.mid").toString(),
                lib.resolve("a/f1.mid").toString());
        Path playlist = tmp.resolve("trap.m3u");
        CurationCliTest.ok("crate", "export", "Trap drums", "--format", "m3u", "--to", playlist.toString());
        assertThat(Files.readAllLines(playlist).stream().filter(l -> !l.startsWith("#")).toList()).isEqualTo(m3u);

        assertThat(CurationCliTest.mistake("crate", "export", "Trap drums").err()).contains("needs --to DIR");
        assertThat(CurationCliTest.mistake("crate", "export", "Nope", "--to", out.toString()).err()).contains("no crate 'Nope'");
        assertThat(CurationCliTest.mistake("crate", "export", "Trap drums", "--format", "pdf").err()).contains("files or m3u");
    }

    @Test
    void searchSortsByRatingCountsWhatIsKeptAndPrintsItInJsonAndCsv() {
        keepSome(); // f0: starred, 4, dark; f1: dark; f2: starred; f3: 2; crate Trap drums: f3, f0, f1
        Query all = QueryParser.parse("path:" + lib.resolve("a"));
        // best rated first, then the unrated by id; paged one row at a time, the cursor carries the order
        List<Long> order = new ArrayList<>();
        Cursor after = null;
        do {
            SearchPage page = search.search(all, Sort.RATING, 1, after);
            page.rows().forEach(r -> order.add(r.id()));
            after = page.next();
        } while (after != null);
        assertThat(order).containsExactly(ids.get(0), ids.get(3), ids.get(1), ids.get(2));
        assertThat(CurationCliTest.ok("search", "path:" + lib.resolve("a"), "--sort", "rating", "--format", "paths").out()
                .lines().toList()).containsExactly(lib.resolve("a/f0.mid").toString(), lib.resolve("a/f3.mid").toString(),
                lib.resolve("a/f1.mid").toString(), lib.resolve("a/f2.mid").toString());

        Facets counted = facets.count(all);
        assertThat(counted.kept()).extracting(Facets.Count::value, Facets.Count::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fav:yes", 2L), org.assertj.core.groups.Tuple.tuple("rating:4", 1L),
                org.assertj.core.groups.Tuple.tuple("rating:2", 1L));
        assertThat(counted.crates()).containsExactly(new Facets.Count("Trap drums", 3));
        assertThat(counted.userTags()).containsExactly(new Facets.Count("dark", 2));
        assertThat(CurationCliTest.ok("search", "path:" + lib.resolve("a"), "--count").out())
                .contains("yours:", "fav:yes", "crate:", "Trap drums", "your tag:");

        SearchRow f0 = search.rows(ids.get(0)).get(0);
        assertThat(f0.favourite()).isTrue();
        assertThat(f0.rating()).isEqualTo(4);
        assertThat(f0.userTags()).containsExactly("dark");
        String csv = CurationCliTest.ok("search", "id:" + ids.get(0), "--format", "csv").out();
        assertThat(csv.lines().toList().get(0)).contains(",favourite,rating,userTags,");
        assertThat(csv.lines().toList().get(1)).contains(",true,4,dark,");
        assertThat(CurationCliTest.ok("search", "id:" + ids.get(1), "--format", "json").out())
                .contains("\"favourite\":false", "\"rating\":null", "\"userTags\":[\"dark\"]");
    }

    @Test
    void bulkChangesAreUndoneNewestFirstOnceEachByKind() {
        String all = "path:" + lib.resolve("a");
        CurationCliTest.ok("fav", "" + ids.get(0));
        CurationCliTest.ok("fav", all);
        CurationCliTest.ok("rate", "4", "" + ids.get(0));
        CurationCliTest.ok("rate", "2", all);
        assertThat(count("SELECT count(*) FROM favourite")).isEqualTo(4);

        assertThat(CurationCliTest.ok("fav", "--undo").out()).isEqualTo("undid 'midicrate fav " + all
                + "': 4 files as they were before it\n");
        assertThat(jdbc.queryForList("SELECT c.id FROM favourite JOIN content c USING (blake3)", Long.class))
                .containsExactly(ids.get(0));
        CurationCliTest.ok("fav", "--undo");
        assertThat(count("SELECT count(*) FROM favourite")).isZero();
        assertThat(CurationCliTest.mistake("fav", "--undo").err()).contains("no fav change to undo");
        // the ratings' journal is apart from the stars'
        CurationCliTest.ok("rate", "--undo");
        assertThat(jdbc.queryForList("SELECT c.id || '=' || rating FROM rating JOIN content c USING (blake3)", String.class))
                .containsExactly(ids.get(0) + "=4");

        CurationCliTest.ok("tag", "add", "dark", all);
        CurationCliTest.ok("tag", "rm", "dark", "" + ids.get(0));
        CurationCliTest.ok("tag", "--undo");
        assertThat(count("SELECT count(*) FROM user_tag WHERE tag = 'dark'")).isEqualTo(4);

        CurationCliTest.ok("crate", "new", "Keep");
        CurationCliTest.ok("crate", "add", "Keep", "" + ids.get(3), "" + ids.get(0));
        CurationCliTest.ok("crate", "remove", "Keep", "" + ids.get(3));
        assertThat(CurationCliTest.ok("crate", "--undo").out()).startsWith("undid 'midicrate crate remove Keep " + ids.get(3) + "'");
        assertThat(jdbc.queryForList("SELECT c.id FROM crate_member m JOIN content c USING (blake3) ORDER BY m.position",
                Long.class)).containsExactly(ids.get(3), ids.get(0));
        CurationCliTest.ok("crate", "--undo");
        assertThat(count("SELECT count(*) FROM crate_member")).isZero();
        // a dry run and a query matching nothing leave nothing to undo
        CurationCliTest.ok("fav", "path:/nowhere/");
        assertThat(CurationCliTest.mistake("fav", "--undo").err()).contains("no fav change to undo");
        assertThat(CurationCliTest.mistake("fav").err()).contains("fav needs ID, PATH or QUERY (or --undo)");
    }
}
