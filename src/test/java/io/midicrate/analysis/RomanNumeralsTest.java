package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RomanNumeralsTest {

    @Test
    void everyChordInEveryKeyRoundTrips() {
        int checked = 0;
        for (int key = 0; key < 24; key++) {
            for (int root = 0; root < 12; root++) {
                for (ChordQuality q : ChordQuality.values()) {
                    Chord chord = new Chord(root, q);
                    String numeral = RomanNumerals.numeral(chord, key);
                    RomanNumerals.Degree d = RomanNumerals.parse(numeral, Keys.minor(key));
                    assertThat(d.quality()).as(numeral).isEqualTo(q);
                    assertThat((Keys.tonic(key) + d.offset()) % 12).as(numeral + " in " + Keys.name(key)).isEqualTo(root);
                    assertThat(RomanNumerals.chord(numeral, key)).isEqualTo(chord);
                    assertThat(numeral).matches("[b#]?[IViv]+(|o|\\+|sus2|sus4|6|7|maj7|h7|o7)");
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(24 * 12 * 13);
    }

    @Test
    void theConventions() {
        int aMinor = Keys.parse("A minor");
        int cMajor = Keys.parse("C major");
        assertThat(names(List.of("i", "VI", "III", "VII"), aMinor)).containsExactly("Am", "F", "C", "G");
        assertThat(names(List.of("I", "V", "vi", "IV"), cMajor)).containsExactly("C", "G", "Am", "F");
        assertThat(names(List.of("V", "V7", "viio", "viio7", "viih7", "bviio"), aMinor))
                .containsExactly("E", "E7", "Abdim", "Abdim7", "Abm7b5", "Gdim");
        assertThat(names(List.of("bIII", "bVI", "bVII", "viih7", "#ivo7", "iih7", "IVmaj7", "ii7", "I6", "ii6", "I+"), cMajor))
                .containsExactly("Eb", "Ab", "Bb", "Bm7b5", "F#dim7", "Dm7b5", "Fmaj7", "Dm7", "C6", "Dm6", "Caug");
        assertThat(RomanNumerals.numeral(Chord.parse("E7"), aMinor)).isEqualTo("V7");
        assertThat(RomanNumerals.numeral(Chord.parse("G"), aMinor)).isEqualTo("VII");
        assertThat(RomanNumerals.numeral(Chord.parse("G#dim7"), aMinor)).isEqualTo("viio7"); // G#dim7, spelled Abdim7 in names
        assertThat(RomanNumerals.numeral(Chord.parse("F#m"), aMinor)).isEqualTo("#vi");
        assertThat(RomanNumerals.numeral(Chord.parse("Bb"), cMajor)).isEqualTo("bVII");
        assertThat(RomanNumerals.numeral(Chord.parse("Csus4/G"), cMajor)).isEqualTo("Isus4");
        assertThat(RomanNumerals.numeral(Chord.parse("Bm7b5"), cMajor)).isEqualTo("viih7");
        // other spellings of the half-diminished suffix
        assertThat(RomanNumerals.parse("viiø7", false)).isEqualTo(new RomanNumerals.Degree(11, ChordQuality.HALF_DIMINISHED));
        assertThat(RomanNumerals.parse("iim7b5", true)).isEqualTo(new RomanNumerals.Degree(2, ChordQuality.HALF_DIMINISHED));
    }

    private static List<String> names(List<String> numerals, int key) {
        return numerals.stream().map(n -> RomanNumerals.chord(n, key).name()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "XIV", "i XIV", "H", "IVx", "ivmaj7", "IIII", "bb", "7"})
    void badNumeralsAreOneLineErrors(String text) {
        assertThatThrownBy(() -> RomanNumerals.parse(text, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a numeral")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
