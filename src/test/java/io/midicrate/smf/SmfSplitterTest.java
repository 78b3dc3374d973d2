package io.midicrate.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.midicrate.corpus.Corpus;

/**
 * Split parts, read back by our own parser, hold exactly the original's notes at exactly the original's seconds
 * (the system we replace moved notes when it split), and each part is a clean SMF.
 */
class SmfSplitterTest {

    private final SmfParser parser = new SmfParser();
    private final SmfSplitter splitter = new SmfSplitter();

    /** Repairs a part may inherit from its source; any other warning means the splitter wrote something broken. */
    private static final Set<SmfWarning> INHERITED = EnumSet.of(SmfWarning.UNTERMINATED_NOTES, SmfWarning.DATA_BYTE_OUT_OF_RANGE);

    @Test
    void corpusPartsHoldTheOriginalNotesAtTheOriginalSeconds() {
        int split = 0;
        int refused = 0;
        List<String> problems = new ArrayList<>();
        for (Corpus.Entry e : Corpus.entries()) {
            MidiFile original = parser.parse(e.bytes(), e.bytes().length);
            for (SmfSplitter.By by : SmfSplitter.By.values()) {
                List<SmfSplitter.Part> parts;
                try {
                    parts = splitter.split(e.bytes(), e.bytes().length, by);
                } catch (SmfSplitter.CannotSplit refusal) {
                    refused++;
                    assertThat(original.warnings()).as(e.path() + " was refused but parses without a repair: " + refusal.getMessage())
                            .isNotEmpty();
                    continue;
                }
                split++;
                List<String> fromParts = new ArrayList<>();
                for (SmfSplitter.Part part : parts) {
                    MidiFile p = parser.parse(part.bytes(), part.bytes().length);
                    for (ParseWarning w : p.warnings()) {
                        if (!INHERITED.contains(w.kind()) || !original.hasWarning(w.kind())) {
                            problems.add(e.path() + " " + by + " part " + part.label() + ": " + w);
                        }
                    }
                    if (p.durationSeconds() != original.durationSeconds()) {
                        problems.add(e.path() + " " + by + " part " + part.label() + " lasts " + p.durationSeconds()
                                + " s, the original " + original.durationSeconds());
                    }
                    assertThat(p.notes().count()).as("a part holds notes").isPositive();
                    fromParts.addAll(notes(p));
                }
                List<String> expected = notes(original);
                Collections.sort(fromParts);
                Collections.sort(expected);
                if (!fromParts.equals(expected)) {
                    problems.add(e.path() + " " + by + ": " + fromParts.size() + " notes in the parts, " + expected.size()
                            + " in the original, or at other times");
                }
            }
        }
        assertThat(problems).isEmpty();
        // the corpus is real-world files; nearly all are clean enough to split
        assertThat(split).isGreaterThan(2 * 140);
        assertThat(refused + split).isEqualTo(2 * 158);
    }

    @Test
    void tempoInALaterTrackAndDrumsSharingATrackKeepTheirTimes() {
        // track 0: a name only; track 1: piano + drums on one track, tempo change mid-way; track 2: bass
        SmfWriter w = new SmfWriter(96);
        byte[] name = "Band".getBytes();
        w.track().meta(0, 0x03, name, 0, name.length).close(0);
        SmfWriter.Track t1 = w.track();
        byte[] slow = {0x0F, 0x42, 0x40}; // 60 BPM
        byte[] meter = {3, 2, 24, 8};
        t1.meta(0, 0x58, meter, 0, 4);
        t1.channelEvent(0, 0x90, new byte[] {60, 100}, 0, 2).channelEvent(0, 0x99, new byte[] {36, 90}, 0, 2);
        t1.channelEvent(96, 0x80, new byte[] {60, 0}, 0, 2).channelEvent(96, 0x89, new byte[] {36, 0}, 0, 2);
        t1.meta(192, 0x51, slow, 0, 3);
        t1.channelEvent(288, 0x90, new byte[] {64, 100}, 0, 2).channelEvent(384, 0x90, new byte[] {64, 0}, 0, 2);
        t1.channelEvent(400, 0x99, new byte[] {38, 90}, 0, 2); // unterminated: ends with its track at 500
        t1.close(500);
        SmfWriter.Track t2 = w.track();
        t2.channelEvent(0, 0xC1, new byte[] {33}, 0, 1);
        t2.channelEvent(200, 0x91, new byte[] {40, 80}, 0, 2).channelEvent(300, 0x81, new byte[] {40, 0}, 0, 2);
        t2.close(300);
        byte[] file = w.toBytes();
        MidiFile original = parser.parse(file, file.length);
        assertThat(original.tempoMap().declaredCount()).isEqualTo(1);

        List<SmfSplitter.Part> byTrack = splitter.split(file, file.length, SmfSplitter.By.TRACKS);
        assertThat(byTrack).extracting(SmfSplitter.Part::label).containsExactly("track2", "track2-drums", "track3");
        List<SmfSplitter.Part> byChannel = splitter.split(file, file.length, SmfSplitter.By.CHANNELS);
        assertThat(byChannel).extracting(SmfSplitter.Part::label).containsExactly("ch01", "ch02", "drums");
        for (List<SmfSplitter.Part> parts : List.of(byTrack, byChannel)) {
            List<String> all = new ArrayList<>();
            for (SmfSplitter.Part part : parts) {
                MidiFile p = parser.parse(part.bytes(), part.bytes().length);
                assertThat(p.timeSignatures()).extracting(TimeSignature::label).containsExactly("3/4");
                assertThat(p.tempoMap().declaredCount()).isEqualTo(1);
                all.addAll(notes(p));
            }
            Collections.sort(all);
            List<String> expected = notes(original);
            Collections.sort(expected);
            assertThat(all).isEqualTo(expected);
        }
        // the E after the tempo change starts at 1 s (192 ticks at 120 BPM, 96 per quarter) + 1 s (96 ticks at 60)
        MidiFile piano = parser.parse(byTrack.get(0).bytes(), byTrack.get(0).bytes().length);
        assertThat(piano.notes().startSeconds()[1]).isEqualTo(2.0);
        MidiFile drums = parser.parse(byTrack.get(1).bytes(), byTrack.get(1).bytes().length);
        assertThat(drums.notes().endTick()[1]).as("an unterminated note still ends with its track").isEqualTo(500);
    }

    @Test
    void aGapWiderThanADeltaIsBridged() {
        SmfWriter w = new SmfWriter(480);
        long far = SmfWriter.MAX_DELTA * 2 + 5;
        w.track().channelEvent(0, 0x90, new byte[] {60, 1}, 0, 2).channelEvent(far, 0x80, new byte[] {60, 0}, 0, 2).close(far);
        byte[] file = w.toBytes();
        // Decoded by hand: such a gap (over 3,600 quarter notes at any division) is one our lenient parser now takes
        // for garbage (IMPLAUSIBLE_DELTA), but the file must still say it exactly, bridged by empty text events.
        int at = 14 + 8; // MThd chunk, then the MTrk header
        long tick = 0;
        int bridges = 0;
        while (true) {
            long delta = 0;
            int b;
            do {
                b = file[at++] & 0xFF;
                delta = (delta << 7) | (b & 0x7F);
            } while ((b & 0x80) != 0);
            tick += delta;
            int status = file[at] & 0xFF;
            if (status == 0xFF && (file[at + 1] & 0xFF) == 0x01) {
                assertThat(file[at + 2]).as("an empty text event").isZero();
                bridges++;
                at += 3;
            } else if (status == 0x80) {
                break;
            } else {
                at += 3; // the note-on
            }
        }
        assertThat(tick).isEqualTo(far);
        assertThat(bridges).isEqualTo(2);
        assertThat(parser.parse(file, file.length).warnings())
                .extracting(w2 -> w2.kind().name()).contains("IMPLAUSIBLE_DELTA");
    }

    @Test
    void aFileThatNeedsARepairIsRefusedNotGuessed() {
        byte[] file = new SmfWriter(96).toBytes();
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        SmfWriter w = new SmfWriter(96);
        w.track().channelEvent(0, 0x90, new byte[] {60, 100}, 0, 2).channelEvent(96, 0x80, new byte[] {60, 0}, 0, 2).close(96);
        byte[] whole = w.toBytes();
        cut.write(whole, 0, whole.length - 3); // the end-of-track and the chunk cut short
        byte[] truncated = cut.toByteArray();
        assertThat(parser.parse(truncated, truncated.length).hasWarning(SmfWarning.TRUNCATED)).isTrue();
        assertThatThrownBy(() -> splitter.split(truncated, truncated.length, SmfSplitter.By.TRACKS))
                .isInstanceOf(SmfSplitter.CannotSplit.class).hasMessageContaining("past the end");
        assertThatThrownBy(() -> splitter.split(file, file.length, SmfSplitter.By.TRACKS))
                .isInstanceOf(SmfException.class).hasMessageContaining("no MTrk");
    }

    /** Every note as text: ticks, exact seconds (as their bits), key, velocity, channel. */
    private static List<String> notes(MidiFile f) {
        NoteTable n = f.notes();
        List<String> out = new ArrayList<>(n.count());
        for (int i = 0; i < n.count(); i++) {
            out.add(n.startTick()[i] + " " + n.endTick()[i] + " " + Double.doubleToLongBits(n.startSeconds()[i]) + " "
                    + Double.doubleToLongBits(n.endSeconds()[i]) + " " + n.key(i) + " " + n.velocity(i) + " " + n.channel(i));
        }
        return out;
    }
}
