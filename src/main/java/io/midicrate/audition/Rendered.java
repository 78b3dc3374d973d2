package io.midicrate.audition;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/** Rendered audio: 16-bit little-endian interleaved PCM in {@code format}. */
public record Rendered(AudioFormat format, byte[] pcm) {

    public long frames() {
        return pcm.length / format.getFrameSize();
    }

    public double seconds() {
        return frames() / (double) format.getSampleRate();
    }

    /** Writes a WAV file (RIFF header, then the PCM). */
    public void writeWav(OutputStream out) {
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, frames())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Plays through the default sound card and waits until it has played; false when this machine has none
     * (or none takes this format), so the caller can write a file instead.
     */
    public boolean play() {
        SourceDataLine line;
        try {
            line = AudioSystem.getSourceDataLine(format);
            line.open(format);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException noCard) {
            return false;
        }
        try {
            line.start();
            line.write(pcm, 0, pcm.length);
            line.drain();
        } finally {
            line.close();
        }
        return true;
    }
}
