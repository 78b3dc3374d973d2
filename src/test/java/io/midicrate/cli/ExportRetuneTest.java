package io.midicrate.cli;

import static io.midicrate.cli.CurationCliTest.mistake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

import io.midicrate.analysis.Analysis;
import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.corpus.TestMidi;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfParser;
import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;

/** export --transpose-to/--tempo: the files come out in the song's key and tempo, named so, drums untouched, once. */
class ExportRetuneTest extends JobTest {

    Path lib;

    @BeforeEach
    void library() throws Exception {
        lib = tmp.resolve("lib");
        Files.createDirectories(lib);
        Files.write(lib.resolve("a minor loop.mid"), inKey(9, true, 100));
        Files.write(lib.resolve("c major keys.mid"), inKey(0, false, 120));
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forget() {
        CliRun.forgetTestDatabase();
    }

    /** Its key signature, scale runs and tonic triads on channel 1, a beat on channel 10, at a tempo. */
    static byte[] inKey(int tonic, boolean minor, double bpm) {
        int[] majorSharps = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};
        TestMidi m = new TestMidi(480, 1).tempo(0, 0, bpm).timeSignature(0, 0, 4, 2)
                .keySignature(0, 0, majorSharps[(tonic + (minor ? 3 : 0)) % 12], minor);
        int[] scale = minor ? new int[] {0, 2, 3, 5, 7, 8, 10, 12} : new int[] {0, 2, 4, 5, 7, 9, 11, 12};
        int root = 48 + tonic;
        for (int bar = 0; bar < 4; bar += 2) {
            for (int i = 0; i < 8; i++) {
                m.note(0, 0, bar * 1920L + i * 240, 240, root + scale[i], 90);
            }
            long chord = (bar + 1) * 1920L;
            m.note(0, 0, chord, 1920, root, 80).note(0, 0, chord, 1920, root + scale[2], 80).note(0, 0, chord, 1920, root + 7, 80);
        }
        for (int beat = 0; beat < 16; beat++) {
            m.note(0, 9, beat * 480L, 120, beat % 2 == 0 ? 36 : 38, 100);
        }
        return m.bytes();
    }

    /** {@code export --to OUT OPTIONS...}, which must succeed. */
    static CliRun exported(Path out, String... options) {
        List<String> args = new ArrayList<>(List.of("export", "--to", out.toString(), "--no-progress"));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }

    static Analysis analysed(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return new MidiAnalyzer().analyze(bytes, bytes.length);
    }

    @Test
    void filesComeOutInTheTargetKeyAndTempoNamedSoWithDrumsUnmovedAndOnce() throws Exception {
        Path out = tmp.resolve("crate");
        assertThat(exported(out, "--transpose-to", "B minor", "--tempo", "90").out()).contains("exported 2 files: 2 written");
        // A minor to B minor is +2; C major goes to B minor's relative, D major (+2)
        Path aMinor = out.resolve("B minor/90/a minor loop.mid");
        Path cMajor = out.resolve("D major/90/c major keys.mid");
        assertThat(aMinor).exists();
        assertThat(cMajor).exists();
        for (Path file : new Path[] {aMinor, cMajor}) {
            Analysis a = analysed(file);
            assertThat(a.key().finalName()).isEqualTo(file.getParent().getParent().getFileName().toString());
            assertThat(a.tempo().initialBpm()).isCloseTo(90, within(0.01));
        }
        byte[] original = Files.readAllBytes(lib.resolve("a minor loop.mid"));
        byte[] written = Files.readAllBytes(aMinor);
        MidiFile before = new SmfParser().parse(original, original.length);
        MidiFile after = new SmfParser().parse(written, written.length);
        assertThat(after.notes().count()).isEqualTo(before.notes().count());
        for (int i = 0; i < before.notes().count(); i++) {
            assertThat(after.notes().startTick()[i]).isEqualTo(before.notes().startTick()[i]);
            assertThat(after.notes().key(i)).isEqualTo(before.notes().key(i) + (before.notes().isDrum(i) ? 0 : 2));
        }

        assertThat(exported(out, "--transpose-to", "B minor", "--tempo", "90").out()).contains("0 written").contains("2 already there");
        assertThat(Files.readAllBytes(aMinor)).isEqualTo(written);
    }

    @Test
    void semitonesMoveEveryFileAndTheLayoutSaysTheResult() throws Exception {
        Path out = tmp.resolve("down");
        exported(out, "--transpose-to", "-3", "--layout", "{name} in {key} at {bpm}");
        assertThat(out.resolve("a minor loop in F# minor at 100.mid")).exists();
        assertThat(out.resolve("c major keys in A major at 120.mid")).exists();
        assertThat(analysed(out.resolve("c major keys in A major at 120.mid")).key().finalName()).isEqualTo("A major");
    }

    @Test
    void badTargetsAreOneLineAndExitTwo() {
        Path out = tmp.resolve("never");
        assertThat(mistake("export", "--to", out.toString(), "--transpose-to", "H minor").err()).contains("not a key");
        assertThat(mistake("export", "--to", out.toString(), "--tempo", "0").err()).contains("at most 999");
        assertThat(mistake("export", "--to", out.toString(), "--tempo", "1000").err()).contains("at most 999");
        assertThat(mistake("export", "--to", out.toString(), "--transpose-to", "+60").err()).contains("-48..48");
        assertThat(mistake("export", "--to", out.toString(), "--tempo", "90", "--mode", "hardlink").err())
                .contains("--mode copy");
        assertThat(out).doesNotExist();
    }
}
