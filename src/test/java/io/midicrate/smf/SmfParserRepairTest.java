package io.midicrate.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midicrate.corpus.Corpus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each known corruption, made from a real corpus file, recovers the notes before the damage and reports its warning. */
class SmfParserRepairTest {

    private static final String MULTI_TRACK = "real/faust-common/what-a-friend/what_a_friend.mid"; // format 1, 4 tracks
    private static final String SINGLE_TRACK = "real/freedink-data/dance.mid"; // format 0

    private final SmfParser parser = new SmfParser();

    static byte[] corpusFile(String path) {
        return Corpus.entries().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow().bytes().clone();
    }

    /** Start offsets of each MTrk chunk header. */
    static List<Integer> trackOffsets(byte[] b) {
        List<Integer> out = new ArrayList<>();
        int pos = 14;
        while (pos + 8 <= b.length) {
            out.add(pos);
            pos += 8 + (int) SmfHeader.u32(b, pos + 4);
        }
        return out;
    }

    static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Notes as comparable values: start tick, key, channel, end tick. */
    static List<String> notes(MidiFile f, int fromTrack, int toTrack) {
        NoteTable n = f.notes();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.count(); i++) {
            if (n.track()[i] >= fromTrack && n.track()[i] < toTrack) {
                out.add(n.startTick()[i] + "/" + n.key(i) + "/" + n.channel(i) + "/" + n.endTick()[i]);
            }
        }
        out.sort(null);
        return out;
    }

    private MidiFile parse(byte[] b) {
        return parser.parse(b, b.length);
    }

    @Test
    void cleanFilesHaveNoWarnings() {
        assertThat(parse(corpusFile(MULTI_TRACK)).warnings()).isEmpty();
        assertThat(parse(corpusFile(SINGLE_TRACK)).warnings()).isEmpty();
    }

    @Test
    void truncatedFileKeepsTheEventsBeforeTheCut() {
        byte[] full = corpusFile(MULTI_TRACK);
        MidiFile original = parse(full);
        List<Integer> tracks = trackOffsets(full);
        int last = tracks.size() - 1;
        int lastStart = tracks.get(last);
        int lastLen = (int) SmfHeader.u32(full, lastStart + 4);
        byte[] cut = Arrays.copyOf(full, lastStart + 8 + lastLen / 2);
        MidiFile f = parse(cut);
        assertThat(f.warnings()).extracting(ParseWarning::kind).contains(SmfWarning.TRUNCATED);
        assertThat(notes(f, 0, last)).isEqualTo(notes(original, 0, last));
        // the cut track keeps its notes up to the cut (their ends may be closed at the cut)
        List<String> cutTrack = starts(f, last);
        assertThat(cutTrack).isNotEmpty();
        assertThat(starts(original, last)).containsAll(cutTrack);
        assertThat(f.notes().count()).isLessThan(original.notes().count());
    }

    private static List<String> starts(MidiFile f, int track) {
        return notes(f, track, track + 1).stream().map(s -> s.substring(0, s.lastIndexOf('/'))).toList();
    }

    @Test
    void trackLengthTooLargeResyncsOnTheNextTrack() {
        byte[] b = corpusFile(MULTI_TRACK);
        MidiFile original = parse(b);
        int t1 = trackOffsets(b).get(1);
        putU32(b, t1 + 4, SmfHeader.u32(b, t1 + 4) + 777);
        MidiFile f = parse(b);
        assertThat(f.warnings()).extracting(ParseWarning::kind).contains(SmfWarning.TRACK_LENGTH_TOO_LARGE);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(original, 0, 99));
    }

    @Test
    void trackLengthTooSmallReadsOnToTheEndOfTrack() {
        byte[] b = corpusFile(MULTI_TRACK);
        MidiFile original = parse(b);
        int t1 = trackOffsets(b).get(1);
        putU32(b, t1 + 4, SmfHeader.u32(b, t1 + 4) / 3);
        MidiFile f = parse(b);
        assertThat(f.warnings()).extracting(ParseWarning::kind).contains(SmfWarning.TRACK_LENGTH_TOO_SMALL);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(original, 0, 99));
    }

    @Test
    void missingEndOfTrackIsRepaired() {
        byte[] b = corpusFile(MULTI_TRACK);
        MidiFile original = parse(b);
        List<Integer> tracks = trackOffsets(b);
        int t1 = tracks.get(1);
        int end = tracks.get(2);
        assertThat(Arrays.copyOfRange(b, end - 3, end)).containsExactly(0xFF, 0x2F, 0x00);
        // drop FF 2F 00 (the delta before it stays, as a dangling byte) and shorten the chunk
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, end - 3);
        out.write(b, end, b.length - end);
        byte[] damaged = out.toByteArray();
        putU32(damaged, t1 + 4, SmfHeader.u32(b, t1 + 4) - 3);
        MidiFile f = parse(damaged);
        assertThat(f.warnings()).extracting(ParseWarning::kind).contains(SmfWarning.MISSING_END_OF_TRACK);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(original, 0, 99));
        assertThat(f.tracks().get(1).endOfTrack()).isFalse();
    }

    @Test
    void trailingGarbageIsIgnored() {
        byte[] b = corpusFile(SINGLE_TRACK);
        MidiFile original = parse(b);
        byte[] junk = new byte[300];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 37 + 11);
        }
        byte[] damaged = concat(b, junk);
        MidiFile f = parse(damaged);
        assertThat(f.warnings()).extracting(ParseWarning::kind).containsExactly(SmfWarning.TRAILING_GARBAGE);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(original, 0, 99));
        // zero padding is the commonest form
        assertThat(parse(concat(b, new byte[5])).warnings()).extracting(ParseWarning::kind).containsExactly(SmfWarning.TRAILING_GARBAGE);
    }

    @Test
    void runningStatusWithoutStatusSkipsToTheNextStatus() {
        byte[] b = corpusFile(SINGLE_TRACK);
        MidiFile original = parse(b);
        int t0 = trackOffsets(b).get(0);
        assertThat(b[t0 + 8]).as("first delta is 0").isEqualTo((byte) 0);
        // insert a delta and two data bytes with no status before the first event
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, t0 + 8);
        out.write(new byte[] {0, 0x40, 0x40}, 0, 3);
        out.write(b, t0 + 8, b.length - t0 - 8);
        byte[] damaged = out.toByteArray();
        putU32(damaged, t0 + 4, SmfHeader.u32(b, t0 + 4) + 3);
        MidiFile f = parse(damaged);
        assertThat(f.warnings()).extracting(ParseWarning::kind).contains(SmfWarning.RUNNING_STATUS_WITHOUT_STATUS);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(original, 0, 99));
    }

    @Test
    void dataBytesAbove127AreClipped() {
        byte[] b = corpusFile(SINGLE_TRACK);
        MidiFile original = parse(b);
        int at = firstNoteOn(b);
        b[at + 2] = (byte) 0xCC;
        MidiFile f = parse(b);
        assertThat(f.warnings()).extracting(ParseWarning::kind).containsExactly(SmfWarning.DATA_BYTE_OUT_OF_RANGE);
        assertThat(f.notes().count()).isEqualTo(original.notes().count());
        assertThat(java.util.stream.IntStream.range(0, f.notes().count()).map(f.notes()::velocity)).contains(127);
    }

    /** Offset of the first explicit note-on status byte with velocity > 0. */
    static int firstNoteOn(byte[] b) {
        for (int i = 22; i + 2 < b.length; i++) {
            if ((b[i] & 0xF0) == 0x90 && b[i + 1] >= 0 && b[i + 2] > 0 && b[i - 1] >= 0) {
                return i;
            }
        }
        throw new AssertionError("no note-on");
    }

    @Test
    void headerTrackCountMismatchReadsAllChunks() {
        byte[] b = corpusFile(MULTI_TRACK);
        MidiFile original = parse(b);
        b[11] = (byte) (b[11] + 2);
        MidiFile f = parse(b);
        assertThat(f.warnings()).extracting(ParseWarning::kind).containsExactly(SmfWarning.TRACK_COUNT_MISMATCH);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(original, 0, 99));
        b[11] = (byte) (b[11] - 3);
        assertThat(notes(parse(b), 0, 99)).isEqualTo(notes(original, 0, 99));
    }

    @Test
    void twoConcatenatedFilesYieldTheFirst() {
        byte[] a = corpusFile(MULTI_TRACK);
        byte[] b = corpusFile(SINGLE_TRACK);
        MidiFile f = parse(concat(a, b));
        assertThat(f.warnings()).extracting(ParseWarning::kind).containsExactly(SmfWarning.CONCATENATED_SMF);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(parse(a), 0, 99));
    }

    @Test
    void unknownChunksAreSkipped() {
        byte[] b = corpusFile(MULTI_TRACK);
        byte[] chunk = concat("XFIH".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 0, 0, 4, 1, 2, 3, 4});
        byte[] damaged = concat(concat(Arrays.copyOf(b, 14), chunk), Arrays.copyOfRange(b, 14, b.length));
        MidiFile f = parse(damaged);
        assertThat(f.warnings()).extracting(ParseWarning::kind).containsExactly(SmfWarning.UNKNOWN_CHUNK);
        assertThat(notes(f, 0, 99)).isEqualTo(notes(parse(b), 0, 99));
    }

    @Test
    void rmidWrapperIsUnwrapped() {
        byte[] smf = corpusFile(SINGLE_TRACK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(4 + 8 + smf.length + (smf.length & 1)));
        out.writeBytes("RMIDdata".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(smf.length));
        out.writeBytes(smf);
        if ((smf.length & 1) == 1) {
            out.write(0);
        }
        byte[] rmid = out.toByteArray();
        MidiFile f = parse(rmid);
        assertThat(f.rmid()).isTrue();
        assertThat(f.warnings()).isEmpty();
        assertThat(notes(f, 0, 99)).isEqualTo(notes(parse(smf), 0, 99));
    }

    @Test
    void smpteDivisionCountsAbsoluteTime() {
        byte[] b = corpusFile(SINGLE_TRACK);
        b[12] = (byte) 0xE7; // -25 fps
        b[13] = 40;          // 40 ticks per frame: 1000 ticks per second
        MidiFile f = parse(b);
        assertThat(f.smpte()).isTrue();
        assertThat(f.durationSeconds()).isCloseTo(f.lengthTicks() / 1000.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.notes().startSeconds()[f.notes().count() - 1]).isCloseTo(f.notes().startTick()[f.notes().count() - 1] / 1000.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void eventCapStopsReadingAndKeepsWhatCameBefore() {
        byte[] b = corpusFile(MULTI_TRACK);
        SmfParser capped = new SmfParser(new SmfParser.Limits(100, 100, 10, 10, 1 << 20));
        MidiFile f = capped.parse(b, b.length);
        assertThat(f.eventCount()).isEqualTo(100);
        assertThat(f.warnings()).extracting(ParseWarning::kind).contains(SmfWarning.EVENT_LIMIT_REACHED);
        assertThat(f.notes().count()).isPositive().isLessThan(100);
    }

    @Test
    void rejectsGiveTheirFamily() {
        assertFamily(new byte[0], SmfErrorFamily.EMPTY);
        assertFamily("<html><body>not found</body></html>".getBytes(StandardCharsets.US_ASCII), SmfErrorFamily.NOT_MIDI);
        assertFamily(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0}, SmfErrorFamily.HEADER_TRUNCATED);
        byte[] headerOnly = Arrays.copyOf(corpusFile(SINGLE_TRACK), 14);
        assertFamily(headerOnly, SmfErrorFamily.NO_TRACKS);
        assertFamily(concat(headerOnly, new byte[] {'M', 'T', 'r', 'k', 0, 0, 0, 0}), SmfErrorFamily.NO_TRACKS);
        assertFamily(concat(headerOnly, new byte[64]), SmfErrorFamily.NO_TRACKS);
        byte[] big = corpusFile(MULTI_TRACK);
        SmfParser small = new SmfParser(new SmfParser.Limits(1000, 10, 10, 10, 1000));
        assertThatThrownBy(() -> small.parse(big, big.length)).isInstanceOfSatisfying(SmfException.class,
                e -> assertThat(e.family()).isEqualTo(SmfErrorFamily.TOO_LARGE));
    }

    private void assertFamily(byte[] b, SmfErrorFamily family) {
        assertThatThrownBy(() -> parse(b)).isInstanceOfSatisfying(SmfException.class, e -> {
            assertThat(e.family()).isEqualTo(family);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
