package io.midicrate.web.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.midicrate.query.Camelot;

class KeyWheelTest {

    @Test
    void twentyFourSlicesOneCamelotCodeEachWithTheirCounts() {
        long[] counts = new long[24];
        counts[0] = 40;   // C major, 8B
        counts[21] = 10;  // A minor, 8A
        List<KeyWheel.Slice> slices = KeyWheel.slices(counts);
        assertThat(slices).hasSize(24);
        assertThat(slices).extracting(KeyWheel.Slice::camelot).doesNotHaveDuplicates();
        for (KeyWheel.Slice s : slices) {
            assertThat(s.camelot()).isEqualTo(Camelot.code(s.keyIndex()));
            assertThat(s.count()).isEqualTo(counts[s.keyIndex()]);
            assertThat(s.path()).startsWith("M").endsWith("Z");
        }
        KeyWheel.Slice cMajor = slices.get(0);
        KeyWheel.Slice aMinor = slices.get(21);
        assertThat(cMajor.camelot()).isEqualTo("8B");
        assertThat(aMinor.camelot()).isEqualTo("8A");
        // relative keys share a spoke: the same angle, the minor one nearer the centre
        double angleMajor = Math.atan2(cMajor.labelX(), -cMajor.labelY());
        double angleMinor = Math.atan2(aMinor.labelX(), -aMinor.labelY());
        assertThat(angleMinor).isCloseTo(angleMajor, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Math.hypot(aMinor.labelX(), aMinor.labelY())).isLessThan(Math.hypot(cMajor.labelX(), cMajor.labelY()));
        // the fullest key is the darkest; an empty one stays pale
        assertThat(cMajor.dark()).isTrue();
        assertThat(slices.get(1).fill()).endsWith("96%)");
    }
}
