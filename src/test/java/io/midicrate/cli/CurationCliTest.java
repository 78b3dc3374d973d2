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

import io.midicrate.query.LibrarySearch;
import io.midicrate.query.QueryParser;
import io.midicrate.reprocessjob.Reprocessing;
import io.midicrate.reprocessjob.Selection;
import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/**
 * Curation (issue 32) as a user runs it: stars, ratings, own tags and crates written by id, path and query; the query
 * terms that find them; what survives re-import, reprocess, new content ids and vanished paths; and bad input.
 */
class CurationCliTest extends JobTest {

    @Autowired
    LibrarySearch search;
    @Autowired
    Reprocessing reprocessing;

    Path lib;
    /** Content ids in path order: f0..f5 (f0 is also held by copy.mid, whose path sorts after them). */
    List<Long> ids;

    @BeforeEach
    void library() throws Exception {
        lib = tmp.resolve("lib");
        for (int i = 0; i < 6; i++) {
            TestMidi.write(lib.resolve("a/f" + i + ".mid"), TestMidi.smf(i));
        }
        TestMidi.write(lib.resolve("b/copy.mid"), TestMidi.smf(0));
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ids = jdbc.queryForList("SELECT id FROM content ORDER BY canonical_path", Long.class);
        assertThat(ids).hasSize(6);
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forget() {
        CliRun.forgetTestDatabase();
    }

    /** What a query matches, in id order, through the search layer. */
    List<Long> matches(String query) {
        List<Long> found = new ArrayList<>();
        search.forEachMatchingId(QueryParser.parse(query), found::add);
        return found;
    }

    /** The ids (in path order) at these positions f0..f5. */
    List<Long> files(int... positions) {
        List<Long> chosen = new ArrayList<>();
        for (int p : positions) {
            chosen.add(ids.get(p));
        }
        return chosen.stream().sorted().toList();
    }

    static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }

    static CliRun mistake(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(String.join(" ", args) + ": " + run.out()).isEqualTo(2);
        assertThat(run.err().lines()).as(run.err()).hasSize(1);
        return run;
    }

    @Test
    void writesByIdPathAndQueryAndTheTermsFindExactlyThem() {
        assertThat(ok("fav", "" + ids.get(0), "" + ids.get(1)).out()).isEqualTo("starred 2 files (0 already starred)\n");
        // by query: f1 again and f2, f3 (the path's text)
        assertThat(ok("fav", "path:a/f1.mid,a/f2.mid,a/f3.mid").out()).isEqualTo("starred 2 files (1 already starred)\n");
        // by path, on disk
        assertThat(ok("fav", "--off", lib.resolve("a/f3.mid").toAbsolutePath().toString()).out())
                .isEqualTo("unstarred 1 file (0 were not starred)\n");
        assertThat(matches("fav:yes")).isEqualTo(files(0, 1, 2));
        assertThat(matches("fav:no")).isEqualTo(files(3, 4, 5));
        assertThat(matches("-fav:yes")).isEqualTo(files(3, 4, 5));
        assertThat(count("SELECT count(*) FROM favourite")).isEqualTo(3);

        assertThat(ok("rate", "4", "path:a/f0.mid,a/f1.mid,a/f4.mid").out()).isEqualTo("rated 3 files 4 (0 already rated 4)\n");
        assertThat(ok("rate", "5", "" + ids.get(1)).out()).isEqualTo("rated 1 file 5 (0 already rated 5)\n");
        assertThat(ok("rate", "2", "fav:no").out()).isEqualTo("rated 3 files 2 (0 already rated 2)\n");
        assertThat(ok("rate", "0", "" + ids.get(5)).out()).isEqualTo("cleared the rating of 1 file (0 had none)\n");
        assertThat(ok("rate", "--clear", "" + ids.get(5)).out()).isEqualTo("cleared the rating of 0 files (1 had none)\n");
        // f0 4, f1 5, f3 2, f4 2, f2 and f5 unrated
        assertThat(matches("rating:4..")).isEqualTo(files(0, 1));
        assertThat(matches("rating:..3")).isEqualTo(files(3, 4));
        assertThat(matches("-rating:4..")).isEqualTo(files(2, 3, 4, 5));
        assertThat(matches("rating:2,5")).isEqualTo(files(1, 3, 4));
        assertThat(matches("fav:yes -rating:4..")).isEqualTo(files(2));
        // an independent count of what 'rating:4..' must match
        assertThat((long) matches("rating:4..").size()).isEqualTo(count("""
                SELECT count(*) FROM content c JOIN rating r ON r.blake3 = c.blake3 WHERE r.rating >= 4"""));

        assertThat(ok("tag", "add", "Dark", "rating:..3").out()).isEqualTo("tagged 2 files 'dark' (0 already had it)\n");
        assertThat(ok("tag", "add", "dark", "fav:yes").out()).isEqualTo("tagged 3 files 'dark' (0 already had it)\n");
        assertThat(ok("tag", "rm", "DARK", "" + ids.get(0)).out()).isEqualTo("took tag 'dark' off 1 file (0 did not have it)\n");
        assertThat(matches("utag:dark")).isEqualTo(files(1, 2, 3, 4));
        assertThat(matches("-utag:dark fav:no")).isEqualTo(files(5));
        // user tags never mix with derived ones
        assertThat(matches("tag:dark")).isEmpty();
        assertThat(count("SELECT count(*) FROM analysis WHERE 'dark' = ANY(tags)")).isZero();

        assertThat(ok("crate", "new", "Trap drums", "--note", "for the EP").out()).isEqualTo("made crate 'Trap drums'\n");
        assertThat(ok("crate", "add", "trap drums", "utag:dark", "--dry-run").out())
                .isEqualTo("would add 4 files to crate 'Trap drums' (0 already in it), it holds 0 files\n");
        assertThat(ok("crate", "add", "trap drums", "--sort", "recent", "utag:dark").out())
                .isEqualTo("added 4 files to crate 'Trap drums' (0 already in it), it holds 4 files\n");
        assertThat(ok("crate", "add", "Trap drums", "" + ids.get(0), "" + ids.get(1)).out())
                .isEqualTo("added 1 file to crate 'Trap drums' (1 already in it), it holds 5 files\n");
        // the crate's order: the query's (newest first), then the file added later
        List<String> shown = ok("crate", "show", "Trap drums").out().lines().toList();
        assertThat(shown.get(0)).isEqualTo("crate 'Trap drums': 5 files  (for the EP)");
        assertThat(shown.subList(1, 6)).extracting(l -> l.substring(0, 30).strip().split("\\s+")[1])
                .containsExactlyElementsOf(newestFirstThenF0());
        assertThat(matches("crate:\"TRAP DRUMS\"")).isEqualTo(files(0, 1, 2, 3, 4));
        assertThat(matches("-crate:\"Trap drums\"")).isEqualTo(files(5));
        assertThat(matches("crate:\"Trap drums\" rating:..2")).isEqualTo(files(3, 4));
        assertThat(ok("crate", "remove", "Trap drums", "rating:2").out())
                .isEqualTo("took 2 files out of crate 'Trap drums' (0 were not in it), it holds 3 files\n");
        assertThat(ok("crate", "mv", "Trap drums", "EP").out()).isEqualTo("renamed crate 'Trap drums' to 'EP'\n");
        assertThat(ok("crate", "ls").out()).contains("EP", "3 files", "for the EP");

        String show = ok("show", "" + ids.get(1)).out();
        assertThat(show).contains("yours: starred, rating 5/5, tags dark, crates 'EP'");
        assertThat(ok("show", "--json", "" + ids.get(1)).out()).contains("\"curation\"", "\"rating\" : 5");
        assertThat(ok("crate", "rm", "ep").out()).isEqualTo("deleted crate 'EP' (it listed 3 files; the files are untouched)\n");
        assertThat(count("SELECT count(*) FROM crate_member")).isZero();
        assertThat(count("SELECT count(*) FROM location")).isEqualTo(7);
    }

    @Test
    void curationFollowsTheBytesThroughReimportReprocessNewIdsAndVanishedPaths() throws Exception {
        ok("fav", "" + ids.get(0), "" + ids.get(5));
        ok("rate", "3", "" + ids.get(0));
        ok("tag", "add", "keeper", "" + ids.get(0));
        ok("crate", "new", "Keep");
        ok("crate", "add", "Keep", "" + ids.get(0), "" + ids.get(5));

        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(reprocessing.run(new Selection(null, null, null, null, false, null, true), "tester", "curation test",
                "test").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertKept(ids.get(0), ids.get(5));

        // the library forgotten and imported again: new content ids, the same bytes
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_seen, import_run, content CASCADE");
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long f0 = jdbc.queryForObject("SELECT content_id FROM location WHERE path LIKE '%/a/f0.mid'", Long.class);
        long f5 = jdbc.queryForObject("SELECT content_id FROM location WHERE path LIKE '%/a/f5.mid'", Long.class);
        assertThat(f0).isNotIn(ids);
        assertKept(f0, f5);

        // every path of f0 gone (the file and its copy), seen by the next import: its curation stays
        Files.delete(lib.resolve("a/f0.mid"));
        Files.delete(lib.resolve("b/copy.mid"));
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertKept(f0, f5);
        assertThat(ok("crate", "show", "Keep").out()).contains("" + f0, "" + f5);
    }

    /** The order 'crate add --sort recent utag:dark' then 'crate add ... f0' leaves: content id descending, then f0. */
    List<String> newestFirstThenF0() {
        List<String> order = new ArrayList<>(files(1, 2, 3, 4).stream().sorted(java.util.Comparator.reverseOrder())
                .map(String::valueOf).toList());
        order.add("" + ids.get(0));
        return order;
    }

    void assertKept(long f0, long f5) {
        assertThat(matches("fav:yes")).containsExactly(Math.min(f0, f5), Math.max(f0, f5));
        assertThat(matches("rating:3")).containsExactly(f0);
        assertThat(matches("utag:keeper")).containsExactly(f0);
        assertThat(matches("crate:keep")).containsExactly(Math.min(f0, f5), Math.max(f0, f5));
    }

    @Test
    void badInputIsOneLineAndExitTwoAndANoMatchIsNoMistake() {
        assertThat(mistake("rate", "6", "" + ids.get(0)).err()).contains("from 1 to 5", "'6'");
        assertThat(mistake("rate", "x", "" + ids.get(0)).err()).contains("not 'x'");
        assertThat(mistake("tag", "add", "", "" + ids.get(0)).err()).contains("at least one letter or digit");
        assertThat(mistake("tag", "add", "x".repeat(200), "" + ids.get(0)).err()).contains("at most 64 characters, not 200");
        assertThat(mistake("tag", "add", "my tag!", "" + ids.get(0)).err()).contains("not '!' U+0020");
        ok("crate", "new", "Trap");
        assertThat(mistake("crate", "new", "trap").err()).contains("a crate named 'Trap' exists already");
        assertThat(mistake("crate", "add", "Nope", "" + ids.get(0)).err()).contains("no crate 'Nope'");
        assertThat(mistake("crate", "show", "Nope").err()).contains("no crate 'Nope'");
        assertThat(mistake("fav", "999999").err()).contains("no file 999999 in the library");
        assertThat(mistake("fav", "rating:9").err()).contains("bad query term 'rating:9'");
        assertThat(mistake("fav", "fav:maybe").err()).contains("fav:yes or fav:no");
        assertThat(mistake("search", "utag:a.b").err()).contains("not '.'");
        CliRun none = ok("fav", "path:/nowhere/");
        assertThat(none.out()).isEqualTo("no file matches 'path:/nowhere/': nothing changed\n");
        assertThat(ok("crate", "add", "Trap", "path:/nowhere/").out()).contains("no file matches");
        assertThat(count("SELECT count(*) FROM favourite")).isZero();
        assertThat(count("SELECT count(*) FROM rating")).isZero();
        assertThat(count("SELECT count(*) FROM user_tag")).isZero();
    }
}
