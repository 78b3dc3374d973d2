package io.midicrate.web.curation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.stereotype.Component;

import io.midicrate.export.Exporter;
import io.midicrate.export.Layout;

/**
 * A crate as a zip: {@code midicrate crate export} into a folder of our own ({@link Layout#NUMBERED}: {@code 001 name.mid} ...
 * in the crate's order, with the export's listing), then those files into the zip, then the folder is deleted.
 */
@Component
class CrateZip {

    private final Exporter exporter;

    CrateZip(Exporter exporter) {
        this.exporter = exporter;
    }

    /** Exports the contents in this order into a new temporary folder; the caller zips and deletes it. */
    Path export(long[] contentIds) {
        try {
            Path dir = Files.createTempDirectory("midicrate-crate-");
            // force: the folder is ours and gone after the download, whatever library root holds the temp folder
            exporter.exportInOrder(contentIds, new Exporter.Options(dir, Layout.parse(Layout.NUMBERED), Exporter.Mode.COPY, null,
                    true), n -> { });
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every file of the folder into a zip on {@code out}, by name (so in the crate's order), then deletes it. */
    static void zipAndDelete(Path dir, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
