package io.midicrate.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.analysis.Tag;
import io.midicrate.corpus.Corpus;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/** The query layer against real PostgreSQL holding the analysed test corpus. */
class LibrarySearchTest extends JobTest {
    static final Path CORPUS = Corpus.dir().resolve("real");

    @Autowired
    LibrarySearch search;
    @Autowired
    FacetCounts facets;
    @Autowired
    FileDetailsQuery details;
    @Autowired
    QueryExecution exec;

    void importAndAnalyze(Path... roots) throws Exception {
        assertThat(runner.start(importJob, ImportJobConfig.parameters(Stream.of(roots)
                .map(p -> p.toAbsolutePath().normalize()).toList())).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    static List<Corpus.Entry> midiFiles() {
        return Corpus.entries().stream().filter(e -> e.path().endsWith(".mid")).toList();
    }

    Set<Long> matches(String query) {
        Set<Long> ids = new TreeSet<>();
        search.forEachMatchingId(QueryParser.parse(query), ids::add);
        return ids;
    }

    Set<Long> sql(String sql, Object... args) {
        return new TreeSet<>(jdbc.queryForList(sql, Long.class, args));
    }

    @Test
    void resultsAgreeWithIndependentSqlOnTheCorpus() throws Exception {
        importAndAnalyze(CORPUS);
        Set<Long> all = sql("SELECT id FROM content");
        assertThat(all).hasSizeGreaterThan(100);
        String commonTag = jdbc.queryForObject("""
                SELECT t.name FROM analysis a, unnest(a.tags) n JOIN tag t ON t.name = n WHERE t.category = 'instrument'
                GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 1""", String.class);
        String word = jdbc.queryForObject("""
                SELECT w FROM analysis, regexp_split_to_table(lower(search_text), '[^a-z]+') w WHERE length(w) >= 5
                GROUP BY w HAVING count(*) BETWEEN 3 AND 40 ORDER BY w LIMIT 1""", String.class);

        Map<String, Set<Long>> expected = new LinkedHashMap<>();
        expected.put("", all);
        expected.put("key:Am", sql("SELECT content_id FROM analysis WHERE key_name = 'A minor'"));
        expected.put("key:\"C major\",Gm", sql("SELECT content_id FROM analysis WHERE key_name IN ('C major', 'G minor')"));
        expected.put("key:8A~", sql("SELECT content_id FROM analysis WHERE key_name IN ('A minor', 'D minor', 'E minor', 'C major')"));
        expected.put("bpm:100..130", sql("SELECT content_id FROM analysis WHERE bpm >= 100 AND bpm <= 130"));
        expected.put("bpm:60..70~", sql("SELECT content_id FROM analysis WHERE bpm BETWEEN 60 AND 70 OR bpm BETWEEN 30 AND 35"
                + " OR bpm BETWEEN 120 AND 140"));
        expected.put("bpm:120", sql("SELECT content_id FROM analysis WHERE bpm >= 119.5 AND bpm < 120.5"));
        expected.put("meter:3/4", sql("SELECT content_id FROM analysis WHERE time_signature = '3/4'"));
        expected.put("-meter:4/4", sql("SELECT id FROM content EXCEPT SELECT content_id FROM analysis WHERE time_signature = '4/4'"));
        expected.put("drums:yes", sql("SELECT content_id FROM analysis WHERE has_drums"));
        expected.put("drums:no", sql("SELECT content_id FROM analysis WHERE NOT has_drums"));
        expected.put("drums:only", sql("SELECT content_id FROM analysis WHERE drums_only"));
        // tags and instruments are columns of the analysis row (V15): read here element by element, not by the
        // array operators the query layer uses
        expected.put("inst:piano", sql("SELECT content_id FROM analysis a, unnest(a.instrument_families) f WHERE f = 'Piano'"));
        expected.put("-inst:piano", sql("SELECT id FROM content EXCEPT SELECT content_id FROM analysis a, unnest(a.instrument_families) f"
                + " WHERE f = 'Piano'"));
        expected.put("inst:violin", sql("SELECT content_id FROM analysis a, jsonb_array_elements(a.instruments) i"
                + " WHERE i ->> 'program' = '40' AND i ->> 'channel' <> '9'"));
        expected.put("inst:strings,violin", sql("SELECT content_id FROM analysis a, jsonb_array_elements(a.instruments) i"
                + " WHERE i ->> 'family' = 'Strings' OR (i ->> 'program' = '40' AND i ->> 'channel' <> '9')"));
        expected.put("tag:" + commonTag, sql("SELECT content_id FROM analysis a, unnest(a.tags) n WHERE n = ?", commonTag));
        expected.put("-tag:" + commonTag, sql("SELECT id FROM content EXCEPT SELECT content_id FROM analysis a, unnest(a.tags) n"
                + " WHERE n = ?", commonTag));
        expected.put("tag:" + commonTag + ",drums", sql("SELECT content_id FROM analysis a, unnest(a.tags) n"
                + " WHERE n IN (?, 'drums')", commonTag));
        expected.put("tag:" + commonTag + " tag:drums", sql("SELECT content_id FROM analysis a, unnest(a.tags) n"
                + " WHERE n = ? INTERSECT SELECT content_id FROM analysis a, unnest(a.tags) n WHERE n = 'drums'", commonTag));
        expected.put("duration:..60", sql("SELECT content_id FROM analysis WHERE duration_seconds <= 60"));
        expected.put("bars:8..", sql("SELECT content_id FROM analysis WHERE duration_bars >= 8"));
        expected.put("notes:100..1000", sql("SELECT content_id FROM analysis WHERE note_count BETWEEN 100 AND 1000"));
        expected.put("tracks:1", sql("SELECT content_id FROM analysis WHERE track_count = 1"));
        expected.put("status:ok", sql("SELECT id FROM content WHERE analysis_status = 'ok'"));
        expected.put("status:pending,failed", sql("SELECT id FROM content WHERE analysis_status IS DISTINCT FROM 'ok'"));
        expected.put("dupes:no", sql("SELECT content_id FROM location GROUP BY 1 HAVING count(*) = 1"));
        expected.put("dupes:yes", sql("SELECT content_id FROM location GROUP BY 1 HAVING count(*) > 1"));
        expected.put("path:**/*.kar", sql("SELECT content_id FROM location WHERE path LIKE '%.kar'"));
        expected.put("path:" + CORPUS.toAbsolutePath().normalize().resolve("mma"), sql(
                "SELECT content_id FROM location WHERE starts_with(path, ?)", CORPUS.toAbsolutePath().normalize().resolve("mma").toString()));
        expected.put("path:freedink", sql("SELECT content_id FROM location WHERE strpos(path, 'freedink') > 0"));
        expected.put("id:3..7", sql("SELECT id FROM content WHERE id BETWEEN 3 AND 7"));
        expected.put(word, sql("SELECT content_id FROM analysis WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', ? || ':*')", word));
        expected.put("key:Am bpm:..120 -drums:yes", sql("""
                SELECT content_id FROM analysis WHERE key_name = 'A minor' AND bpm <= 120 AND NOT has_drums"""));
        for (Map.Entry<String, Set<Long>> e : expected.entrySet()) {
            assertThat(matches(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            Facets counted = facets.count(QueryParser.parse(e.getKey()));
            assertThat(counted.total()).as("count " + e.getKey()).isEqualTo(e.getValue().size());
            // pages in path order: read from the search rows alone when every term is on them
            Set<Long> paged = new TreeSet<>();
            search.forEachMatch(QueryParser.parse(e.getKey()), Sort.PATH, r -> paged.add(r.id()));
            assertThat(paged).as("pages of " + e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(expected.get("key:Am")).isNotEmpty();
        assertThat(expected.get("drums:yes")).isNotEmpty();
        assertThat(expected.get(word)).isNotEmpty();
        assertThat(expected.get("path:**/*.kar")).isNotEmpty();
        assertThat(expected.get("dupes:no")).isNotEmpty();
    }

    /** Search rows that differ from what their analysis row and content say (V21's triggers keep them equal). */
    long searchRowsOutOfStep() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM (
                  (SELECT a.content_id, c.canonical_path, a.key_index, a.key_name, a.bpm, a.time_signature, a.duration_bars,
                          a.duration_seconds, a.note_count, a.track_count, a.has_drums, a.drums_only, a.instrument_families,
                          ARRAY(SELECT DISTINCT (i ->> 'program')::int FROM jsonb_array_elements(a.instruments) i
                                WHERE i ->> 'drums' = 'false' ORDER BY 1), a.tags, a.search_vector
                   FROM analysis a JOIN content c ON c.id = a.content_id
                   EXCEPT SELECT content_id, sort_path, key_index, key_name, bpm, time_signature, duration_bars,
                          duration_seconds, note_count, track_count, has_drums, drums_only, instrument_families,
                          instrument_programs, tags, search_vector FROM search_row)
                  UNION ALL
                  (SELECT content_id, sort_path, key_index, key_name, bpm, time_signature, duration_bars,
                          duration_seconds, note_count, track_count, has_drums, drums_only, instrument_families,
                          instrument_programs, tags, search_vector FROM search_row
                   EXCEPT SELECT a.content_id, c.canonical_path, a.key_index, a.key_name, a.bpm, a.time_signature,
                          a.duration_bars, a.duration_seconds, a.note_count, a.track_count, a.has_drums, a.drums_only,
                          a.instrument_families, ARRAY(SELECT DISTINCT (i ->> 'program')::int
                          FROM jsonb_array_elements(a.instruments) i WHERE i ->> 'drums' = 'false' ORDER BY 1), a.tags,
                          a.search_vector FROM analysis a JOIN content c ON c.id = a.content_id)) diff""", Long.class);
    }

    @Test
    void theSearchRowFollowsItsAnalysisRowAndItsContentsFirstPath() throws Exception {
        importAndAnalyze(CORPUS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM search_row", Long.class)).isGreaterThan(100)
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM analysis", Long.class));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM search_row WHERE cardinality(instrument_programs) > 0",
                Long.class)).isGreaterThan(50);
        assertThat(searchRowsOutOfStep()).isZero();

        // an analysis row rewritten (reprocess, a newer analysis) rewrites its search row
        long id = jdbc.queryForObject("SELECT min(content_id) FROM analysis WHERE key_name IS DISTINCT FROM 'F# minor'", Long.class);
        jdbc.update("UPDATE analysis SET key_index = 18, key_name = 'F# minor', tags = tags || '{rewritten}' WHERE content_id = ?", id);
        assertThat(searchRowsOutOfStep()).isZero();
        assertThat(ids(search.search(QueryParser.parse("key:F#m tag:rewritten"), null, 50, null))).containsExactly(id);

        // an import that finds the content at a smaller path moves it to the front of the path order
        jdbc.update("UPDATE content SET canonical_path = '/0/first.mid' WHERE id = ?", id);
        assertThat(searchRowsOutOfStep()).isZero();
        assertThat(ids(search.search(QueryParser.parse("notes:0.."), Sort.PATH, 1, null))).containsExactly(id);

        // an analysis deleted takes its search row with it
        jdbc.update("DELETE FROM analysis WHERE content_id = ?", id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM search_row WHERE content_id = ?", Long.class, id)).isZero();
    }

    static List<Long> ids(SearchPage page) {
        return page.rows().stream().map(SearchRow::id).toList();
    }

    @Test
    void facetsCountTheMatchesByValue() throws Exception {
        importAndAnalyze(CORPUS);
        Facets all = facets.count(Query.all());
        assertThat(all.total()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM content", Long.class));
        Facets.Count topKey = all.keys().get(0);
        assertThat(topKey.count()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM analysis WHERE key_name = ?",
                Long.class, topKey.value()));
        assertThat(all.keys()).hasSizeLessThanOrEqualTo(Facets.TOP).isSortedAccordingTo((a, b) -> Long.compare(b.count(), a.count()));
        Facets.Count meter = all.meters().get(0);
        assertThat(meter.count()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM analysis WHERE time_signature = ?",
                Long.class, meter.value()));
        assertThat(all.tempoBands()).hasSizeGreaterThan(1).extracting(Facets.Count::value)
                .isSortedAccordingTo(io.midicrate.analysis.Tagger.BY_TEMPO);
        for (Facets.Count band : all.tempoBands()) {
            assertThat(band.count()).as(band.value()).isEqualTo(jdbc.queryForObject("""
                    SELECT count(*) FROM analysis a, unnest(a.tags) n WHERE n = ?""", Long.class, band.value()));
        }
        for (Facets.Count family : all.instrumentFamilies()) {
            assertThat(family.count()).as(family.value()).isEqualTo(jdbc.queryForObject(
                    "SELECT count(*) FROM analysis a, unnest(a.instrument_families) f WHERE f = ?", Long.class,
                    family.value()));
        }
        assertThat(all.tags()).extracting(Facets.Count::value).doesNotContain(topKey.value())
                .allSatisfy(t -> assertThat(t).doesNotStartWith("bpm-")).isNotEmpty();
        for (Facets.Count tag : all.tags()) {
            assertThat(tag.count()).as(tag.value()).isEqualTo(jdbc.queryForObject("""
                    SELECT count(*) FROM analysis a, unnest(a.tags) n JOIN tag t ON t.name = n
                    WHERE n = ? AND t.category IN ('genre', 'role')""", Long.class, tag.value()));
        }
        Facets narrowed = facets.count(QueryParser.parse("key:\"" + topKey.value() + "\""));
        assertThat(narrowed.total()).isEqualTo(topKey.count());
        assertThat(narrowed.keys()).containsExactly(topKey);
    }

    @Test
    void aLargeMatchCountsItsFacetsOnASampleAndItsTotalExactly() throws Exception {
        importAndAnalyze(CORPUS);
        Facets exact = facets.count(Query.all());
        Facets sampled = facets.count(Query.all(), 40);
        assertThat(exact.estimated()).isFalse();
        assertThat(exact.sampled()).isEqualTo(exact.total());
        assertThat(sampled.estimated()).isTrue();
        assertThat(sampled.sampled()).as("about 40 of the %d", exact.total()).isBetween(15L, 80L).isLessThan(exact.total());
        assertThat(sampled.total()).isEqualTo(exact.total());
        for (List<Facets.Count> counts : List.of(sampled.keys(), sampled.meters(), sampled.instrumentFamilies(), sampled.tags())) {
            assertThat(counts).isNotEmpty().allSatisfy(c -> assertThat(c.count()).isBetween(1L, exact.total()));
        }
        assertThat(sampled.meters().get(0).value()).as("the commonest meter stays first").isEqualTo(exact.meters().get(0).value());
        // the commonest family, estimated from about a quarter of the files, lands near its exact count
        Facets.Count top = exact.instrumentFamilies().get(0);
        long estimate = sampled.instrumentFamilies().stream().filter(c -> c.value().equals(top.value())).findFirst()
                .orElseThrow().count();
        assertThat((double) estimate).isCloseTo(top.count(), org.assertj.core.data.Percentage.withPercentage(40));
        assertThat(facets.count(Query.all(), 40)).as("the same sample every time").isEqualTo(sampled);
        // the sample's hash is computed in SQL over the matches and in Java over the pass's ids: the same numbers
        jdbc.query("SELECT m.id, " + FacetCounts.SAMPLE_HASH_SQL + " FROM (SELECT id FROM content UNION ALL"
                + " VALUES (2147483647), (2147483648), (4294967297), (9000000000000000000)) m", rs -> {
            assertThat(rs.getLong(2)).as("id %d", rs.getLong(1)).isEqualTo(FacetCounts.sampleHash(rs.getLong(1)));
        });
    }

    @Test
    void thePageCountStopsAfterItsSampleAndSaysWhenThereAreMore() throws Exception {
        importAndAnalyze(CORPUS);
        Facets all = facets.count(Query.all());
        assertThat(facets.countFirst(Query.all(), (int) all.total())).isEqualTo(all);
        int sample = (int) all.total() / 2;
        Facets sampled = facets.countFirst(Query.all(), sample);
        assertThat(sampled.total()).isEqualTo(sample + 1);
        assertThat(sampled.meters().stream().mapToLong(Facets.Count::count).sum()).isLessThanOrEqualTo(sample)
                .isGreaterThan(0);
        for (Facets.Count key : sampled.keys()) {
            assertThat(key.count()).as(key.value()).isLessThanOrEqualTo(jdbc.queryForObject(
                    "SELECT count(*) FROM analysis WHERE key_name = ?", Long.class, key.value()));
        }
    }

    @Test
    void everyOrderPagesThroughEveryMatchOnceInOrder() throws Exception {
        importAndAnalyze(CORPUS);
        Set<Long> all = sql("SELECT id FROM content");
        for (Sort sort : Sort.values()) {
            String query = sort == Sort.RELEVANCE ? "mid" : "";
            List<SearchRow> rows = walk(QueryParser.parse(query), sort, 7);
            List<Long> ids = rows.stream().map(SearchRow::id).toList();
            assertThat(new HashSet<>(ids)).as(sort + " repeats no row").hasSize(ids.size());
            if (sort != Sort.RELEVANCE) {
                assertThat(new TreeSet<>(ids)).as(sort + " misses no row").isEqualTo(all);
            } else {
                assertThat(new TreeSet<>(ids)).isEqualTo(matches("mid"));
            }
            switch (sort) {
                case PATH -> assertThat(ids).isEqualTo(jdbc.queryForList("SELECT id FROM content ORDER BY canonical_path, id", Long.class));
                case RECENT -> assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
                case BPM -> assertThat(rows.stream().map(SearchRow::bpm).takeWhile(b -> b != null).toList()).isSorted()
                        .hasSize((int) rows.stream().filter(r -> r.bpm() != null).count());
                case DURATION -> assertThat(rows.stream().map(SearchRow::durationSeconds).takeWhile(b -> b != null).toList()).isSorted();
                case KEY -> assertThat(rows.stream().filter(r -> r.key() != null).map(r -> io.midicrate.analysis.Keys.parse(r.key())).toList())
                        .isSorted();
                default -> {
                }
            }
        }
    }

    List<SearchRow> walk(Query query, Sort sort, int limit) {
        List<SearchRow> rows = new ArrayList<>();
        Cursor after = null;
        do {
            SearchPage page = search.search(query, sort, limit, after);
            assertThat(page.rows().size()).isLessThanOrEqualTo(limit);
            rows.addAll(page.rows());
            after = page.next();
        } while (after != null);
        return rows;
    }

    @Test
    void pagingNeitherSkipsNorRepeatsARowWhileFilesAreImported() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path later = Files.createDirectories(tmp.resolve("later"));
        List<Corpus.Entry> files = midiFiles();
        for (int i = 0; i < files.size(); i++) {
            // interleaved names, so the files imported later sort among the ones already paged
            Files.write((i % 2 == 0 ? first : later).resolve(String.format("f%03d.mid", i)), files.get(i).bytes());
        }
        importAndAnalyze(first);
        for (Sort sort : List.of(Sort.PATH, Sort.BPM, Sort.RECENT, Sort.DURATION)) {
            jdbc.execute("TRUNCATE file_error, location, import_candidate, import_run, content RESTART IDENTITY CASCADE");
            importAndAnalyze(first);
            Set<Long> before = sql("SELECT id FROM content");
            List<Long> seen = new ArrayList<>();
            Cursor after = null;
            int pages = 0;
            do {
                SearchPage page = search.search(Query.all(), sort, 5, after);
                page.rows().forEach(r -> seen.add(r.id()));
                after = page.next();
                if (++pages == 3) {
                    importAndAnalyze(later);   // new contents arrive between pages
                }
            } while (after != null);
            assertThat(sql("SELECT id FROM content")).as("the later import added contents").hasSizeGreaterThan(before.size());
            assertThat(new HashSet<>(seen)).as(sort + ": no row twice").hasSize(seen.size());
            assertThat(seen).as(sort + ": no row of the library as it was is skipped").containsAll(before);
        }
    }

    @Test
    void relevancePutsFilesNamedByTheWordsFirstThenTheRestEachByPath() throws Exception {
        List<Corpus.Entry> files = midiFiles();
        Path named = Files.write(Files.createDirectories(tmp.resolve("zz plain")).resolve("b Warm_Keys-02.mid"), files.get(0).bytes());
        Path namedToo = Files.write(tmp.resolve("zz plain").resolve("a warm keys 01.mid"), files.get(1).bytes());
        Path inFolder = Files.write(Files.createDirectories(tmp.resolve("aa Warm Keys pack")).resolve("loop.mid"), files.get(2).bytes());
        Path oneWord = Files.write(tmp.resolve("zz plain").resolve("warm.mid"), files.get(3).bytes());
        importAndAnalyze(tmp);
        Map<Long, Path> byId = new LinkedHashMap<>();
        for (Path p : List.of(named, namedToo, inFolder, oneWord)) {
            byId.put(jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, p.toString()), p);
        }
        // a page of one row at a time crosses from the name matches to the others without a gap or a repeat
        List<Path> order = walk(QueryParser.parse("warm keys"), Sort.RELEVANCE, 1).stream().map(r -> byId.get(r.id())).toList();
        assertThat(order).containsExactly(namedToo, named, inFolder);
    }

    @Test
    void aBareWordMatchesAsAPrefixThroughTheExactWordsTheLibraryHolds() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("words"));
        List<Corpus.Entry> files = midiFiles();
        Files.write(dir.resolve("DarkPad 01.mid"), files.get(0).bytes());
        Files.write(dir.resolve("dark pad 02.mid"), files.get(1).bytes());
        Files.write(dir.resolve("darkness.mid"), files.get(2).bytes());
        Files.write(dir.resolve("dunkel.mid"), files.get(3).bytes());
        importAndAnalyze(dir);
        String independent = "SELECT content_id FROM analysis WHERE search_vector @@ to_tsquery('simple', ?)";

        // the database keeps the words as analyze writes them, and a prefix stands for exactly the ones it starts
        assertThat(exec.prefix("Dark").lexeme()).isEqualTo("dark");
        assertThat(exec.prefix("Dark").words()).contains("dark", "darkness", "darkpad").allMatch(w -> w.startsWith("dark"));
        QuerySql.Where where = QuerySql.where(QueryParser.parse("dark pad"), exec::prefix);
        assertThat(where.sql()).contains("?::tsquery");
        assertThat(matches("dark")).hasSize(3).isEqualTo(sql(independent, "dark:*"));
        assertThat(matches("dark pad")).hasSize(1).isEqualTo(sql(independent, "dark:* & pad:*"));
        assertThat(matches("-dark path:**/words/*")).hasSize(1);

        // a word written later is found at once (the trigger adds it with the analysis row)
        Files.write(Files.createDirectories(tmp.resolve("later")).resolve("darkest hour.mid"), files.get(4).bytes());
        importAndAnalyze(tmp.resolve("later"));
        assertThat(exec.prefix("dark").words()).contains("darkest");
        assertThat(matches("dark")).hasSize(4).isEqualTo(sql(independent, "dark:*"));

        // a prefix of more words than the union is worth asks for the prefix itself, with the same matches
        for (int i = 0; i <= QueryExecution.MAX_PREFIX_WORDS; i++) {
            jdbc.update("INSERT INTO search_word VALUES (?)", "dar" + i);
        }
        assertThat(exec.prefix("dar").words()).isNull();
        assertThat(QuerySql.where(QueryParser.parse("dar"), exec::prefix).args()).containsExactly("'dar':*");
        assertThat(matches("dar")).hasSize(4).isEqualTo(sql(independent, "dar:*"));
        // and a prefix no word starts with matches nothing
        assertThat(matches("zqx")).isEmpty();
    }

    @Test
    void aCopyTheLastImportDidNotFindNoLongerCountsAsAPath() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("copies"));
        byte[] bytes = midiFiles().get(0).bytes();
        Files.write(dir.resolve("a.mid"), bytes);
        Path copy = Files.write(dir.resolve("b.mid"), bytes);
        importAndAnalyze(dir);
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, copy.toString());
        assertThat(matches("dupes:yes")).containsExactly(id);
        assertThat(search.rows(id).get(0).otherPaths()).isEqualTo(1);

        Files.delete(copy);
        importAndAnalyze(dir);
        assertThat(jdbc.queryForObject("SELECT missing_since IS NOT NULL FROM location WHERE path = ?", Boolean.class,
                copy.toString())).isTrue();
        assertThat(matches("dupes:yes")).isEmpty();
        assertThat(matches("dupes:no")).containsExactly(id);
        assertThat(search.rows(id).get(0).otherPaths()).isZero();
    }

    @Test
    void aRowShowsThePathTheQueryWasAbout() throws Exception {
        Path lib = tmp.resolve("lib").toAbsolutePath();
        // one content in a Hats folder (its first path) and a Drums one; another held in an archive and as a file
        byte[] groove = TestMidi.smf(1);
        Path hats = TestMidi.write(lib.resolve("A Hats/hat loop.mid"), groove);
        Path drums = TestMidi.write(lib.resolve("Drums/kick groove.mid"), groove);
        Path archive = TestMidi.write(lib.resolve("A Hats/rides.zip"), TestMidi.zip(Map.of("ride.mid", TestMidi.smf(2),
                "crash.mid", TestMidi.smf(3))));
        Path ride = TestMidi.write(lib.resolve("C Files/ride copy.mid"), TestMidi.smf(2));
        importAndAnalyze(lib);
        long grooveId = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, hats.toString());
        long rideId = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, ride.toString());
        long crashId = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, archive + "!/crash.mid");

        assertThat(shown("path:**/Drums/*.mid", ShownPath.MATCHING)).containsExactly(Map.entry(grooveId, drums.toString()));
        assertThat(search.search(QueryParser.parse("path:**/Drums/*.mid"), null, 10, null).rows().get(0).otherPaths())
                .isEqualTo(1);
        assertThat(shown("path:Drums path:groove", ShownPath.MATCHING)).containsEntry(grooveId, drums.toString());
        // a word the other path holds (as a word's start, as the text search reads it), else the first path
        assertThat(shown("groov", ShownPath.MATCHING)).containsExactly(Map.entry(grooveId, drums.toString()));
        assertThat(shown("hat", ShownPath.MATCHING)).containsEntry(grooveId, hats.toString());
        assertThat(shown("id:" + grooveId, ShownPath.MATCHING)).containsExactly(Map.entry(grooveId, hats.toString()));
        assertThat(shown("-path:**/Drums/*", ShownPath.MATCHING)).containsEntry(rideId, archive + "!/ride.mid")
                .doesNotContainKey(grooveId);
        // a plain file first, for lists of files: the archive entry only where the content has no other path
        assertThat(shown("id:" + rideId + "," + crashId, ShownPath.FILE_FIRST)).containsExactly(
                Map.entry(crashId, archive + "!/crash.mid"), Map.entry(rideId, ride.toString()));
        assertThat(shown("id:" + rideId, ShownPath.MATCHING)).containsExactly(Map.entry(rideId, archive + "!/ride.mid"));
        assertThat(shown("path:**/Drums/*.mid", ShownPath.FILE_FIRST)).containsExactly(Map.entry(grooveId, drums.toString()));
    }

    /** Each match's id and the path its row shows, from a page and from the stream of every match (which agree). */
    private Map<Long, String> shown(String query, ShownPath choice) {
        Map<Long, String> page = new LinkedHashMap<>();
        search.search(QueryParser.parse(query), Sort.PATH, 50, null, choice).rows().forEach(r -> page.put(r.id(), r.path()));
        Map<Long, String> streamed = new LinkedHashMap<>();
        search.forEachMatch(QueryParser.parse(query), Sort.PATH, choice, r -> streamed.put(r.id(), r.path()));
        assertThat(streamed).as(query).isEqualTo(page);
        return page;
    }

    @Test
    void aFileWithQuotesSpacesNewlinesAndWildcardsIsFoundByItsOwnName() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("odd names"));
        List<Corpus.Entry> files = midiFiles();
        String name = "it's \"quoted\" 50%_off\nnew line.mid";
        Path target = Files.write(dir.resolve(name), files.get(0).bytes());
        Files.write(dir.resolve("it's quoted 50x_offYnew line.mid"), files.get(1).bytes());   // a decoy for % and _ read as wildcards
        Files.write(dir.resolve("plain.mid"), files.get(2).bytes());
        importAndAnalyze(dir);
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, target.toString());

        String phrase = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"").replace(".mid", "") + "\"";
        assertThat(matches(phrase)).containsExactly(id);
        assertThat(matches("path:\"50%_off\"")).containsExactly(id);
        assertThat(matches("path:\"" + target.toString().replace("\"", "\\\"") + "\"")).containsExactly(id);
        assertThat(matches("path:\"**/*50%_off*\"")).containsExactly(id);
        assertThat(matches("quoted 50")).hasSize(2);
        assertThat(details.show(target.toString())).get().extracting(FileDetails::id).isEqualTo(id);
        SearchRow row = search.rows(id).get(0);
        assertThat(row.path()).isEqualTo(target.toString());
    }

    @Test
    void showGathersEverythingKnownAboutAFile() throws Exception {
        Path copies = Files.createDirectories(tmp.resolve("copies"));
        List<Corpus.Entry> sources = midiFiles();
        Path a = Files.write(copies.resolve("a.mid"), sources.get(0).bytes());
        Path b = Files.write(copies.resolve("b.mid"), sources.get(0).bytes());
        Path c = Files.write(copies.resolve("c.mid"), sources.get(1).bytes());
        importAndAnalyze(copies);
        Files.delete(b);
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, a.toString());

        FileDetails d = details.show(id).orElseThrow();
        assertThat(d.status()).isEqualTo("ok");
        assertThat(d.paths()).extracting(FileDetails.PathInfo::path).containsExactly(a.toString(), b.toString());
        assertThat(d.paths()).extracting(FileDetails.PathInfo::exists).containsExactly(true, false);
        assertThat(d.size()).isEqualTo(Files.size(a));
        assertThat(d.analysis().get("note_count")).isEqualTo(jdbc.queryForObject(
                "SELECT note_count FROM analysis WHERE content_id = ?", Integer.class, id));
        assertThat(d.analysis()).containsKeys("key_name", "runner_up_key", "key_confidence", "tempo_map", "warnings",
                "pitch_mean", "has_drums", "track_names").doesNotContainKeys("search_vector");
        assertThat(d.analysis()).doesNotContainKeys("tags", "instrument_families", "instruments");
        assertThat(d.instruments()).isNotEmpty().hasSize(jdbc.queryForObject(
                "SELECT jsonb_array_length(instruments) FROM analysis WHERE content_id = ?", Integer.class, id));
        assertThat(d.instruments()).extracting(FileDetails.Instrument::family).containsAll(jdbc.queryForList(
                "SELECT unnest(instrument_families) FROM analysis WHERE content_id = ?", String.class, id));
        assertThat(d.tags()).extracting(Tag::name).containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
                "SELECT unnest(tags) FROM analysis WHERE content_id = ?", String.class, id));
        assertThat(d.tags()).allSatisfy(t -> assertThat(t.category()).isIn("genre", "role", "instrument", "tempo", "key", "meter"))
                .allSatisfy(t -> assertThat(t.source()).isEqualTo(
                        d.names().genres().contains(t.name()) || d.names().roles().contains(t.name()) ? "name" : "content"));
        assertThat(d.header().smfFormat()).isNotNull();
        assertThat(details.show(999_999)).isEmpty();
        assertThat(details.show("/no/such/path.mid")).isEmpty();

        // a re-saved copy: other bytes, same notes -> a near-duplicate
        long other = jdbc.queryForObject("SELECT content_id FROM location WHERE path = ?", Long.class, c.toString());
        jdbc.update("UPDATE analysis SET note_fingerprint = (SELECT note_fingerprint FROM analysis WHERE content_id = ?)"
                + " WHERE content_id = ?", id, other);
        assertThat(details.show(id).orElseThrow().nearDuplicates()).extracting(FileDetails.NearDuplicate::id).containsExactly(other);
        assertThat(details.show(id).orElseThrow().nearDuplicateCount()).isEqualTo(1);
    }
}
