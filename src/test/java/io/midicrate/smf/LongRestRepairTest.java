package io.midicrate.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.midicrate.corpus.Corpus;

/**
 * A repaired track (here: a few data bytes out of range, as badly written files have) is read again carefully, and a
 * long rest in it is music, not garbage: Planet Blupi's game music rests for more than four bars before running-status
 * notes again, and every one of those notes must still be read, exactly as a strict reader (mido, clipping the bad
 * bytes) counts them.
 */
class LongRestRepairTest {

    private final SmfParser parser = new SmfParser();

    @Test
    void outOfRangeDataBytesCostNoNoteAfterALongRest() throws Exception {
        for (String name : List.of("music000.mid", "music001.mid", "music002.mid", "music003.mid")) {
            byte[] original = Files.readAllBytes(Corpus.dir().resolve("real/planetblupi-music-midi").resolve(name));
            MidiFile clean = parser.parse(original, original.length);
            byte[] damaged = original.clone();
            List<Integer> velocities = noteOnVelocities(damaged);
            assertThat(velocities).as(name).hasSizeGreaterThan(30);
            // three velocities over 127, spread over the file: each repairs its track
            for (int i = 0; i < 3; i++) {
                damaged[velocities.get(velocities.size() * i / 3 + 1)] = (byte) 0xA0;
            }
            MidiFile repaired = parser.parse(damaged, damaged.length);
            assertThat(repaired.hasWarning(SmfWarning.DATA_BYTE_OUT_OF_RANGE)).as(name).isTrue();
            assertThat(repaired.notes().count()).as(name + ": notes after the long rests").isEqualTo(clean.notes().count());
            assertThat(repaired.durationSeconds()).as(name).isCloseTo(clean.durationSeconds(),
                    org.assertj.core.api.Assertions.within(1e-6));
            assertThat(repaired.hasWarning(SmfWarning.IMPLAUSIBLE_DELTA)).as(name + ": no rest taken for garbage").isFalse();
        }
    }

    @Test
    void inATrackOutOfStepALongRestIsKeptWhenEventsResumeOnTheGrid() {
        // a stray data byte with no status (the track is out of step: read again carefully), a note, then an 8-bar
        // rest ending on the beat, and notes in running status after it
        byte[] track = {0x00, 0x3C, 0x00, (byte) 0x90, 0x3C, 0x64, 0x60, 0x3C, 0x00,
                (byte) 0x98, 0x00, 0x3E, 0x64, 0x60, 0x3E, 0x00, 0x00, 0x40, 0x64, 0x60, 0x40, 0x00,
                0x00, (byte) 0xFF, 0x2F, 0x00};
        byte[] file = smf(track);
        MidiFile f = parser.parse(file, file.length);
        assertThat(f.hasWarning(SmfWarning.RUNNING_STATUS_WITHOUT_STATUS)).isTrue();
        assertThat(f.notes().count()).as("the notes after the rest").isEqualTo(3);
        assertThat(f.hasWarning(SmfWarning.IMPLAUSIBLE_DELTA)).isFalse();
        // the same rest a tick off the grid, in a track out of step, is taken for garbage (and costs its notes)
        track[9] = (byte) 0x98;
        track[10] = 0x01;
        byte[] offGrid = smf(track);
        assertThat(parser.parse(offGrid, offGrid.length).hasWarning(SmfWarning.IMPLAUSIBLE_DELTA)).isTrue();
    }

    @Test
    void aLongDeltaFollowedByNoEventStreamIsStillGarbage() {
        // one track: a note, a bad data byte (a repair), a 30-bar "delta" and bytes that are no events
        byte[] track = {0x00, (byte) 0x90, 0x3C, (byte) 0xA0, 0x60, (byte) 0x80, 0x3C, 0x40,
                (byte) 0x81, (byte) 0x8E, 0x00, 0x05, 0x06, 0x07, 0x08, (byte) 0xF9, 0x01, 0x02,
                0x00, (byte) 0xFF, 0x2F, 0x00};
        byte[] file = smf(track);
        MidiFile f = parser.parse(file, file.length);
        assertThat(f.hasWarning(SmfWarning.IMPLAUSIBLE_DELTA)).isTrue();
        assertThat(f.durationSeconds()).as("the garbage is not 30 bars of silence").isLessThan(2.0);
    }

    /** Offsets of the velocity byte of every note-on with a velocity above zero. */
    static List<Integer> noteOnVelocities(byte[] b) {
        List<Integer> found = new ArrayList<>();
        int i = 14;
        while (i + 8 <= b.length) {
            int length = ((b[i + 4] & 0xFF) << 24) | ((b[i + 5] & 0xFF) << 16) | ((b[i + 6] & 0xFF) << 8) | (b[i + 7] & 0xFF);
            int start = i + 8;
            int end = Math.min(start + length, b.length);
            boolean track = b[i] == 'M' && b[i + 1] == 'T' && b[i + 2] == 'r' && b[i + 3] == 'k';
            i = end;
            if (!track) {
                continue;
            }
            int p = start;
            int running = 0;
            while (p < end) {
                while (b[p] < 0) {
                    p++; // delta bytes
                }
                p++;
                int status = b[p] < 0 ? b[p++] & 0xFF : running;
                if (status < 0xF0) {
                    running = status;
                    int need = (status & 0xE0) == 0xC0 ? 1 : 2;
                    if ((status & 0xF0) == 0x90 && b[p + 1] > 0) {
                        found.add(p + 1);
                    }
                    p += need;
                } else {
                    if (status == 0xFF) {
                        p++;
                    }
                    int len = 0;
                    int c;
                    do {
                        c = b[p++];
                        len = (len << 7) | (c & 0x7F);
                    } while (c < 0);
                    p += len;
                    if (status == 0xFF && b[p - len - 2] == 0x2F) {
                        break;
                    }
                }
            }
        }
        return found;
    }

    static byte[] smf(byte[] track) {
        byte[] file = new byte[14 + 8 + track.length];
        byte[] head = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 'M', 'T', 'r', 'k',
                0, 0, (byte) (track.length >> 8), (byte) track.length};
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(track, 0, file, head.length, track.length);
        return file;
    }
}
