package io.midicrate.audition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.common.OperatorException;
import io.midicrate.smf.SmfWriter;

/**
 * What the renderer makes is heard right: the pitch (an FFT's strongest bin), the sounding time (the span above a
 * silence threshold), which channels sound. With the SoundFont this machine has, or with the JDK's built-in bank.
 */
class RendererTest {

    static final int TPQ = 480;
    static final int A4 = 69;
    static final int PIANO = 0;
    static final int FLUTE = 73;

    /** Sound from wherever the machine has it: a system SoundFont when installed, else the JDK bank. */
    static final Renderer RENDERER = new Renderer(SoundFonts.choose(null));
    /** Always the JDK's built-in bank. */
    static final Renderer BUILT_IN = new Renderer(SoundFonts.choose(null, List.of()));

    @TempDir
    Path tmp;

    @Test
    void anA4SoundsAt440Hz() {
        double hz = fundamental(RENDERER.render(oneNote(0, A4, 4), AuditionOptions.defaults()));
        assertThat(hz).isCloseTo(440, within(440 * 0.02));
    }

    @Test
    void transposedUpThreeItSoundsAtC5() {
        double hz = fundamental(RENDERER.render(oneNote(0, A4, 4), options(3, null, Drums.PLAY)));
        assertThat(hz).isCloseTo(523.25, within(523.25 * 0.02));
    }

    @Test
    void atHalfTheTempoItSoundsTwiceAsLong() {
        byte[] note = oneNote(0, FLUTE, A4, 4); // 4 beats at 120 BPM: 2 s; a flute sustains while held, a piano fades
        double normal = soundingSeconds(RENDERER.render(note, AuditionOptions.defaults()));
        double half = soundingSeconds(RENDERER.render(note, options(0, 60.0, Drums.PLAY)));
        assertThat(normal).isGreaterThan(1.5);
        // the release after the note is the same in both; the note itself doubles
        assertThat(half - normal).isCloseTo(2.0, within(0.25));
    }

    @Test
    void drumsOnlySoundsForADrumFileAndIsSilentForAPianoFile() {
        byte[] drum = oneNote(9, 38, 1); // acoustic snare on channel 10
        byte[] piano = oneNote(0, 60, 1);
        assertThat(peak(RENDERER.render(drum, options(0, null, Drums.ONLY)))).isGreaterThan(1000);
        assertThat(peak(RENDERER.render(piano, options(0, null, Drums.ONLY)))).isZero();
        assertThat(peak(RENDERER.render(drum, options(0, null, Drums.MUTE)))).isZero();
        assertThat(peak(RENDERER.render(piano, options(0, null, Drums.MUTE)))).isGreaterThan(1000);
    }

    @Test
    void drumsAreNeverTransposed() {
        byte[] drum = oneNote(9, 38, 1);
        Rendered plain = RENDERER.render(drum, AuditionOptions.defaults());
        Rendered moved = RENDERER.render(drum, options(5, null, Drums.PLAY));
        assertThat(moved.pcm()).isEqualTo(plain.pcm());
    }

    @Test
    void theJdkBankStillSoundsWithAWarning() {
        assertThat(BUILT_IN.sound().bank()).isNull();
        assertThat(BUILT_IN.sound().warning()).contains("no SoundFont found");
        Rendered r = BUILT_IN.render(oneNote(0, A4, 4), AuditionOptions.defaults());
        assertThat(peak(r)).isGreaterThan(1000);
        assertThat(fundamental(r)).isCloseTo(440, within(440 * 0.02));
    }

    @Test
    void aMissingOrBrokenSystemSoundFontIsPassedOver(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.sf2"), "not RIFF");
        SoundFonts.Choice choice = SoundFonts.choose("  ", List.of(dir.resolve("absent.sf2"), broken));
        assertThat(choice.bank()).isNull();
        assertThat(choice.source()).isEqualTo("the JDK's built-in bank");
        assertThat(choice.warning()).contains("midicrate.preview.soundfont");
    }

    @Test
    void thePreviewStopsAfterItsBarsOrSeconds() {
        byte[] long32Beats = oneNote(0, A4, 32); // 8 bars of 4/4 at 120 BPM: 16 s
        assertThat(RENDERER.render(long32Beats, options(0, null, Drums.PLAY)).seconds())
                .isCloseTo(16 + 1, within(0.05)); // 8 bars, then the release
        AuditionOptions twoBars = new AuditionOptions(0, null, Drums.PLAY, 2, 30);
        assertThat(RENDERER.render(long32Beats, twoBars).seconds()).isCloseTo(4 + 1, within(0.05));
        AuditionOptions threeSeconds = new AuditionOptions(0, null, Drums.PLAY, 8, 3);
        assertThat(RENDERER.render(long32Beats, threeSeconds).seconds()).isCloseTo(3 + 1, within(0.05));
    }

    @Test
    void aWavFileHasARiffHeaderAndThePcm() {
        Rendered r = RENDERER.render(oneNote(0, A4, 1), AuditionOptions.defaults());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.writeWav(out);
        byte[] wav = out.toByteArray();
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        assertThat(wav.length).isEqualTo(44 + r.pcm().length);
    }

    @Test
    void keysAreReachedByTheSmallestInterval() {
        assertThat(AuditionOptions.interval(9 + 12, 0 + 12)).isEqualTo(3); // A minor -> C minor: up 3
        assertThat(AuditionOptions.interval(0, 7)).isEqualTo(-5); // C -> G major: down a fourth
        assertThat(AuditionOptions.interval(0, 6)).isEqualTo(6);
        assertThat(AuditionOptions.interval(9 + 12, 0)).isEqualTo(0); // A minor for a C major song: as it is
        assertThat(AuditionOptions.interval(0, 9 + 12)).isEqualTo(0);
        assertThat(AuditionOptions.interval(2, 4 + 12)).isEqualTo(5); // D major for E minor (G major): up 5
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> RENDERER.render("not midi at all".getBytes(StandardCharsets.US_ASCII),
                AuditionOptions.defaults())).isInstanceOf(OperatorException.class).hasMessageContaining("cannot play");
        assertThatThrownBy(() -> SoundFonts.choose(dir.resolve("missing.sf2").toString()))
                .isInstanceOf(OperatorException.class).hasMessageContaining("no SoundFont at");
        Path notOne = Files.writeString(dir.resolve("text.sf2"), "hello");
        assertThatThrownBy(() -> SoundFonts.choose(notOne.toString()))
                .isInstanceOf(OperatorException.class).hasMessageContaining("is not a SoundFont");
        assertThatThrownBy(() -> options(0, 0.0, Drums.PLAY)).isInstanceOf(OperatorException.class);
        assertThatThrownBy(() -> options(0, 1000.0, Drums.PLAY)).isInstanceOf(OperatorException.class);
        assertThatThrownBy(() -> Drums.parse("loud")).isInstanceOf(OperatorException.class);
    }

    static AuditionOptions options(int transpose, Double bpm, Drums drums) {
        return new AuditionOptions(transpose, bpm, drums, AuditionOptions.DEFAULT_BARS, AuditionOptions.DEFAULT_SECONDS);
    }

    /** A file with one piano note on {@code channel} (0-based), velocity 100, {@code beats} long at 120 BPM, 4/4. */
    static byte[] oneNote(int channel, int note, int beats) {
        return oneNote(channel, PIANO, note, beats);
    }

    static byte[] oneNote(int channel, int program, int note, int beats) {
        SmfWriter w = new SmfWriter(TPQ);
        SmfWriter.Track t = w.track();
        t.meta(0, 0x58, new byte[] {4, 2, 24, 8}, 0, 4);
        t.meta(0, 0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 0, 3); // 500000 us per quarter
        t.channelEvent(0, 0xC0 | channel, new byte[] {(byte) program}, 0, 1);
        t.channelEvent(0, 0x90 | channel, new byte[] {(byte) note, 100}, 0, 2);
        t.channelEvent((long) beats * TPQ, 0x80 | channel, new byte[] {(byte) note, 0}, 0, 2);
        t.close((long) beats * TPQ);
        return w.toBytes();
    }

    /** The left channel as doubles. */
    static double[] left(Rendered r) {
        byte[] pcm = r.pcm();
        double[] out = new double[pcm.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcm[i * 4] & 0xFF) | (pcm[i * 4 + 1] << 8));
        }
        return out;
    }

    static int peak(Rendered r) {
        int peak = 0;
        for (double s : left(r)) {
            peak = Math.max(peak, (int) Math.abs(s));
        }
        byte[] pcm = r.pcm();
        for (int i = 2; i + 1 < pcm.length; i += 4) { // the right channel too
            peak = Math.max(peak, Math.abs((short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8))));
        }
        return peak;
    }

    /** The strongest frequency of the first second after the onset (Hann window, parabolic peak). */
    static double fundamental(Rendered r) {
        double[] samples = left(r);
        int rate = (int) r.format().getSampleRate();
        int n = 1 << 15;
        int start = firstAbove(samples, 0.02 * peakOf(samples)) + rate / 20;
        double[] frame = new double[n];
        for (int i = 0; i < n && start + i < samples.length; i++) {
            frame[i] = samples[start + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        new DoubleFFT_1D(n).realForward(frame);
        double[] magnitude = new double[n / 2];
        for (int k = 1; k < n / 2; k++) {
            magnitude[k] = Math.hypot(frame[2 * k], frame[2 * k + 1]);
        }
        int best = 1;
        for (int k = (int) (50.0 * n / rate); k < n / 2 - 1; k++) { // above 50 Hz: no DC or rumble
            if (magnitude[k] > magnitude[best]) {
                best = k;
            }
        }
        // the strongest partial may be a harmonic: the fundamental is the lowest strong peak dividing it
        for (int divisor = 4; divisor > 1; divisor--) {
            int k = Math.round((float) best / divisor);
            int lo = Math.max(1, k - 2);
            int hi = Math.min(n / 2 - 2, k + 2);
            for (int j = lo; j <= hi; j++) {
                if (magnitude[j] > 0.25 * magnitude[best] && magnitude[j] >= magnitude[j - 1]
                        && magnitude[j] >= magnitude[j + 1]) {
                    best = j;
                    divisor = 1;
                    break;
                }
            }
        }
        double a = magnitude[best - 1];
        double b = magnitude[best];
        double c = magnitude[best + 1];
        double offset = 0.5 * (a - c) / (a - 2 * b + c);
        return (best + offset) * rate / n;
    }

    /** Seconds from the first sample above 1% of the peak to the last. */
    static double soundingSeconds(Rendered r) {
        double[] samples = left(r);
        double threshold = 0.01 * peakOf(samples);
        int first = firstAbove(samples, threshold);
        int last = samples.length - 1;
        while (last > first && Math.abs(samples[last]) <= threshold) {
            last--;
        }
        return (last - first) / (double) r.format().getSampleRate();
    }

    private static double peakOf(double[] samples) {
        double peak = 0;
        for (double s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }

    private static int firstAbove(double[] samples, double threshold) {
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) > threshold) {
                return i;
            }
        }
        return 0;
    }
}
