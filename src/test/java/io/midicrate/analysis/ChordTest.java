package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChordTest {

    @ParameterizedTest
    @CsvSource({
            "Am7, Am7", "F#m7b5, F#m7b5", "C/E, C/E", "A#m7, Bbm7", "Bbmin7, Bbm7", "C-7, Cm7", "Cø7, Cm7b5", "Cø, Cm7b5",
            "C°, Cdim", "C°7, Cdim7", "C+, Caug", "CM7, Cmaj7", "CΔ7, Cmaj7", "Cmaj7, Cmaj7", "Cmaj, C", "Cmin, Cm",
            "C9, C7", "Cm9, Cm7", "Cmaj9, Cmaj7", "Csus, Csus4", "Csus2, Csus2", "C6, C6", "Cm6, Cm6", "Cdim7, Cdim7",
            "Cbm, Bm", "E#, F", "Am7/G, Am7/G", "Db/Ab, Db/Ab", "Gb, F#", "C, C", "Ch7, Cm7b5", "Co7, Cdim7"})
    void readsTheSpellingsUsersType(String text, String name) {
        assertThat(Chord.parse(text).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "H7", "C/", "C/X", "Cxyz", "7"})
    void badChordsAreOneLineErrors(String text) {
        assertThatThrownBy(() -> Chord.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a chord");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Am7", "F#m7b5", "Cdim7", "Bbsus2", "Eaug"})
    void codesRoundTrip(String text) {
        Chord c = Chord.parse(text);
        assertThat(Chord.fromCode(c.code())).isEqualTo(c);
        assertThat(Chord.parse(c.name())).isEqualTo(c);
    }
}
