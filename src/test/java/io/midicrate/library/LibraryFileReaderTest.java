package io.midicrate.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryFileReaderTest {

    @TempDir
    Path tmp;

    Path zip(String name, int entries) throws IOException {
        Path zip = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries; i++) {
                z.putNextEntry(new ZipEntry("e" + i + ".mid"));
                z.write(text(name, i));
                z.closeEntry();
            }
        }
        return zip;
    }

    static byte[] text(String archive, int entry) {
        return (archive + "/" + entry).getBytes(StandardCharsets.UTF_8);
    }

    String read(LibraryFileReader reader, String path) throws FileProblem {
        int n = reader.read(path);
        return new String(reader.bytes(), 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void entriesOfAFewArchivesReadBetweenPlainFilesOpenEachArchiveOnce() throws Exception {
        List<Path> zips = List.of(zip("a.zip", 3), zip("b.zip", 3), zip("c.zip", 3));
        Path plain = Files.writeString(tmp.resolve("plain.mid"), "plain");

        try (LibraryFileReader reader = new LibraryFileReader(1 << 20, 1 << 20)) {
            for (int entry = 0; entry < 3; entry++) {
                for (Path zip : zips) {
                    String name = zip.getFileName().toString();
                    assertThat(read(reader, LibraryPath.entry(zip.toString(), "e" + entry + ".mid")))
                            .isEqualTo(name + "/" + entry);
                    assertThat(read(reader, plain.toString())).isEqualTo("plain");
                }
            }
            assertThat(reader.archivesOpened()).isEqualTo(3);
        }
    }

    @Test
    void onlyAFewRecentArchivesStayOpenAndEveryReadIsStillRight() throws Exception {
        List<Path> zips = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            zips.add(zip("z" + i + ".zip", 2));
        }
        try (LibraryFileReader reader = new LibraryFileReader(1 << 20, 1 << 20)) {
            for (int round = 0; round < 2; round++) {
                for (Path zip : zips) {
                    String name = zip.getFileName().toString();
                    assertThat(read(reader, LibraryPath.entry(zip.toString(), "e" + round + ".mid")))
                            .isEqualTo(name + "/" + round);
                }
            }
            // six archives in turn, four kept besides the current one: the second round opens every one again
            assertThat(reader.archivesOpened()).isEqualTo(12);
        }
    }
}
