package io.midicrate.web.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.midicrate.corpus.Corpus;
import io.midicrate.corpus.TestMidi;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfParser;

class PianoRollTest {

    static int occurrences(String svg, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(svg);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static MidiFile parse(byte[] bytes) {
        return new SmfParser().parse(bytes, bytes.length);
    }

    @Test
    void everyCorpusFileGetsOneMarkPerNote() {
        int files = 0;
        for (Corpus.Entry entry : Corpus.entries()) {
            MidiFile midi;
            try {
                midi = parse(entry.bytes());
            } catch (RuntimeException e) {
                continue; // files the parser refuses have no notes to draw
            }
            PianoRoll.Drawing drawing = PianoRoll.draw(midi);
            int expected = Math.min(midi.notes().count(), PianoRoll.MAX_NOTES);
            assertThat(occurrences(drawing.svg(), "<rect class=\"note ch")).as(entry.path()).isEqualTo(expected);
            assertThat(drawing.drawnNotes()).isEqualTo(expected);
            files++;
        }
        assertThat(files).isGreaterThan(100);
    }

    @Test
    void drumsGetTheirOwnLanesBarsFollowTheMeterAndBigFilesAreCut() {
        TestMidi file = new TestMidi(96, 1).timeSignature(0, 0, 4, 2).timeSignature(0, 2 * 384, 3, 2);
        // two bars of 4/4 (384 ticks each), then two of 3/4 (288 each): 1,344 ticks
        for (long t = 0; t < 1344; t += 96) {
            file.note(0, 0, t, 96, 60 + (int) (t / 96) % 12, 90);
            file.note(0, 9, t, 10, 36, 120);
        }
        MidiFile midi = parse(file.bytes());
        PianoRoll.Drawing drawing = PianoRoll.draw(midi);
        String svg = drawing.svg();
        assertThat(occurrences(svg, "class=\"note ch0\"")).isEqualTo(14);
        assertThat(occurrences(svg, "class=\"note ch9\"")).isEqualTo(14);
        // bar starts at ticks 0, 384, 768, 1056 and the closing line at 1344
        assertThat(occurrences(svg, "<line class=\"bar\"")).isEqualTo(5);
        // every drum hit sits below every pitched note
        double lowestPitched = maxY(svg, "ch0");
        assertThat(minY(svg, "ch9")).isGreaterThan(lowestPitched);

        PianoRoll.Drawing cut = PianoRoll.draw(midi, 10);
        assertThat(occurrences(cut.svg(), "<rect class=\"note ch")).isEqualTo(10);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.totalNotes()).isEqualTo(28);
    }

    static double maxY(String svg, String channel) {
        return ys(svg, channel).max().orElseThrow();
    }

    static double minY(String svg, String channel) {
        return ys(svg, channel).min().orElseThrow();
    }

    static java.util.stream.DoubleStream ys(String svg, String channel) {
        Matcher m = Pattern.compile("class=\"note " + channel + "\" x=\"[^\"]+\" y=\"([^\"]+)\"").matcher(svg);
        java.util.stream.DoubleStream.Builder ys = java.util.stream.DoubleStream.builder();
        while (m.find()) {
            ys.add(Double.parseDouble(m.group(1)));
        }
        return ys.build();
    }
}
