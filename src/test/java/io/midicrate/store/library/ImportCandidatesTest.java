package io.midicrate.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.midicrate.support.DatabaseTest;

/** The roots as LIKE patterns agree with V17's path_under_roots(), wildcards in folder names included. */
class ImportCandidatesTest extends DatabaseTest {

    @Test
    void rootPatternsMatchExactlyThePathsUnderTheRoots() {
        List<String> roots = List.of("/lib/50%_off", "/one/file.zip", "/");
        List<String> paths = List.of("/lib/50%_off/a.mid", "/lib/50%_off", "/lib/50%_off!/x.mid", "/lib/50X_off/a.mid",
                "/lib/50%_offer/a.mid", "/one/file.zip!/in/b.mid", "/one/file.zipper", "/other/c.mid");
        for (List<String> r : List.of(roots.subList(0, 2), roots)) {
            for (String path : paths) {
                Boolean byPatterns = jdbc.queryForObject("SELECT ? LIKE ANY (?::text[])", Boolean.class, path,
                        ImportCandidates.rootPatterns(r));
                Boolean byFunction = jdbc.queryForObject("SELECT path_under_roots(?, ?::text[])", Boolean.class, path,
                        r.toArray(String[]::new));
                assertThat(byPatterns).as(path + " under " + r).isEqualTo(byFunction);
            }
        }
        assertThat(jdbc.queryForObject("SELECT ? LIKE ANY (?::text[])", Boolean.class, "/lib/50X_off/a.mid",
                ImportCandidates.rootPatterns(roots.subList(0, 1)))).as("a wildcard in a name is a literal").isFalse();
        assertThat(jdbc.queryForObject("SELECT ? LIKE ANY (?::text[])", Boolean.class, "/lib/50%_off/a.mid",
                ImportCandidates.rootPatterns(roots.subList(0, 1)))).isTrue();
    }

    @Test
    void aWalkStagedByAnOlderBuildIsNotComparedAgain() {
        jdbc.update("""
                INSERT INTO content (blake3, size, canonical_path, first_import_id) VALUES ('\\x01', 1, '/lib/a.mid', 1)""");
        jdbc.update("""
                INSERT INTO location (path, content_id, size, mtime, import_id, import_execution_id)
                SELECT '/lib/a.mid', id, 1, now(), 1, 1 FROM content""");
        // run 2's walk as an older build staged it: every path a candidate row, none in import_seen
        jdbc.update("INSERT INTO import_candidate (import_id, path, size, mtime, unchanged) VALUES (2, '/lib/a.mid', 1, now(), true)");

        ImportCandidates.Classified classified = new ImportCandidates(jdbc.getDataSource()).classify(2, 2, List.of("/lib"));

        assertThat(classified).isEqualTo(new ImportCandidates.Classified(0, 0, 0));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE missing_since IS NOT NULL", Long.class)).isZero();
    }
}
