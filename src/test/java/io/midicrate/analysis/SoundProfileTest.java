package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.midicrate.corpus.TestMidi;
import io.midicrate.smf.SmfParser;

/** The sound profile: what it must not change under (key, tempo) and what it must tell apart. */
class SoundProfileTest {

    static final int PPQ = 480;

    /** A minor-key loop (i VI III VII), a bass on the beat and, when asked, a drum groove. */
    static byte[] loop(int transpose, double bpm, boolean drums) {
        int[][] chords = {{57, 60, 64}, {53, 57, 60}, {48, 52, 55}, {55, 59, 62}};
        TestMidi m = new TestMidi(PPQ, 1).tempo(0, 0, bpm).program(0, 1, 0, 33);
        long t = 0;
        for (int loop = 0; loop < 4; loop++) {
            for (int[] chord : chords) {
                for (int k : chord) {
                    m.note(0, 0, t, 4 * PPQ, k + transpose, 80);
                }
                for (int beat = 0; beat < 4; beat++) {
                    m.note(0, 1, t + beat * PPQ, PPQ / 2, chord[0] - 24 + transpose, 90);
                    if (drums) {
                        m.note(0, 9, t + beat * PPQ, 60, beat % 2 == 0 ? 36 : 38, 100);
                        m.note(0, 9, t + beat * PPQ + PPQ / 2, 60, 42, 70);
                    }
                }
                t += 4 * PPQ;
            }
        }
        return m.bytes();
    }

    static Analysis analyse(byte[] bytes) {
        return new MidiAnalyzer().analyze(new SmfParser().parse(bytes, bytes.length));
    }

    static float[] vector(byte[] bytes) {
        return analyse(bytes).sound().vector();
    }

    static double distance(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(d);
    }

    @Test
    void aTranspositionAndHalfOrDoubleTempoLeaveTheProfileNearlyWhereItWas() {
        float[] original = vector(loop(0, 100, true));
        float[] transposed = vector(loop(5, 100, true));
        float[] halfTime = vector(loop(0, 50, true));
        float[] noDrums = vector(loop(0, 100, false));
        assertThat(original).hasSize(SoundProfile.DIMENSIONS);
        assertThat(distance(original, transposed)).isLessThan(0.1);
        assertThat(distance(original, halfTime)).isLessThan(0.05);
        // dropping the drums moves it, but less than a file of another kind is from it
        float[] drumsAlone = vector(drumGroove());
        assertThat(distance(original, noDrums)).isGreaterThan(0.1).isLessThan(distance(original, drumsAlone));
        assertThat(SoundProfile.likeness(original, transposed).rhythm()).isGreaterThan(0.99);
        assertThat(SoundProfile.likeness(original, drumsAlone).overall())
                .isLessThan(SoundProfile.likeness(original, noDrums).overall());
    }

    @Test
    void theSummaryFollowsTheVectorAndACubeRoundTrips() {
        Analysis a = analyse(loop(0, 100, true));
        assertThat(a.sound().summary()).hasSize(SoundProfile.SUMMARY_DIMENSIONS)
                .containsExactly(SoundProfile.summary(a.sound().vector()));
        assertThat(SoundProfile.parseCube(SoundProfile.cubeText(a.sound().vector()))).containsExactly(a.sound().vector());
    }

    @Test
    void aFileWithoutNotesHasNoProfile() {
        byte[] empty = new TestMidi(PPQ, 1).tempo(0, 0, 120).bytes();
        assertThat(analyse(empty).sound()).isNull();
    }

    static byte[] drumGroove() {
        TestMidi m = new TestMidi(PPQ, 1).tempo(0, 0, 140);
        for (int i = 0; i < 64; i++) {
            m.note(0, 9, i * PPQ / 4 * 3, 60, i % 3 == 0 ? 36 : 42, 100);
        }
        return m.bytes();
    }
}
