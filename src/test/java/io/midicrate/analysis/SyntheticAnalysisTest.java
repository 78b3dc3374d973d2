package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.midicrate.corpus.TestMidi;
import io.midicrate.analysis.AccuracyMath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Files written by the test with known key and tempo come out right. */
class SyntheticAnalysisTest {

    private final MidiAnalyzer analyzer = new MidiAnalyzer();

    static List<Integer> allKeys() {
        List<Integer> keys = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            keys.add(k);
        }
        return keys;
    }

    /** A short tonal piece in {@code key}: tonic chord, scale run, subdominant, dominant seventh, tonic; drums added. */
    static byte[] pieceInKey(int key, boolean cMajorSignature) {
        int tonic = 48 + Keys.tonic(key);
        boolean minor = Keys.minor(key);
        int[] scale = minor ? new int[] {0, 2, 3, 5, 7, 8, 11, 12} : new int[] {0, 2, 4, 5, 7, 9, 11, 12};
        int third = minor ? 3 : 4;
        int sixth = minor ? 8 : 9;
        TestMidi m = new TestMidi(480, 3);
        m.tempo(0, 0, 100);
        if (cMajorSignature) {
            m.keySignature(0, 0, 0, false);
        }
        long q = 480;
        long t = 0;
        for (int rep = 0; rep < 2; rep++) {
            chord(m, t, 4 * q, tonic, tonic + third, tonic + 7);
            t += 4 * q;
            for (int s : scale) {
                m.note(1, 0, t, q / 2, tonic + 12 + s, 90);
                t += q / 2;
            }
            chord(m, t, 2 * q, tonic + 5, tonic + 5 + sixth - 5, tonic + 12);        // IV / iv
            t += 2 * q;
            chord(m, t, 2 * q, tonic + 7, tonic + 11, tonic + 14, tonic + 17);      // V7 (leading tone)
            t += 2 * q;
            chord(m, t, 4 * q, tonic, tonic + third, tonic + 7, tonic + 12);
            t += 4 * q;
        }
        for (long d = 0; d < t; d += q) {
            m.note(2, 9, d, q / 4, d % (2 * q) == 0 ? 36 : 38, 100); // drums must not sway the key
            m.note(2, 9, d + q / 2, q / 4, 42, 60);
        }
        return m.bytes();
    }

    private static void chord(TestMidi m, long t, long duration, int... keys) {
        for (int k : keys) {
            m.note(1, 0, t, duration, k, 80);
        }
    }

    @ParameterizedTest
    @MethodSource("allKeys")
    void estimatesEveryKey(int key) {
        byte[] file = pieceInKey(key, true);
        Analysis a = analyzer.analyze(file, file.length);
        assertThat(a.key().estimated().name()).isEqualTo(Keys.name(key));
        // a C-major signature is a sequencer default: the estimate wins
        assertThat(a.key().finalIndex()).isEqualTo(key);
        assertThat(a.key().finalSource()).isEqualTo(Analysis.KeySource.ESTIMATE);
        assertThat(a.key().confidence()).isPositive();
        assertThat(a.instruments().hasDrums()).isTrue();
        assertThat(a.instruments().drumsOnly()).isFalse();
    }

    @Test
    void nonCMajorSignatureIsTheFinalKey() {
        TestMidi m = new TestMidi(96, 1);
        m.keySignature(0, 0, -3, true); // C minor
        for (int i = 0; i < 16; i++) {
            m.note(0, 0, i * 96L, 96, 60 + (i % 3) * 4, 80); // C E G# arpeggios: whatever the estimate says
        }
        byte[] b = m.bytes();
        Analysis a = analyzer.analyze(b, b.length);
        assertThat(a.key().declaredName()).isEqualTo("C minor");
        assertThat(a.key().declaredIndex()).isEqualTo(12);
        assertThat(a.key().finalIndex()).isEqualTo(12);
        assertThat(a.key().finalSource()).isEqualTo(Analysis.KeySource.KEY_SIGNATURE);
    }

    /** A groove at {@code bpm}: accented beats (bass + kick/snare), lighter off-beat eighths, chords on 1 and 3. */
    static byte[] groove(double bpm, boolean declareTempo) {
        TestMidi m = new TestMidi(480, 2);
        // without a tempo event the file plays at 120, so the beat is laid out in ticks that sound at `bpm`
        double ticksPerBeat = declareTempo ? 480 : 480 * 120 / bpm;
        if (declareTempo) {
            m.tempo(0, 0, bpm);
        }
        m.timeSignature(0, 0, 4, 2);
        int beats = 64;
        for (int b = 0; b < beats; b++) {
            long t = Math.round(b * ticksPerBeat);
            long half = Math.round((b + 0.5) * ticksPerBeat);
            long len = Math.round(ticksPerBeat / 4);
            m.note(1, 1, t, len, 36 + (b % 4 == 2 ? 7 : 0), 100);
            m.note(1, 9, t, len, b % 2 == 0 ? 36 : 38, 110);
            m.note(1, 9, half, len, 42, 50);
            m.note(1, 0, half, len, 72, 45);
            if (b % 2 == 0) {
                m.note(1, 0, t, Math.round(ticksPerBeat * 1.5), 60, 80);
                m.note(1, 0, t, Math.round(ticksPerBeat * 1.5), 64, 80);
                m.note(1, 0, t, Math.round(ticksPerBeat * 1.5), 67, 80);
            }
        }
        return m.bytes();
    }

    @ParameterizedTest
    @ValueSource(doubles = {85, 96, 110, 120, 128, 140, 155, 170})
    void declaredTempoIsReadAndOnsetsAgree(double bpm) {
        byte[] b = groove(bpm, true);
        Analysis a = analyzer.analyze(b, b.length);
        assertThat(a.tempo().declared()).isTrue();
        assertThat(a.tempo().initialBpm()).isCloseTo(bpm, within(0.01));
        assertThat(a.tempo().dominantBpm()).isCloseTo(bpm, within(0.01));
        assertThat(a.tempo().estimatedBpm()).isCloseTo(bpm, within(bpm * 0.04));
        assertThat(a.tempo().estimateConfidence()).isGreaterThan(0.2);
        assertThat(a.tempo().defaultTempoDisagrees()).isFalse();
        assertThat(a.time().durationSeconds()).isCloseTo(64 * 60 / bpm, within(60 / bpm));
    }

    @ParameterizedTest
    @ValueSource(doubles = {80, 93, 105, 135, 150, 165})
    void withoutTempoEventTheOnsetEstimateFindsTheTempo(double bpm) {
        byte[] b = groove(bpm, false);
        Analysis a = analyzer.analyze(b, b.length);
        assertThat(a.tempo().declared()).isFalse();
        assertThat(a.tempo().initialBpm()).isEqualTo(120.0);
        assertThat(a.tempo().estimatedBpm()).isCloseTo(bpm, within(bpm * 0.04));
        assertThat(a.tempo().defaultTempoDisagrees()).isTrue();
    }

    /**
     * Far from 120 BPM the tempo prior (tuned on the corpus) resolves the octave ambiguity toward 120, so only
     * Accuracy2 (right up to a factor 2 or 3) is promised there.
     */
    @ParameterizedTest
    @ValueSource(doubles = {50, 60, 72, 185, 200, 230})
    void extremeTempiAreRightUpToAnOctave(double bpm) {
        for (boolean declare : new boolean[] {true, false}) {
            byte[] b = groove(bpm, declare);
            Analysis a = analyzer.analyze(b, b.length);
            assertThat(AccuracyMath.acc2(a.tempo().estimatedBpm(), bpm)).as("%s BPM estimated as %s", bpm, a.tempo().estimatedBpm()).isTrue();
        }
    }

    @Test
    void defaultTempoAgreeingWithOnsetsIsNotFlagged() {
        byte[] b = groove(120, false);
        Analysis a = analyzer.analyze(b, b.length);
        assertThat(a.tempo().estimatedBpm()).isCloseTo(120, within(120 * 0.04));
        assertThat(a.tempo().defaultTempoDisagrees()).isFalse();
    }

    @Test
    void drumsAreDrumsNeverPiano() {
        TestMidi m = new TestMidi(480, 1);
        for (int i = 0; i < 32; i++) {
            m.note(0, 9, i * 240L, 60, new int[] {36, 38, 42, 49, 45, 39}[i % 6], 100);
        }
        byte[] b = m.bytes();
        Analysis a = analyzer.analyze(b, b.length);
        assertThat(a.instruments().drumsOnly()).isTrue();
        assertThat(a.instruments().channels()).singleElement().satisfies(c -> {
            assertThat(c.drums()).isTrue();
            assertThat(c.family()).isEqualTo("Drums");
            assertThat(c.name()).isEqualTo("Standard Kit");
            assertThat(c.channel()).isEqualTo(9);
        });
        Analysis.DrumKit kit = a.instruments().drumHits();
        assertThat(List.of(kit.kick(), kit.snare(), kit.hiHat(), kit.cymbal(), kit.tom(), kit.other())).containsExactly(6, 6, 5, 5, 5, 5);
        assertThat(a.key().estimated()).isNull();
        assertThat(a.key().finalSource()).isEqualTo(Analysis.KeySource.NONE);
        assertThat(a.notes().pitchedCount()).isZero();
    }

    @Test
    void noteStatisticsOfAKnownFile() {
        TestMidi m = new TestMidi(100, 1);
        m.timeSignature(0, 0, 3, 2);
        m.program(0, 0, 0, 40); // violin
        m.note(0, 0, 0, 200, 60, 100);   // C held two beats
        m.note(0, 0, 100, 100, 64, 60);  // E over it: polyphony 2 for one beat
        m.note(0, 0, 300, 100, 67, 80);  // beat 3 silent (tick 200-300), G on beat 4
        byte[] b = m.bytes();
        Analysis a = analyzer.analyze(b, b.length);
        Analysis.NoteFacts n = a.notes();
        assertThat(n.count()).isEqualTo(3);
        assertThat(n.distinctPitches()).isEqualTo(3);
        assertThat(n.pitchMin()).isEqualTo(60);
        assertThat(n.pitchMax()).isEqualTo(67);
        assertThat(n.pitchMean()).isCloseTo(191 / 3.0, within(1e-9));
        assertThat(n.velocityMean()).isCloseTo(80, within(1e-9));
        assertThat(n.velocityStdDev()).isCloseTo(Math.sqrt((400 + 400 + 0) / 3.0), within(1e-9));
        assertThat(n.polyphonyMax()).isEqualTo(2);
        assertThat(n.polyphonyMean()).isCloseTo(4 / 3.0, within(1e-9)); // 1+2 over ticks 0-200, 1 over 300-400
        assertThat(n.emptyBeatRate()).isCloseTo(0.25, within(1e-9));     // beats 0,1,3 have onsets of 4
        assertThat(n.scaleConsistency()).isEqualTo(1.0);
        assertThat(n.pitchClassEntropy()).isCloseTo(Math.log(3) / Math.log(2), within(1e-9));
        assertThat(a.time().numerator()).isEqualTo(3);
        assertThat(a.time().denominator()).isEqualTo(4);
        assertThat(a.time().durationBars()).isCloseTo(400 / 300.0, within(1e-9));
        assertThat(a.instruments().channels()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("Violin");
            assertThat(c.family()).isEqualTo("Strings");
            assertThat(c.noteCount()).isEqualTo(3);
        });
    }

    @Test
    void textIsDecodedLeniently() {
        TestMidi m = new TestMidi(96, 2);
        m.text(0, 0, 0x03, "Caf\u00e9 \u00fcber".getBytes(StandardCharsets.UTF_8));
        m.text(0, 0, 0x02, new byte[] {'(', 'c', ')', ' ', (byte) 0xE9, 't', (byte) 0xE9, 0x07}); // latin-1 + BEL
        m.text(1, 0, 0x03, new byte[] {'B', 'a', 's', 's', 0});
        m.text(1, 0, 0x04, "Fretless".getBytes(StandardCharsets.US_ASCII));
        m.text(1, 10, 0x06, "Verse".getBytes(StandardCharsets.US_ASCII));
        m.text(1, 10, 0x05, "la".getBytes(StandardCharsets.US_ASCII));
        m.text(1, 20, 0x05, "la".getBytes(StandardCharsets.US_ASCII));
        m.note(1, 0, 0, 96, 40, 90);
        byte[] b = m.bytes();
        Analysis.TextFacts t = analyzer.analyze(b, b.length).text();
        assertThat(t.trackNames()).containsExactly("Caf\u00e9 \u00fcber", "Bass");
        assertThat(t.copyright()).isEqualTo("(c) \u00e9t\u00e9");
        assertThat(t.instrumentNames()).containsExactly("Fretless");
        assertThat(t.markers()).containsExactly("Verse");
        assertThat(t.lyricCount()).isEqualTo(2);
    }

    @Test
    void fingerprintIgnoresChannelsTracksTempoAndResolution() {
        TestMidi a = new TestMidi(480, 2);
        a.tempo(0, 0, 90);
        a.text(0, 0, 0x03, "Song".getBytes(StandardCharsets.US_ASCII));
        a.note(0, 0, 480, 480, 60, 100).note(1, 1, 960, 240, 64, 90).note(1, 9, 480, 120, 36, 100);
        // same music: one track, other channels, PPQ 96, other tempo and velocities, a beat of leading silence less
        TestMidi b = new TestMidi(96, 1);
        b.tempo(0, 0, 140);
        b.note(0, 3, 0, 96, 60, 70).note(0, 2, 96, 48, 64, 70).note(0, 9, 0, 24, 36, 70);
        // different music: one pitch changed
        TestMidi c = new TestMidi(96, 1);
        c.note(0, 3, 0, 96, 60, 70).note(0, 2, 96, 48, 65, 70).note(0, 9, 0, 24, 36, 70);
        String fa = fp(a.bytes());
        assertThat(fa).hasSize(32).isEqualTo(fp(b.bytes()));
        assertThat(fp(c.bytes())).isNotEqualTo(fa);
    }

    /**
     * A big chord written in falling pitch order takes the fingerprint's whole-group sort (an insertion sort would
     * make this quadratic), and the fingerprint still ignores the order notes are written in within an onset.
     */
    @Test
    void fingerprintSortsALargeDisorderedChordWhole() {
        TestMidi falling = new TestMidi(96, 1);
        TestMidi rising = new TestMidi(96, 1);
        int notes = 20_000;
        for (int i = 0; i < notes; i++) {
            falling.note(0, i % 9, 0, 96 + i / 128, 127 - i % 128, 100);
        }
        // the same notes in rising order of pitch, then duration
        for (int key = 0; key < 128; key++) {
            for (int i = 127 - key; i < notes; i += 128) {
                rising.note(0, i % 9, 0, 96 + i / 128, key, 100);
            }
        }
        Analysis a = analyzer.analyze(falling.bytes(), falling.bytes().length);
        assertThat(a.notes().count()).isEqualTo(notes);
        assertThat(a.noteFingerprint()).hasSize(32).isEqualTo(fp(rising.bytes()));
    }

    private String fp(byte[] b) {
        return analyzer.analyze(b, b.length).noteFingerprint();
    }
}
