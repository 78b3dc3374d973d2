package io.midicrate.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.analysis.Chord;
import io.midicrate.analysis.Keys;
import io.midicrate.corpus.TestMidi;
import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;

/**
 * Harmony and "more like this" (issue 33) through the whole pipeline: files of known progressions imported and
 * analysed, then found by {@code prog:}, {@code chord:}, {@code chords:} and {@code like:} against real PostgreSQL.
 */
class HarmonySearchTest extends JobTest {

    static final int PPQ = 480;
    static final int BAR = 4 * PPQ;
    /** i VI III VII in A minor, as (root pitch class, minor) pairs. */
    static final int[][] AM_F_C_G = {{9, 1}, {5, 0}, {0, 0}, {7, 0}};

    @Autowired
    LibrarySearch search;

    Path lib;
    /** File name to content id. */
    Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void library() throws Exception {
        lib = tmp.resolve("lib");
        for (int tonic = 0; tonic < 12; tonic++) {
            // i VI III VII in every minor key, looped four times: block chords, a bass, a drum groove
            write("loop-" + Keys.name(Keys.index(tonic, true)).replace(' ', '-') + ".mid",
                    progression(transposed(AM_F_C_G, tonic - 9), 4, 1.0, 0));
        }
        // a near miss: i VI III vii (the last chord minor)
        write("near-miss.mid", progression(new int[][] {{9, 1}, {5, 0}, {0, 0}, {7, 1}}, 4, 1.0, 0));
        // Am7 voiced over three octaves and three instruments, with doublings
        TestMidi am7 = new TestMidi(PPQ, 1).tempo(0, 0, 100);
        for (int bar = 0; bar < 4; bar++) {
            am7.note(0, 1, bar * BAR, BAR, 33, 90);               // A1 bass
            am7.note(0, 0, bar * BAR, BAR, 60, 80);               // C4
            am7.note(0, 0, bar * BAR, BAR, 64, 80);               // E4
            am7.note(0, 0, bar * BAR, BAR, 69, 70);               // A4 doubled
            am7.note(0, 2, bar * BAR, BAR, 79, 70);               // G5 on strings
        }
        write("am7-spread.mid", am7.program(0, 2, 0, 48).program(0, 1, 0, 33).bytes());
        // a variant of the A minor loop: up a fourth, at half the tempo, with the drums dropped
        write("variant.mid", progression(transposed(AM_F_C_G, 5), 4, 0.5, 1));
        // unrelated: a drum groove alone, and a chromatic line in 3/4
        TestMidi drums = new TestMidi(PPQ, 1).tempo(0, 0, 140);
        for (int beat = 0; beat < 32; beat++) {
            drums.note(0, 9, beat * PPQ, 60, beat % 2 == 0 ? 36 : 38, 100);
            drums.note(0, 9, beat * PPQ + PPQ / 2, 60, 42, 70);
        }
        write("drums.mid", drums.bytes());
        TestMidi line = new TestMidi(PPQ, 1).tempo(0, 0, 180).timeSignature(0, 0, 3, 2);
        for (int i = 0; i < 48; i++) {
            line.note(0, 0, i * PPQ / 3, PPQ / 3, 60 + (i * 5) % 24, 90);
        }
        write("chromatic.mid", line.bytes());
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        jdbc.query("SELECT c.id, l.path FROM content c JOIN location l ON l.content_id = c.id", rs -> {
            String path = rs.getString(2);
            ids.put(path.substring(path.lastIndexOf('/') + 1), rs.getLong(1));
        });
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forget() {
        CliRun.forgetTestDatabase();
    }

    void write(String name, byte[] bytes) {
        io.midicrate.support.TestMidi.write(lib.resolve(name), bytes);
    }

    static int[][] transposed(int[][] chords, int semitones) {
        int[][] out = new int[chords.length][];
        for (int i = 0; i < chords.length; i++) {
            out[i] = new int[] {Math.floorMod(chords[i][0] + semitones, 12), chords[i][1]};
        }
        return out;
    }

    /**
     * A progression of triads, one a bar, repeated {@code loops} times: the triad on channel 1 in the middle register,
     * the root in the bass on channel 2, and (unless {@code noDrums}) kick and hat on channel 10.
     */
    static byte[] progression(int[][] chords, int loops, double tempoFactor, int noDrums) {
        TestMidi m = new TestMidi(PPQ, 1).tempo(0, 0, 100 * tempoFactor).program(0, 1, 0, 33);
        long t = 0;
        for (int loop = 0; loop < loops; loop++) {
            for (int[] chord : chords) {
                int root = 48 + chord[0];
                int third = root + (chord[1] == 1 ? 3 : 4);
                m.note(0, 0, t, BAR, root + 12, 80).note(0, 0, t, BAR, third + 12, 80).note(0, 0, t, BAR, root + 19, 80);
                m.note(0, 1, t, BAR / 2, root - 12, 95).note(0, 1, t + BAR / 2, BAR / 2, root - 12, 90);
                if (noDrums == 0) {
                    for (int beat = 0; beat < 4; beat++) {
                        m.note(0, 9, t + beat * PPQ, 60, beat % 2 == 0 ? 36 : 38, 100);
                    }
                }
                t += BAR;
            }
        }
        return m.bytes();
    }

    List<String> names(String query) {
        List<String> found = new ArrayList<>();
        Map<Long, String> byId = new HashMap<>();
        ids.forEach((name, id) -> byId.put(id, name));
        search.forEachMatchingId(QueryParser.parse(query), id -> found.add(byId.get(id)));
        return found;
    }

    List<String> loopsInEveryKey() {
        List<String> loops = new ArrayList<>();
        for (int tonic = 0; tonic < 12; tonic++) {
            loops.add("loop-" + Keys.name(Keys.index(tonic, true)).replace(' ', '-') + ".mid");
        }
        return loops;
    }

    @Test
    void aProgressionInEveryKeyHasTheSameNumerals() {
        List<String> numerals = jdbc.queryForList("""
                SELECT DISTINCT a.progression_numerals FROM analysis a JOIN location l ON l.content_id = a.content_id
                WHERE l.path LIKE '%/loop-%'""", String.class);
        assertThat(numerals).containsExactly("i VI III VII");
        assertThat(jdbc.queryForObject("SELECT bool_and(progression_looped) FROM analysis a JOIN location l"
                + " ON l.content_id = a.content_id WHERE l.path LIKE '%/loop-%'", Boolean.class)).isTrue();
    }

    @Test
    void progFindsTheNumeralsInEveryKeyAndRotationButNotANearMiss() {
        List<String> loops = loopsInEveryKey();
        assertThat(names("prog:\"i VI III VII\"")).containsAll(loops).doesNotContain("near-miss.mid", "drums.mid");
        // a rotation of the loop, and the same loop read from its relative major
        assertThat(names("prog:\"III VII i VI\"")).containsAll(loops).doesNotContain("near-miss.mid");
        assertThat(names("prog:\"vi IV I V\"")).containsAll(loops).doesNotContain("near-miss.mid");
        assertThat(names("prog:i-VI-III-VII")).containsAll(loops);
        assertThat(names("prog:\"i VI III vii\"")).contains("near-miss.mid").doesNotContainAnyElementsOf(loops);
        // any of two runs
        assertThat(names("prog:\"i VI III vii\",\"i VI III VII\"")).containsAll(loops).contains("near-miss.mid");
        assertThat(names("-prog:\"i VI III VII\"")).doesNotContainAnyElementsOf(loops).contains("drums.mid");
    }

    @Test
    void progOfChordNamesFindsThoseChordsOnly() {
        assertThat(names("prog:\"Am F C G\"")).contains("loop-A-minor.mid").doesNotContain("loop-E-minor.mid",
                "near-miss.mid");
        assertThat(names("prog:\"C G Am F\"")).contains("loop-A-minor.mid");
        assertThat(names("prog:\"Em C G D\"")).contains("loop-E-minor.mid").doesNotContain("loop-A-minor.mid");
        // spelled another way: A#m is Bbm
        assertThat(names("prog:\"A#m F# C# G#\"")).contains("loop-Bb-minor.mid");
    }

    @Test
    void chordFindsAVoicingSpreadOverOctavesAndInstruments() {
        assertThat(names("chord:Am7")).contains("am7-spread.mid").doesNotContain("drums.mid");
        assertThat(names("chord:Amin7")).contains("am7-spread.mid");
        assertThat(names("chord:Am")).contains("loop-A-minor.mid").doesNotContain("am7-spread.mid");
        assertThat(names("chord:F#,Gb")).contains("loop-Eb-minor.mid"); // Ebm B Gb Db
        assertThat(names("chords:1")).contains("am7-spread.mid").doesNotContain("loop-A-minor.mid");
        assertThat(names("chords:4")).containsAll(loopsInEveryKey());
        assertThat(names("chords:..1 drums:no")).contains("am7-spread.mid");
    }

    @Test
    void likeRanksTheVariantAboveUnrelatedFilesAndSaysWhy() {
        long original = ids.get("loop-A-minor.mid");
        SearchPage page = search.search(QueryParser.parse("like:" + original), null, 50, null);
        List<String> order = new ArrayList<>();
        Map<Long, String> byId = new HashMap<>();
        ids.forEach((name, id) -> byId.put(id, name));
        page.rows().forEach(r -> order.add(byId.get(r.id())));
        assertThat(order).doesNotContain("loop-A-minor.mid"); // never the file itself
        assertThat(order.indexOf("variant.mid")).isGreaterThanOrEqualTo(0)
                .isLessThan(order.indexOf("drums.mid") < 0 ? Integer.MAX_VALUE : order.indexOf("drums.mid"))
                .isLessThan(order.indexOf("chromatic.mid") < 0 ? Integer.MAX_VALUE : order.indexOf("chromatic.mid"));
        SearchRow variant = page.rows().stream().filter(r -> r.id() == ids.get("variant.mid")).findFirst().orElseThrow();
        assertThat(variant.similarity().why()).contains("same progression").contains("rhythm");
        assertThat(variant.similarity().score()).isBetween(0.0, 1.0);
        // scores fall down the page
        for (int i = 1; i < page.rows().size(); i++) {
            assertThat(page.rows().get(i).similarity().score())
                    .isLessThanOrEqualTo(page.rows().get(i - 1).similarity().score());
        }
        // combined with a filter: only files without drums, the variant still first among them
        List<SearchRow> noDrums = search.search(QueryParser.parse("like:" + original + " drums:no"), null, 50, null).rows();
        assertThat(noDrums).isNotEmpty().allMatch(r -> Boolean.FALSE.equals(r.drums()));
        assertThat(noDrums.get(0).id()).isEqualTo(ids.get("variant.mid"));
        // paging by the distance keyset neither skips nor repeats
        List<Long> paged = new ArrayList<>();
        Cursor after = null;
        do {
            SearchPage p = search.search(QueryParser.parse("like:" + original), null, 3, after);
            p.rows().forEach(r -> paged.add(r.id()));
            after = p.next();
        } while (after != null);
        assertThat(paged).isEqualTo(page.rows().stream().map(SearchRow::id).toList());
    }

    @Test
    void likeOfAFileWithoutProfileOrOfNoFileIsOneLine() {
        assertThatThrownBy(() -> search.search(QueryParser.parse("like:999999"), null, 10, null))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("no file 999999");
        jdbc.update("DELETE FROM sound_summary WHERE content_id = ?", ids.get("drums.mid"));
        assertThatThrownBy(() -> search.search(QueryParser.parse("like:" + ids.get("drums.mid")), null, 10, null))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("reprocess");
        CliRun bad = CliRun.of("search", "like:12", "like:13");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(CliRun.of("search", "-like:12").code()).isEqualTo(2);
        assertThat(CliRun.of("search", "chord:H7").err()).contains("a chord");
        assertThat(CliRun.of("search", "prog:\"i XI\"").err()).contains("numeral");
    }

    @Test
    void showAndJsonCarryTheChordsAndProgression() {
        CliRun show = CliRun.of("show", String.valueOf(ids.get("loop-A-minor.mid")));
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("progression  Am F C G  (i VI III VII, looped)").contains("Am").contains("VII");
        CliRun json = CliRun.of("search", "prog:\"Am F C G\"", "--format", "json");
        assertThat(json.out()).contains("\"progression\"").contains("Am F C G").contains("i VI III VII");
        CliRun facets = CliRun.of("search", "drums:yes", "--count");
        assertThat(facets.out()).contains("progression:").contains("i VI III VII");
        assertThat(Chord.parse("Am7").code()).isEqualTo(jdbc.queryForObject(
                "SELECT chord_codes[1] FROM search_row WHERE content_id = ?", Integer.class, ids.get("am7-spread.mid")));
    }
}
