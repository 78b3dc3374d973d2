package io.midicrate.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.midicrate.analysis.Keys;
import io.midicrate.common.OperatorException;

/** The query language: every field, ranges, negation, OR, musician's matching, and each error message. */
class QueryParserTest {

    private static Query.Term only(String query) {
        Query q = QueryParser.parse(query);
        assertThat(q.terms()).hasSize(1);
        return q.terms().get(0);
    }

    private static int key(String name) {
        return Keys.parse(name);
    }

    @Test
    void keysByNameSpellingAndCamelot() {
        assertThat(((Query.Keys) only("key:Am")).keyIndexes()).containsExactly(key("A minor"));
        assertThat(((Query.Keys) only("key:\"A minor\"")).keyIndexes()).containsExactly(key("A minor"));
        assertThat(((Query.Keys) only("key:F#")).keyIndexes()).containsExactly(key("F# major"));
        assertThat(((Query.Keys) only("key:Bbm")).keyIndexes()).containsExactly(key("Bb minor"));
        assertThat(((Query.Keys) only("key:c#min")).keyIndexes()).containsExactly(key("C# minor"));
        assertThat(((Query.Keys) only("key:8A")).keyIndexes()).containsExactly(key("A minor"));
        assertThat(((Query.Keys) only("key:8B")).keyIndexes()).containsExactly(key("C major"));
        assertThat(((Query.Keys) only("key:1A")).keyIndexes()).containsExactly(key("G# minor"));
        assertThat(((Query.Keys) only("key:12b")).keyIndexes()).containsExactly(key("E major"));
        assertThat(((Query.Keys) only("key:Am,C")).keyIndexes()).containsExactlyInAnyOrder(key("A minor"), key("C major"));
    }

    @Test
    void everyKeyHasOneCamelotCodeThatParsesBack() {
        for (int k = 0; k < 24; k++) {
            assertThat(Camelot.parse(Camelot.code(k))).as(Keys.name(k)).isEqualTo(k);
        }
        assertThat(Camelot.code(key("A minor"))).isEqualTo("8A");
        assertThat(Camelot.code(key("C major"))).isEqualTo("8B");
        assertThat(Camelot.code(key("B major"))).isEqualTo("1B");
        assertThat(Camelot.code(key("Ab minor"))).isEqualTo("1A");
    }

    @Test
    void compatibleKeysAreTheWheelNeighboursAndTheRelative() {
        Query.Keys k = (Query.Keys) only("key:8A~");
        assertThat(k.compatible()).isTrue();
        assertThat(k.keyIndexes()).containsExactlyInAnyOrder(key("A minor"), key("D minor"), key("E minor"), key("C major"));
        // round the wheel: 12 neighbours 1
        assertThat(Camelot.compatible(Camelot.parse("12B"))).containsExactlyInAnyOrder(Camelot.parse("12B"),
                Camelot.parse("11B"), Camelot.parse("1B"), Camelot.parse("12A"));
        assertThat(((Query.Keys) QueryParser.parse("key:Am", true).terms().get(0)).keyIndexes()).hasSize(4);
    }

    @Test
    void numbersAndRanges() {
        Query.Numeric bpm = (Query.Numeric) only("bpm:120..128");
        assertThat(bpm.field()).isEqualTo(Query.NumericField.BPM);
        assertThat(bpm.ranges()).containsExactly(new Query.Range(120.0, 128.0, false));
        assertThat(((Query.Numeric) only("bpm:120")).ranges()).containsExactly(new Query.Range(119.5, 120.5, true));
        assertThat(((Query.Numeric) only("bars:..8")).ranges()).containsExactly(new Query.Range(null, 8.0, false));
        assertThat(((Query.Numeric) only("duration:30..")).ranges()).containsExactly(new Query.Range(30.0, null, false));
        assertThat(((Query.Numeric) only("notes:100..200")).field()).isEqualTo(Query.NumericField.NOTES);
        assertThat(((Query.Numeric) only("tracks:1")).ranges()).containsExactly(new Query.Range(1.0, 1.0, false));
        assertThat(((Query.Numeric) only("id:5,9..10")).ranges()).containsExactly(new Query.Range(5.0, 5.0, false),
                new Query.Range(9.0, 10.0, false));
        assertThat(((Query.Numeric) only("imported:3")).field()).isEqualTo(Query.NumericField.IMPORTED);
    }

    @Test
    void bpmWithTildeAddsHalfAndDoubleTime() {
        Query.Numeric bpm = (Query.Numeric) only("bpm:120..128~");
        assertThat(bpm.compatible()).isTrue();
        assertThat(bpm.ranges()).containsExactly(new Query.Range(120.0, 128.0, false), new Query.Range(60.0, 64.0, false),
                new Query.Range(240.0, 256.0, false));
    }

    @Test
    void theOtherFields() {
        assertThat(((Query.Meters) only("meter:3/4,6/8")).meters()).containsExactly("3/4", "6/8");
        Query.Instruments bass = (Query.Instruments) only("inst:bass");
        assertThat(bass.families()).containsExactly("Bass");
        assertThat(((Query.Instruments) only("instrument:drums")).families()).containsExactly("Drums");
        assertThat(((Query.Instruments) only("inst:synth-lead")).families()).containsExactly("Synth Lead");
        assertThat(((Query.Instruments) only("inst:violin")).programs()).containsExactly(40);
        assertThat(((Query.Instruments) only("inst:\"synth bass\"")).programs()).containsExactly(38, 39);
        assertThat(((Query.Drums) only("drums:yes")).value()).isEqualTo(Query.DrumsValue.YES);
        assertThat(((Query.Drums) only("drums:no")).value()).isEqualTo(Query.DrumsValue.NO);
        assertThat(((Query.Drums) only("drums:only")).value()).isEqualTo(Query.DrumsValue.ONLY);
        assertThat(((Query.Tags) only("tag:house,Hip_Hop")).names()).containsExactly("house", "hip-hop");
        assertThat(((Query.Paths) only("path:**/Drums/*.mid")).patterns()).containsExactly("**/Drums/*.mid");
        assertThat(((Query.Paths) only("path:\"/srv/my midi/\"")).patterns()).containsExactly("/srv/my midi/");
        assertThat(((Query.Pack) only("pack:\"Acme Trap\"")).patterns()).containsExactly("acme trap");
        Query.NameWords genre = (Query.NameWords) only("genre:drum-and-bass");
        assertThat(genre.field()).isEqualTo(Query.NameField.GENRE);
        assertThat(genre.values()).containsExactly("drum-and-bass");
        assertThat(((Query.NameWords) only("role:chords")).field()).isEqualTo(Query.NameField.ROLE);
        assertThat(((Query.Status) only("status:ok,pending")).values()).containsExactlyInAnyOrder(Query.StatusValue.OK,
                Query.StatusValue.PENDING);
        assertThat(((Query.Status) only("status:failed")).values()).containsExactly(Query.StatusValue.FAILED);
        assertThat(((Query.Dupes) only("dupes:yes")).atSeveralPaths()).isTrue();
        assertThat(((Query.Dupes) only("dupes:no")).atSeveralPaths()).isFalse();
    }

    @Test
    void textWordsPhrasesNegationAndSeveralTerms() {
        Query q = QueryParser.parse("  dark \"warm pad\" -tag:fill  -\"dub techno\" key:Am ");
        assertThat(q.terms()).hasSize(5);
        Query.Text dark = (Query.Text) q.terms().get(0);
        assertThat(dark.words()).containsExactly("dark");
        assertThat(dark.phrase()).isFalse();
        Query.Text phrase = (Query.Text) q.terms().get(1);
        assertThat(phrase.words()).containsExactly("warm", "pad");
        assertThat(phrase.phrase()).isTrue();
        assertThat(q.terms().get(2).negated()).isTrue();
        assertThat(q.terms().get(2)).isInstanceOf(Query.Tags.class);
        assertThat(q.terms().get(3).negated()).isTrue();
        assertThat(((Query.Text) q.terms().get(3)).words()).containsExactly("dub", "techno");
        assertThat(q.terms().get(4).negated()).isFalse();
        assertThat(q.hasText()).isTrue();
        // a colon inside quotes is text; escapes inside quotes
        assertThat(((Query.Text) only("\"intro: part 1\"")).words()).containsExactly("intro", "part", "1");
        assertThat(((Query.Text) only("\"say \\\"hi\\\" 50%_off\"")).words()).containsExactly("say", "hi", "50", "off");
        assertThat(QueryParser.parse("").terms()).isEmpty();
        assertThat(QueryParser.parse(List.of("key:Am", "bpm:120"), false).terms()).hasSize(2);
    }


    @Test
    void aCaretNegatesAsADashDoes() {
        Query caret = QueryParser.parse("^tag:fill ^\"dub techno\" ^dark");
        Query dash = QueryParser.parse("-tag:fill -\"dub techno\" -dark");
        assertThat(caret.terms().subList(0, 3)).allSatisfy(t -> assertThat(t.negated()).isTrue());
        assertThat(((Query.Tags) caret.terms().get(0)).names()).isEqualTo(((Query.Tags) dash.terms().get(0)).names());
        assertThat(((Query.Text) caret.terms().get(1)).words()).containsExactly("dub", "techno");
        assertThat(caret.terms().get(0).source()).isEqualTo("^tag:fill");
        assertThat(caret.terms()).hasSize(3);
        // a caret alone is no term, as a dash alone is not
        assertThatThrownBy(() -> QueryParser.parse("key:Am ^")).isInstanceOf(QuerySyntaxException.class)
                .hasMessage("bad query term '^': a word with letters or digits (or field:value)");
    }
    @Test
    void tsqueriesHoldOnlyWordsAsLexemes() {
        assertThat(QuerySql.tsquery((Query.Text) only("dark_hats"))).isEqualTo("'dark':* & 'hats':*");
        assertThat(QuerySql.tsquery((Query.Text) only("\"it's a | !trap\""))).isEqualTo("'it' <-> 's' <-> 'a' <-> 'trap'");
    }

    @Test
    void eachMistakeIsOneLineQuotingTheTerm() {
        expectError("foo:bar", "bad query term 'foo:bar': a known field (key, bpm, meter");
        expectError("bpm:fast", "bad query term 'bpm:fast': a number or a range like 120..128, ..8 or 30..");
        expectError("key:H", "bad query term 'key:H': a key like Am, \"A minor\", F#, Bbm or a Camelot code 1A..12B");
        expectError("key:13A", "bad query term 'key:13A': a key like");
        expectError("dark \"warm pad", "bad query term '\"warm pad': the quote is not closed");
        expectError("bpm:130..120", "bad query term 'bpm:130..120': a range whose end is not below its start");
        expectError("bpm:..", "bad query term 'bpm:..': a number or a range");
        expectError("notes:1.5", "bad query term 'notes:1.5': a whole number or a range like 10..20");
        expectError("meter:four", "bad query term 'meter:four': a meter like 4/4, 3/4 or 6/8");
        expectError("inst:kazoo", "bad query term 'inst:kazoo': a General MIDI family");
        expectError("drums:maybe", "bad query term 'drums:maybe': drums:yes, drums:no or drums:only");
        expectError("status:done", "bad query term 'status:done': status:ok, status:failed or status:pending");
        expectError("dupes:2", "bad query term 'dupes:2': dupes:yes or dupes:no");
        expectError("tag:", "bad query term 'tag:': a value after 'tag:'");
        expectError("tag:a,,b", "bad query term 'tag:a,,b': a value on each side of ','");
        expectError("meter:4/4~", "bad query term 'meter:4/4~': '~' (musician's matching) only after key or bpm");
        expectError("path:[abc", "bad query term 'path:[abc': a path glob: unclosed [");
        expectError("%%%", "bad query term '%%%': a word with letters or digits");
    }

    private static void expectError(String query, String messageStart) {
        assertThatThrownBy(() -> QueryParser.parse(query))
                .isInstanceOf(QuerySyntaxException.class)
                .isInstanceOf(OperatorException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(messageStart).doesNotContain("\n"));
    }

    @Test
    void cursorsRoundTripAndBadOnesAreOperatorErrors() {
        Cursor c = new Cursor(Sort.PATH, 0, "/a b/\"c\"\n.mid", 42);
        assertThat(Cursor.parse(c.token())).isEqualTo(c);
        Cursor none = new Cursor(Sort.BPM, 1, null, 7);
        assertThat(Cursor.parse(none.token())).isEqualTo(none);
        assertThatThrownBy(() -> Cursor.parse("not-a-cursor")).isInstanceOf(OperatorException.class)
                .hasMessageStartingWith("after takes the cursor printed at the end of a page")
                .satisfies(e -> assertThat(((SearchOptionException) e).describe(o -> "--" + o.word()))
                        .startsWith("--after takes the cursor printed at the end of a page"));
        assertThat(Set.of(Sort.parse("BPM"), Sort.parse("recent"))).containsExactlyInAnyOrder(Sort.BPM, Sort.RECENT);
        assertThatThrownBy(() -> Sort.parse("size")).isInstanceOf(OperatorException.class);
    }
}
