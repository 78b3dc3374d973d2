package io.midicrate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small files and archives for tests: distinct valid MIDI files by seed, zips and nested zips. */
public final class TestMidi {

    private TestMidi() {
    }

    /** A valid type-0 SMF whose notes depend on {@code seed}, so different seeds give different contents. */
    public static byte[] smf(int seed) {
        return smf(seed, 120);
    }

    /** {@link #smf(int)} at another tempo. */
    public static byte[] smf(int seed, int bpm) {
        ByteArrayOutputStream track = new ByteArrayOutputStream();
        // a track name carrying the seed (so every seed is distinct content), the tempo, then 8 notes
        byte[] name = ("seed " + seed).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        write(track, 0x00, 0xFF, 0x03, name.length);
        track.writeBytes(name);
        int micros = 60_000_000 / bpm;
        write(track, 0x00, 0xFF, 0x51, 0x03, micros >>> 16, (micros >>> 8) & 0xFF, micros & 0xFF);
        for (int i = 0; i < 8; i++) {
            int key = 48 + (seed * 7 + i * 5) % 36;
            write(track, 0x00, 0x90, key, 0x64);
            write(track, 0x83, 0x60, 0x80, key, 0x40);
        }
        write(track, 0x00, 0xFF, 0x2F, 0x00);
        byte[] body = track.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, 'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0);
        write(out, 'M', 'T', 'r', 'k', body.length >>> 24, (body.length >>> 16) & 0xFF, (body.length >>> 8) & 0xFF, body.length & 0xFF);
        out.writeBytes(body);
        return out.toByteArray();
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A library of {@code files} files under {@code dir}: file i is {@code p<i % folders>/f<i>.mid} with the content of
     * seed {@code i % contents}, so files beyond the first {@code contents} are exact duplicates.
     */
    public static Path library(Path dir, int files, int folders, int contents) {
        for (int i = 0; i < files; i++) {
            write(dir.resolve("p" + (i % folders) + "/f" + i + ".mid"), smf(i % contents));
        }
        return dir;
    }

    /** A zip of entry name to bytes, stored in iteration order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(OutputStream out, int... bytes) {
        try {
            for (int b : bytes) {
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
