package io.midicrate.cli;

import static io.midicrate.cli.CurationCliTest.mistake;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/** 'play' as a user runs it on a library: WAV files by id, stored path and disk path, in another key; bad input. */
class PlayCommandTest extends JobTest {

    Path lib;
    List<Long> ids;

    @BeforeEach
    void library() throws Exception {
        lib = tmp.resolve("lib");
        for (int i = 0; i < 2; i++) {
            TestMidi.write(lib.resolve("a/f" + i + ".mid"), TestMidi.smf(i));
        }
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ids = jdbc.queryForList("SELECT id FROM content ORDER BY canonical_path", Long.class);
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forget() {
        CliRun.forgetTestDatabase();
        System.clearProperty(PlayCommand.SOUNDFONT_PROPERTY);
    }

    @Test
    void writesAWavThatSoundsByIdByPathAndInAnotherKey() throws Exception {
        Path wav = tmp.resolve("x.wav");
        CliRun run = CliRun.of("play", "" + ids.get(0), "--out", wav.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + wav + " (f0.mid: ");
        assertSoundingWav(wav);

        Path stored = tmp.resolve("stored.wav");
        assertThat(CliRun.of("play", lib.resolve("a/f1.mid").toString(), "--bpm", "90", "--drums", "mute",
                "--bars", "2", "--out", stored.toString()).code()).isZero();
        assertSoundingWav(stored);

        String key = jdbc.queryForObject("SELECT key_name FROM analysis WHERE content_id = ?", String.class, ids.get(0));
        int tonic = io.midicrate.analysis.Keys.tonic(io.midicrate.analysis.Keys.parse(key));
        boolean minor = io.midicrate.analysis.Keys.minor(io.midicrate.analysis.Keys.parse(key));
        String twoUp = io.midicrate.analysis.Keys.name(io.midicrate.analysis.Keys.index(tonic + 2, minor));
        Path moved = tmp.resolve("moved.wav");
        CliRun to = CliRun.of("play", "" + ids.get(0), "--to", twoUp, "--out", moved.toString());
        assertThat(to.code()).as(to.err()).isZero();
        assertThat(to.out()).contains(", +2 semitones");
        assertSoundingWav(moved);
    }

    @Test
    void aFileNotInTheLibraryPlaysFromDisk() throws Exception {
        Path loose = TestMidi.write(tmp.resolve("loose/new.mid"), TestMidi.smf(7));
        Path wav = tmp.resolve("loose.wav");
        CliRun run = CliRun.of("play", loose.toString(), "--transpose", "-3", "--out", wav.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("new.mid: ").contains(", -3 semitones");
        assertSoundingWav(wav);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        String id = "" + ids.get(0);
        Path wav = tmp.resolve("bad.wav");
        assertThat(mistake("play", id, "--to", "H major", "--out", wav.toString()).err()).contains("not a key");
        assertThat(mistake("play", id, "--bpm", "0", "--out", wav.toString()).err()).contains("999 BPM");
        assertThat(mistake("play", id, "--bpm", "1000", "--out", wav.toString()).err()).contains("999 BPM");
        assertThat(mistake("play", id, "--drums", "loud", "--out", wav.toString()).err()).contains("mute or only");
        assertThat(mistake("play", id, "--transpose", "2", "--to", "C", "--out", wav.toString()).err())
                .contains("not both");
        assertThat(mistake("play", "999999", "--out", wav.toString()).err()).contains("no file 999999");
        Path junk = Files.writeString(tmp.resolve("junk.mid"), "MThd but not really");
        assertThat(mistake("play", junk.toString(), "--out", wav.toString()).err()).contains("cannot play");
        System.setProperty(PlayCommand.SOUNDFONT_PROPERTY, tmp.resolve("none.sf2").toString());
        assertThat(mistake("play", id, "--out", wav.toString()).err()).contains("no SoundFont at");
        Path notOne = Files.writeString(tmp.resolve("text.sf2"), "hello");
        System.setProperty(PlayCommand.SOUNDFONT_PROPERTY, notOne.toString());
        assertThat(mistake("play", id, "--out", wav.toString()).err()).contains("is not a SoundFont");
        assertThat(wav).doesNotExist();
    }

    /** A RIFF/WAVE file of 44.1 kHz 16-bit stereo PCM with some sample well above silence. */
    static void assertSoundingWav(Path wav) throws Exception {
        byte[] b = Files.readAllBytes(wav);
        assertThat(new String(b, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(b, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        javax.sound.sampled.AudioFormat format = javax.sound.sampled.AudioSystem.getAudioFileFormat(wav.toFile())
                .getFormat();
        assertThat(format.getSampleRate()).isEqualTo(44_100f);
        assertThat(format.getSampleSizeInBits()).isEqualTo(16);
        assertThat(format.getChannels()).isEqualTo(2);
        int peak = 0;
        for (int i = 44; i + 1 < b.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((b[i] & 0xFF) | (b[i + 1] << 8))));
        }
        assertThat(peak).isGreaterThan(1000);
    }
}
