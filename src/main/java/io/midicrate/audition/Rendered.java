package io.midicrate.audition;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import javax.sound.sampled.AudioFormat;
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
        try {
            out.write(wavHeader(format, frames()));
            out.write(pcm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 44-byte header of a PCM WAV file holding {@code frames} frames of {@code format}. */
    public static byte[] wavHeader(AudioFormat format, long frames) {
        long data = frames * format.getFrameSize();
        ByteBuffer header = ByteBuffer.allocate(WAV_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + data))
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) format.getChannels()).putInt((int) format.getSampleRate())
                .putInt((int) format.getSampleRate() * format.getFrameSize()).putShort((short) format.getFrameSize())
                .putShort((short) format.getSampleSizeInBits())
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
        return header.array();
    }

    public static final int WAV_HEADER_BYTES = 44;

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
