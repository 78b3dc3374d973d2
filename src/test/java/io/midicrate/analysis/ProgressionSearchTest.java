package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The stored forms of a progression and the patterns that find them, checked as PostgreSQL's LIKE reads them. */
class ProgressionSearchTest {

    static List<Chord> chords(String names) {
        return java.util.Arrays.stream(names.split(" ")).map(Chord::parse).toList();
    }

    /** SQL LIKE (no escapes in these patterns): % any run, _ one character. */
    static boolean like(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return text.matches(regex.toString());
    }

    @Test
    void aShapeIsTheSameInEveryKeyAndFindsEveryRotationOfALoop() {
        Progression am = new Progression(chords("Am F C G"), List.of(), true);
        Progression em = new Progression(chords("Em C G D"), List.of(), true);
        assertThat(ProgressionSearch.shapeText(am)).isEqualTo(ProgressionSearch.shapeText(em)).startsWith(" -b 8a 7a 7a 2b 8a ");
        for (String rotation : List.of("Am F C G", "F C G Am", "C G Am F", "G Am F C", "Am F C G Am F C G")) {
            assertThat(like(ProgressionSearch.shapeText(em), ProgressionSearch.shapePattern(chords(rotation))))
                    .as(rotation).isTrue();
        }
        // a near miss: the last chord minor
        assertThat(like(ProgressionSearch.shapeText(am), ProgressionSearch.shapePattern(chords("Am F C Gm")))).isFalse();
        // a run longer than the written text is not found
        Progression once = new Progression(chords("Am F C G"), List.of(), false);
        assertThat(like(ProgressionSearch.shapeText(once), ProgressionSearch.shapePattern(chords("F C G Am")))).isFalse();
        assertThat(like(ProgressionSearch.shapeText(once), ProgressionSearch.shapePattern(chords("F C G")))).isTrue();
    }

    @Test
    void chordNamesFindExactChordsAndIgnoreTheBass() {
        Progression p = new Progression(chords("Am F/A C G"), List.of(), true);
        assertThat(ProgressionSearch.chordText(p)).startsWith(" Am F C G Am F C G ");
        assertThat(like(ProgressionSearch.chordText(p), ProgressionSearch.chordPattern(chords("C G Am")))).isTrue();
        assertThat(like(ProgressionSearch.chordText(p), ProgressionSearch.chordPattern(chords("C G A")))).isFalse();
        assertThat(like(ProgressionSearch.chordText(p), ProgressionSearch.chordPattern(chords("Em C G")))).isFalse();
    }

    @Test
    void noChordsIsNoText() {
        assertThat(ProgressionSearch.shapeText(Progression.EMPTY)).isEmpty();
        assertThat(ProgressionSearch.chordText(Progression.EMPTY)).isEmpty();
    }
}
