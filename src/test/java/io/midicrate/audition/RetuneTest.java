package io.midicrate.audition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.midicrate.common.OperatorException;

/** How a target key and tempo are read and what a file becomes. */
class RetuneTest {

    @Test
    void aKeyTargetMovesEachFileByTheSmallestIntervalAcrossModesToTheRelativeKey() {
        Retune toBMinor = Retune.parse("B minor", 90.0);
        assertThat(toBMinor.semitones("A minor")).isEqualTo(2);
        assertThat(toBMinor.semitones("C major")).isEqualTo(2);  // to D major, B minor's relative
        assertThat(toBMinor.semitones("D minor")).isEqualTo(-3);
        assertThat(toBMinor.semitones(null)).isZero();           // no key (drums): not moved
        assertThat(toBMinor.key("C major")).isEqualTo("D major");
        assertThat(toBMinor.name("loop", "A minor", 100.0)).isEqualTo("loop (B minor, 90 bpm)");
        assertThat(toBMinor.name("beat", null, 100.0)).isEqualTo("beat (90 bpm)");
    }

    @Test
    void semitonesMoveEveryFileAndNoTargetKeepsItsKeyAndTempo() {
        assertThat(Retune.parse("-3", null).semitones("C major")).isEqualTo(-3);
        assertThat(Retune.parse("+5", null).key("A minor")).isEqualTo("D minor");
        assertThat(Retune.parse(null, null).changes()).isFalse();
        assertThat(Retune.parse("", null).name("loop", "A minor", 99.6)).isEqualTo("loop (A minor, 100 bpm)");
        assertThat(Retune.parse("F#m", null).toKey()).isEqualTo(18);
    }

    @Test
    void badTargetsAreOperatorMistakes() {
        assertThatThrownBy(() -> Retune.parse("H", null)).isInstanceOf(OperatorException.class).hasMessageContaining("not a key");
        assertThatThrownBy(() -> Retune.parse("+49", null)).isInstanceOf(OperatorException.class).hasMessageContaining("-48..48");
        assertThatThrownBy(() -> Retune.parse(null, 0.0)).isInstanceOf(OperatorException.class).hasMessageContaining("at most 999");
        assertThatThrownBy(() -> Retune.parse(null, 1000.0)).isInstanceOf(OperatorException.class).hasMessageContaining("at most 999");
    }
}
