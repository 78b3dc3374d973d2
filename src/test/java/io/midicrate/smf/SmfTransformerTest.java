package io.midicrate.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.midicrate.corpus.TestMidi;

/** The transformer moves pitched notes and the tempo and leaves every other byte as it was. */
class SmfTransformerTest {

    /** A minor (key signature 0, minor), 100 BPM then 150 from bar 2, piano notes, a drum beat, a name and a program. */
    static byte[] file() {
        return new TestMidi(480, 2).tempo(0, 0, 100).tempo(0, 1920, 150).keySignature(0, 0, 0, true)
                .timeSignature(0, 0, 4, 2).text(1, 0, 0x03, "Keys".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .program(1, 0, 0, 4).note(1, 0, 0, 480, 57, 90).note(1, 0, 480, 480, 60, 90).note(1, 0, 1920, 960, 64, 90)
                .note(1, 9, 0, 120, 36, 100).note(1, 9, 960, 120, 38, 100).note(1, 0, 2880, 240, 126, 80).bytes();
    }

    static MidiFile parse(byte[] bytes) {
        return new SmfParser().parse(bytes, bytes.length);
    }

    /** The offsets where two arrays of one length differ. */
    static List<Integer> differences(byte[] a, byte[] b) {
        assertThat(b).hasSameSizeAs(a);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void pitchedNotesMoveDrumsStayAndOnlyNoteAndKeyBytesChange() {
        byte[] in = file();
        byte[] out = SmfTransformer.transform(in, in.length, 3, null);
        MidiFile before = parse(in);
        MidiFile after = parse(out);
        assertThat(after.notes().count()).isEqualTo(before.notes().count());
        for (int i = 0; i < before.notes().count(); i++) {
            int expected = before.notes().isDrum(i) ? before.notes().key(i)
                    : before.notes().key(i) == 126 ? 117 : before.notes().key(i) + 3; // 129 folds an octave down
            assertThat(after.notes().key(i)).as("note " + i).isEqualTo(expected);
            assertThat(after.notes().startTick()[i]).isEqualTo(before.notes().startTick()[i]);
            assertThat(after.notes().channel(i)).isEqualTo(before.notes().channel(i));
        }
        // 4 pitched notes (on and off: 8 bytes) and the key signature's sharps (A minor, 0, to C minor, -3)
        List<Integer> changed = differences(in, out);
        assertThat(changed).hasSize(9);
        assertThat(after.keySignatures().get(0).sharps()).isEqualTo(-3);
        assertThat(after.keySignatures().get(0).minor()).isTrue();
    }

    @Test
    void theTempoMapIsScaledToTheTargetKeepingItsShape() {
        byte[] in = file();
        byte[] out = SmfTransformer.transform(in, in.length, 0, 120.0);
        TempoMap map = parse(out).tempoMap();
        assertThat(map.segmentBpm(0)).isCloseTo(120, within(0.01));
        assertThat(map.segmentBpm(1)).isCloseTo(180, within(0.01)); // 150 / 100 * 120
        assertThat(map.segmentTick(1)).isEqualTo(1920);
        assertThat(differences(in, out)).hasSizeLessThanOrEqualTo(6).allSatisfy(i -> assertThat(i).isGreaterThan(14));
    }

    @Test
    void aFileWithoutATempoGetsOneAtTheStartAndItsNotesKeepTheirTicks() {
        byte[] in = new TestMidi(96, 1).note(0, 0, 0, 96, 60, 100).note(0, 0, 192, 96, 64, 100).bytes();
        byte[] out = SmfTransformer.transform(in, in.length, 0, 90.0);
        MidiFile after = parse(out);
        assertThat(after.tempoMap().segmentBpm(0)).isCloseTo(90, within(0.01));
        assertThat(after.notes().startTick()).isEqualTo(parse(in).notes().startTick());
        assertThat(out.length).isEqualTo(in.length + 7);
        assertThat(Arrays.copyOfRange(out, 0, 14)).isEqualTo(Arrays.copyOfRange(in, 0, 14));
    }

    @Test
    void runningStatusIsKeptAndItsNotesMove() {
        byte[] in = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 'M', 'T', 'r', 'k', 0, 0, 0, 16,
            0, (byte) 0x90, 60, 100, 96, 60, 0, 0, 64, 100, 96, 64, 0, 0, (byte) 0xFF, 0x2F, 0};
        fixLength(in);
        byte[] out = SmfTransformer.transform(in, in.length, -2, null);
        assertThat(differences(in, out)).containsExactly(24, 27, 30, 33);
        assertThat(out[24]).isEqualTo((byte) 58);
        assertThat(out[30]).isEqualTo((byte) 62);
    }

    private static void fixLength(byte[] smf) {
        smf[21] = (byte) (smf.length - 22);
    }

    @Test
    void transformingAgainToTheSameTargetChangesNothing() {
        byte[] in = file();
        assertThat(SmfTransformer.transform(in, in.length, 0, null)).isEqualTo(in);
        byte[] once = SmfTransformer.transform(in, in.length, 5, 92.0);
        assertThat(SmfTransformer.transform(once, once.length, 0, 92.0)).isEqualTo(once);
        byte[] bare = new TestMidi(96, 1).note(0, 0, 0, 96, 60, 100).bytes();
        byte[] timed = SmfTransformer.transform(bare, bare.length, 0, 140.0);
        assertThat(SmfTransformer.transform(timed, timed.length, 0, 140.0)).isEqualTo(timed);
    }

    @Test
    void aFileThatNeedsARepairIsRefused() {
        byte[] in = file();
        byte[] cut = Arrays.copyOf(in, in.length - 5); // the last chunk runs past the end
        assertThatThrownBy(() -> SmfTransformer.transform(cut, cut.length, 2, null))
                .isInstanceOf(SmfSplitter.CannotSplit.class).hasMessageContaining("needs a repair");
    }
}
