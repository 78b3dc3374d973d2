package io.midicrate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.midicrate.names.NameMetadataExtractor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {

    /** One MIDI-named file found on disk or inside a (nested) zip. */
    record Found(String path, byte[] bytes) {
    }

    @Test
    void writesARealisticLibrary(@TempDir Path dir) throws Exception {
        var options = new CorpusGenerator.Options(300, 0.10, 0.02, 0.2, 7L);
        CorpusGenerator.Summary summary = new CorpusGenerator().generate(dir, options);
        List<Found> files = collect(dir);

        assertThat(files).hasSize(300);
        assertThat(summary.files()).isEqualTo(300);

        Set<String> hashes = new HashSet<>();
        int duplicates = 0;
        int corrupt = 0;
        List<Integer> validSizes = new ArrayList<>();
        var extractor = new NameMetadataExtractor();
        int bpmNamesChecked = 0;
        for (Found f : files) {
            if (!hashes.add(sha256(f.bytes()))) {
                duplicates++;
            }
            if (!validSmf(f.bytes())) {
                corrupt++;
                continue;
            }
            validSizes.add(f.bytes().length);
            if (f.path().toLowerCase(Locale.ROOT).matches(".*/[^/]*bpm[^/]*")) { // tempo named in the file name
                assertThat(extractor.extract(f.path()).bpm()).as(f.path()).isEqualTo(tempo(f.bytes()));
                bpmNamesChecked++;
            }
        }
        assertThat(duplicates).isEqualTo(summary.duplicates()).isBetween(25, 35); // 10 % of 300
        assertThat(corrupt).isEqualTo(summary.corrupt()).isEqualTo(6);
        assertThat(summary.distinctContents()).isEqualTo(hashes.size());
        assertThat(summary.zips()).isPositive();
        assertThat(summary.zipEntries()).isBetween(40, 100);
        assertThat(bpmNamesChecked).isGreaterThan(50);

        Collections.sort(validSizes);
        int median = validSizes.get(validSizes.size() / 2);
        assertThat(median).as("median size").isBetween(9_000, 16_000);
        assertThat(validSizes.get(validSizes.size() - 1)).as("largest").isLessThanOrEqualTo(240_000);
        assertThat(validSizes.get(0)).as("smallest").isGreaterThan(100);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws Exception {
        var options = new CorpusGenerator.Options(120, 0.1, 0.03, 0.3, 99L);
        new CorpusGenerator().generate(a, options);
        new CorpusGenerator().generate(b, options);
        new CorpusGenerator().generate(c, new CorpusGenerator.Options(120, 0.1, 0.03, 0.3, 100L));
        assertThat(treeHash(a)).isEqualTo(treeHash(b)).isNotEqualTo(treeHash(c));
    }

    @Test
    void aThousandFilesIncludeANestedZip(@TempDir Path dir) throws Exception {
        var summary = new CorpusGenerator().generate(dir, new CorpusGenerator.Options(1000, 0.05, 0.0, 0.1, 3L));
        List<Found> files = collect(dir);
        assertThat(files).hasSize(1000);
        assertThat(files).anyMatch(f -> f.path().matches(".*\\.zip!/.*\\.zip!/.*"));
        assertThat(summary.corrupt()).isZero();
        assertThat(files).allMatch(f -> validSmf(f.bytes()));
    }

    // ------------------------------------------------------------ helpers

    /** All .mid/.midi files, descending into zips and zips inside zips; paths use {@code !/} for archive members. */
    static List<Found> collect(Path root) throws IOException {
        List<Found> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith(".zip")) {
                    try (InputStream in = Files.newInputStream(p)) {
                        readZip(in, rel, out);
                    }
                } else if (isMidiName(rel)) {
                    out.add(new Found(rel, Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    private static void readZip(InputStream in, String prefix, List<Found> out) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            byte[] bytes = zip.readAllBytes();
            String path = prefix + "!/" + e.getName();
            if (e.getName().endsWith(".zip")) {
                readZip(new ByteArrayInputStream(bytes), path, out);
            } else if (isMidiName(e.getName())) {
                out.add(new Found(path, bytes));
            }
        }
    }

    private static boolean isMidiName(String name) {
        return name.endsWith(".mid") || name.endsWith(".midi");
    }

    /** MThd with length 6, then exactly as many MTrk chunks as the header declares, ending at the end of the file. */
    static boolean validSmf(byte[] b) {
        if (b.length < 14 || !new String(b, 0, 4, StandardCharsets.ISO_8859_1).equals("MThd") || u32(b, 4) != 6) {
            return false;
        }
        int declared = ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
        int pos = 14;
        int chunks = 0;
        while (pos < b.length) {
            if (pos + 8 > b.length || !new String(b, pos, 4, StandardCharsets.ISO_8859_1).equals("MTrk")) {
                return false;
            }
            long len = u32(b, pos + 4);
            if (pos + 8 + len > b.length) {
                return false;
            }
            int end = (int) (pos + 8 + len);
            if (b[end - 3] != (byte) 0xFF || b[end - 2] != 0x2F || b[end - 1] != 0) {
                return false; // every track ends with End of Track
            }
            pos = end;
            chunks++;
        }
        return chunks == declared;
    }

    /** BPM from the first Set Tempo meta event. */
    private static Integer tempo(byte[] b) {
        for (int i = 14; i + 6 < b.length; i++) {
            if (b[i] == (byte) 0xFF && b[i + 1] == 0x51 && b[i + 2] == 3) {
                int us = ((b[i + 3] & 0xFF) << 16) | ((b[i + 4] & 0xFF) << 8) | (b[i + 5] & 0xFF);
                return (int) Math.round(60_000_000.0 / us);
            }
        }
        return null;
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Hash over every file's relative path and bytes, zips as stored, in sorted order. */
    private static String treeHash(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                md.update(root.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
