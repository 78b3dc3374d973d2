package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.midicrate.corpus.TestMidi;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Chords, numerals, progressions and the key from the harmony, on files written by the test. */
class HarmonyTest {

    private static final int Q = 480;
    private static final int BAR = 4 * Q;

    private final MidiAnalyzer analyzer = new MidiAnalyzer();

    private Analysis analyze(TestMidi m) {
        byte[] b = m.bytes();
        return analyzer.analyze(b, b.length);
    }

    /**
     * A progression of numerals in a key, one chord a bar, repeated: triads in close position around middle C with
     * the root an octave and more below; {@code arpeggiated} plays the upper notes as eighths instead of a block.
     */
    static TestMidi progression(int key, List<String> numerals, int repeats, boolean arpeggiated) {
        TestMidi m = new TestMidi(Q, 2);
        m.tempo(0, 0, 110);
        long t = 0;
        for (int r = 0; r < repeats; r++) {
            for (String numeral : numerals) {
                Chord c = RomanNumerals.chord(numeral, key);
                int[] intervals = c.quality().intervals();
                int root = 48 + c.root();
                m.note(1, 0, t, BAR, root - 12, 90); // bass
                if (arpeggiated) {
                    for (int i = 0; i < 8; i++) {
                        int interval = intervals[i % intervals.length];
                        m.note(1, 1, t + i * (Q / 2), Q / 2, root + interval + (i >= intervals.length ? 12 : 0), 80);
                    }
                } else {
                    for (int interval : intervals) {
                        m.note(1, 1, t, BAR, root + interval, 80);
                    }
                }
                t += BAR;
            }
        }
        return m;
    }

    static List<Object[]> keysAndTextures() {
        List<Object[]> out = new ArrayList<>();
        for (int key = 0; key < 24; key++) {
            out.add(new Object[] {key, false});
            out.add(new Object[] {key, true});
        }
        return out;
    }

    @ParameterizedTest(name = "key {0}, arpeggiated {1}")
    @MethodSource("keysAndTextures")
    void aProgressionGivesTheSameNumeralsAndItsKeyInEveryKey(int key, boolean arpeggiated) {
        List<String> numerals = Keys.minor(key) ? List.of("i", "iv", "V", "i") : List.of("I", "V", "vi", "IV");
        Analysis a = analyze(progression(key, numerals, 4, arpeggiated));
        // i-iv-V-i is minor, with its raised leading tone, and I-V-vi-IV major: neither is the relative key
        assertThat(a.key().estimated().index()).as(Keys.name(key)).isEqualTo(key);
        assertThat(a.key().finalIndex()).isEqualTo(key);
        Progression p = a.harmony().progression();
        // i iv V i collapses (i at the end and start merge) to the loop i iv V
        List<String> expected = Keys.minor(key) ? List.of("i", "iv", "V") : numerals;
        assertThat(p.numerals()).isEqualTo(expected);
        assertThat(p.looped()).isTrue();
        for (int i = 0; i < expected.size(); i++) {
            assertThat(p.chords().get(i)).isEqualTo(RomanNumerals.chord(expected.get(i), key));
        }
        assertThat(a.harmony().segments()).allSatisfy(s -> assertThat(s.numeral()).isNotNull());
        assertThat(a.harmony().distinctChords()).isEqualTo(expected.size());
    }

    @Test
    void aLoopedMinorRotationWithNoOtherCueIsAmbiguousBetweenRelativeKeys() {
        Analysis a = analyze(progression(Keys.parse("A minor"), List.of("i", "VI", "III", "VII"), 4, false));
        List<String> both = List.of("A minor", "C major");
        assertThat(a.key().estimated().name()).isIn(both);
        assertThat(a.key().runnerUp().name()).isIn(both).isNotEqualTo(a.key().estimated().name());
        assertThat(a.key().ambiguous()).isTrue();
        assertThat(a.harmony().progression().chordText()).isEqualTo("Am F C G");
        // a clear i-iv-V-i is not
        Analysis clear = analyze(progression(Keys.parse("A minor"), List.of("i", "iv", "V", "i"), 4, false));
        assertThat(clear.key().ambiguous()).isFalse();
        assertThat(clear.key().confidence()).isGreaterThan(a.key().confidence());
    }

    @Test
    void aVoicingSpreadOverOctavesAndInstrumentsWithDoublingsIsNamedRight() {
        TestMidi m = new TestMidi(Q, 4);
        for (int bar = 0; bar < 2; bar++) {
            long t = (long) bar * BAR;
            m.note(1, 0, t, BAR, 33, 90);            // A1, bass
            m.note(2, 1, t, BAR, 55, 70);            // G3, strings
            m.note(2, 1, t, BAR, 64, 70);            // E4
            m.note(2, 1, t, BAR, 72, 70);            // C5
            m.note(3, 2, t, BAR / 2, 69, 80);        // A4 piano, doubling
            m.note(3, 2, t + BAR / 2, BAR / 2, 76, 80); // E5
            m.note(3, 2, t, BAR, 84, 60);            // C6
            m.note(3, 9, t, Q / 4, 36, 100);         // drums do not count
            m.note(3, 9, t + Q, Q / 4, 38, 100);
        }
        Analysis a = analyze(m);
        assertThat(a.harmony().segments()).hasSize(1);
        assertThat(a.harmony().segments().get(0).chord().name()).isEqualTo("Am7");
        assertThat(a.harmony().chordCodes()).containsExactly(Chord.parse("Am7").code());
    }

    @Test
    void anInversionIsASlashChord() {
        TestMidi m = new TestMidi(Q, 2);
        m.note(1, 0, 0, BAR, 40, 90); // E2 in the bass
        m.note(1, 1, 0, BAR, 60, 80);
        m.note(1, 1, 0, BAR, 64, 80);
        m.note(1, 1, 0, BAR, 67, 80);
        m.note(1, 0, BAR, BAR, 43, 90); // G2 under G7: second inversion... of G7 is D; root position here
        m.note(1, 1, BAR, BAR, 59, 80);
        m.note(1, 1, BAR, BAR, 62, 80);
        m.note(1, 1, BAR, BAR, 65, 80);
        Analysis a = analyze(m);
        assertThat(a.harmony().segments()).extracting(s -> s.chord().name()).containsExactly("C/E", "G7");
        // the progression holds root positions; chord: finds a file by root position
        assertThat(a.harmony().progression().chordText()).isEqualTo("C G7");
        assertThat(a.harmony().chordCodes()).containsExactly(Chord.parse("C").code(), Chord.parse("G7").code());
    }

    @Test
    void nothingToHearGivesNoKeyNoChordsAndNoError() {
        TestMidi empty = new TestMidi(Q, 1);
        empty.tempo(0, 0, 120);
        empty.text(0, 0, 0x03, "empty".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        TestMidi drums = new TestMidi(Q, 1);
        for (int i = 0; i < 16; i++) {
            drums.note(0, 9, (long) i * Q, Q / 2, i % 2 == 0 ? 36 : 38, 100);
        }
        TestMidi oneNote = new TestMidi(Q, 1);
        oneNote.note(0, 0, 0, BAR, 60, 80);
        for (TestMidi m : List.of(empty, drums, oneNote)) {
            assertThatCode(() -> analyze(m)).doesNotThrowAnyException();
            Analysis a = analyze(m);
            assertThat(a.key().estimated()).isNull();
            assertThat(a.key().runnerUp()).isNull();
            assertThat(a.key().finalIndex()).isEqualTo(-1);
            assertThat(a.harmony().progression().chords()).isEmpty();
            assertThat(a.harmony().chordCodes()).isEmpty();
            assertThat(a.harmony().segments()).allSatisfy(s -> assertThat(s.chord()).isNull());
        }
    }

    @Test
    void silenceBetweenChordsIsNoChord() {
        TestMidi m = new TestMidi(Q, 2);
        for (int k : new int[] {48, 52, 55}) {
            m.note(1, 0, 0, BAR, k, 80);
            m.note(1, 0, 2L * BAR, BAR, k + 5, 80);
        }
        Analysis a = analyze(m);
        assertThat(a.harmony().segments()).extracting(s -> s.chord() == null ? "N" : s.chord().name())
                .containsExactly("C", "N", "F");
        assertThat(a.harmony().segments().get(1).startSeconds()).isGreaterThan(0);
    }

    @Test
    void theKeySignatureStillWinsAndNumeralsFollowTheFinalKey() {
        TestMidi m = progression(Keys.parse("C major"), List.of("I", "IV", "V", "I"), 2, false);
        m.keySignature(0, 0, 2, false); // D major declared
        Analysis a = analyze(m);
        assertThat(a.key().estimated().name()).isEqualTo("C major");
        assertThat(a.key().finalName()).isEqualTo("D major");
        assertThat(a.harmony().progression().numerals()).containsExactly("bVII", "bIII", "IV"); // C F G in D major
    }

    @Test
    void aLoopIsReducedToItsPeriodAllowingAPartialLastRepeat() {
        int[] loop = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2};
        assertThat(Progression.period(loop, loop.length)).isEqualTo(4);
        assertThat(Progression.period(loop, 6)).isEqualTo(4);  // one pass and half of the next
        assertThat(Progression.period(loop, 5)).isEqualTo(5);  // one pass ending home is not a loop
        assertThat(Progression.period(new int[] {1, 2, 1, 2}, 4)).isEqualTo(2);
        assertThat(Progression.period(new int[] {1, 2, 1}, 3)).isEqualTo(3);
        assertThat(Progression.period(new int[] {1, 2, 3, 1, 2, 4}, 6)).isEqualTo(6);
        int[] codes = new int[200];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < codes.length; i++) {
            do {
                codes[i] = random.nextInt(12) * 16 + random.nextInt(ChordQuality.values().length);
            } while (i > 0 && codes[i] == codes[i - 1]); // a long through-composed sequence: no loop
        }
        Progression p = Progression.of(codes, codes.length, 0);
        assertThat(p.chords()).hasSize(Progression.CAP);
        assertThat(p.numerals()).hasSize(Progression.CAP);
        assertThat(Progression.of(codes, 3, -1).numerals()).isEmpty();
    }
}
