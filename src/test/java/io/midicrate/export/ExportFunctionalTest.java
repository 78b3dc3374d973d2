package io.midicrate.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.NoteTable;
import io.midicrate.smf.SmfParser;
import io.midicrate.smf.SmfSplitter;
import io.midicrate.smf.SmfWriter;
import io.midicrate.support.JobTest;
import io.midicrate.support.FileTrees;
import io.midicrate.support.TestMidi;

/** export end to end: real PostgreSQL, a real library tree, a real output folder. */
class ExportFunctionalTest extends JobTest {
    @Autowired
    Exporter exporter;

    Path lib;
    Path out;
    byte[] band;

    @BeforeEach
    void library() throws Exception {
        lib = tmp.resolve("lib");
        out = tmp.resolve("out");
        TestMidi.write(lib.resolve("a/loop.mid"), TestMidi.smf(1));
        TestMidi.write(lib.resolve("b/loop.mid"), TestMidi.smf(2)); // same name, other bytes
        TestMidi.write(lib.resolve("c/copy of 1.mid"), TestMidi.smf(1)); // same bytes as a/loop.mid: exported once
        TestMidi.write(lib.resolve("pack.zip"), TestMidi.zip(Map.of("inside/zipped.mid", TestMidi.smf(3))));
        band = band();
        TestMidi.write(lib.resolve("songs/band.mid"), band);
        runner.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath().normalize())));
        analyze();
    }

    /** Two tracks (piano with drums, and bass) and a tempo change in the second track. */
    static byte[] band() {
        SmfWriter w = new SmfWriter(96);
        SmfWriter.Track piano = w.track();
        byte[] name = "Keys".getBytes();
        piano.meta(0, 0x03, name, 0, name.length);
        for (int i = 0; i < 8; i++) {
            piano.channelEvent(i * 96L, 0x90, new byte[] {(byte) (60 + i), 100}, 0, 2);
            piano.channelEvent(i * 96L, 0x99, new byte[] {36, 100}, 0, 2);
            piano.channelEvent(i * 96L + 90, 0x80, new byte[] {(byte) (60 + i), 0}, 0, 2);
            piano.channelEvent(i * 96L + 90, 0x89, new byte[] {36, 0}, 0, 2);
        }
        piano.close(8 * 96);
        SmfWriter.Track bass = w.track();
        for (int i = 0; i < 4; i++) {
            if (i == 1) {
                bass.meta(200, 0x51, new byte[] {0x09, 0x27, (byte) 0xC0}, 0, 3); // 100 BPM from tick 200
            }
            bass.channelEvent(i * 192L + 10, 0x91, new byte[] {36, 90}, 0, 2);
            bass.channelEvent(i * 192L + 150, 0x81, new byte[] {36, 0}, 0, 2);
        }
        bass.close(8 * 96);
        return w.toBytes();
    }

    Exporter.Summary export(String query, String layout, Exporter.Mode mode, SmfSplitter.By split) {
        Query q = QueryParser.parse(query);
        return exporter.export(q, new Exporter.Options(out, Layout.parse(layout), mode, split, false), n -> { });
    }

    @Test
    void exportsEachContentOnceUnderTheLayoutWithNumberedClashesAndReExportWritesNothing() throws Exception {
        // a file of the user's already where the first export wants to write: never overwritten
        byte[] users = "not midi, the user's own".getBytes();
        TestMidi.write(out.resolve("4-4/band.mid"), users);

        Exporter.Summary first = export("", "{meter}/{name}", Exporter.Mode.COPY, null);

        assertThat(first.contents()).isEqualTo(4);
        assertThat(first.written()).isEqualTo(4);
        assertThat(first.failed()).isZero();
        assertThat(first.stoppedBy()).isNull();
        Map<String, byte[]> tree = FileTrees.tree(out);
        assertThat(tree.keySet()).containsExactlyInAnyOrder("4-4/band.mid", "4-4/band (2).mid", "4-4/loop.mid",
                "4-4/loop (2).mid", "4-4/zipped.mid", Exporter.LISTING);
        assertThat(out.resolve("4-4/band.mid")).hasBinaryContent(users);
        assertThat(out.resolve("4-4/band (2).mid")).hasBinaryContent(band);
        assertThat(out.resolve("4-4/zipped.mid")).as("an archive entry, extracted").hasBinaryContent(TestMidi.smf(3));
        // the two loops: one per content, in id order (a/loop.mid was imported first)
        assertThat(List.of(Files.readAllBytes(out.resolve("4-4/loop.mid")), Files.readAllBytes(out.resolve("4-4/loop (2).mid"))))
                .containsExactlyInAnyOrder(TestMidi.smf(1), TestMidi.smf(2));
        List<Map<String, String>> rows = listing();
        assertThat(rows).hasSize(4);
        assertThat(rows).extracting(r -> r.get("file")).contains("4-4/band (2).mid", "4-4/zipped.mid");
        assertThat(rows).extracting(r -> r.get("source")).contains(lib.resolve("pack.zip") + "!/inside/zipped.mid");

        Files.setLastModifiedTime(out.resolve(Exporter.LISTING), FileTime.fromMillis(1_000_000_000_000L));
        Exporter.Summary again = export("", "{meter}/{name}", Exporter.Mode.COPY, null);

        assertThat(again.written()).isZero();
        assertThat(again.unchanged()).isEqualTo(4);
        assertThat(FileTrees.tree(out)).usingRecursiveComparison().isEqualTo(tree);
        assertThat(Files.getLastModifiedTime(out.resolve(Exporter.LISTING)).toMillis()).as("the listing is not rewritten")
                .isEqualTo(1_000_000_000_000L);
    }

    @Test
    void defaultLayoutQueryAndLinkModes() throws Exception {
        Exporter.Summary s = export("path:**/band.mid", Layout.DEFAULT, Exporter.Mode.HARDLINK, null);
        assertThat(s.written()).isEqualTo(1);
        List<Path> files = files(out);
        assertThat(files).hasSize(1);
        Path exported = files.get(0);
        // {key}/{bpm}/{name}: three levels under DIR, the bpm a whole number
        assertThat(out.relativize(exported).getNameCount()).isEqualTo(3);
        assertThat(out.relativize(exported).getName(1).toString()).matches("\\d+");
        assertThat(Files.isSameFile(exported, lib.resolve("songs/band.mid"))).as("a hard link").isTrue();

        Path links = tmp.resolve("links");
        Exporter.Summary linked = exporter.export(QueryParser.parse(""), new Exporter.Options(links, Layout.parse("{name}"),
                Exporter.Mode.SYMLINK, null, false), n -> { });
        assertThat(linked.written()).isEqualTo(4);
        assertThat(Files.isSymbolicLink(links.resolve("band.mid"))).isTrue();
        assertThat(Files.isSymbolicLink(links.resolve("zipped.mid"))).as("archive entries are always extracted").isFalse();
        assertThat(links.resolve("zipped.mid")).hasBinaryContent(TestMidi.smf(3));
    }

    @Test
    void splitPartsSoundLikeTheOriginal() throws Exception {
        for (SmfSplitter.By by : SmfSplitter.By.values()) {
            Path dir = tmp.resolve("split-" + by);
            Exporter.Summary s = exporter.export(QueryParser.parse("path:**/band.mid"),
                    new Exporter.Options(dir, Layout.parse("{name}"), Exporter.Mode.COPY, by, false), n -> { });
            assertThat(s.failed()).isZero();
            assertThat(s.contents()).as("one file").isEqualTo(1);
            assertThat(s.parts()).as("split into three parts, all written").isEqualTo(3).isEqualTo(s.written());
            List<String> names = new ArrayList<>(files(dir).stream().map(p -> p.getFileName().toString()).toList());
            Collections.sort(names);
            if (by == SmfSplitter.By.TRACKS) {
                assertThat(names).containsExactly("band-Keys-drums.mid", "band-Keys.mid", "band-track2.mid");
            } else {
                assertThat(names).containsExactly("band-ch01.mid", "band-ch02.mid", "band-drums.mid");
            }
            SmfParser parser = new SmfParser();
            MidiFile original = parser.parse(band, band.length);
            List<String> fromParts = new ArrayList<>();
            for (Path part : files(dir)) {
                byte[] bytes = Files.readAllBytes(part);
                MidiFile f = parser.parse(bytes, bytes.length);
                assertThat(f.warnings()).as(part.toString()).isEmpty();
                fromParts.addAll(notesInSeconds(f));
            }
            List<String> expected = notesInSeconds(original);
            Collections.sort(expected);
            Collections.sort(fromParts);
            assertThat(fromParts).isEqualTo(expected);
        }
    }

    @Test
    void aVanishedFileIsRecordedAndTheExportGoesOn() throws Exception {
        Files.delete(lib.resolve("b/loop.mid")); // the test's own fixture, gone since the import
        Exporter.Summary s = export("", "{name}", Exporter.Mode.COPY, null);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.written()).isEqualTo(3);
        assertThat(s.failures()).singleElement().asString().contains("b/loop.mid").contains("vanished");
        assertThat(listing()).filteredOn(r -> !r.get("problem").isEmpty()).singleElement()
                .satisfies(r -> assertThat(r.get("file")).isEmpty());
    }

    @Test
    void aFullDiskStopsTheExportAndLeavesNothingHalfWritten() throws Exception {
        Path folder = out.resolve("4-4");
        Files.createDirectories(folder);
        // each file's temporary name leads to /dev/full, whose writes fail with ENOSPC, as on a full disk
        for (String name : List.of("band", "loop", "zipped")) {
            Files.createSymbolicLink(folder.resolve("." + name + ".mid.midicrate-part"), Path.of("/dev/full"));
        }

        Exporter.Summary s = export("", "{meter}/{name}", Exporter.Mode.COPY, null);

        assertThat(s.stoppedBy()).contains("No space left on device");
        assertThat(s.written()).isZero();
        assertThat(s.contents()).as("it stopped at the first file").isEqualTo(1);
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".mid"));
        }
    }

    @Test
    void aFolderInsideTheLibraryIsRefusedUnlessForced() {
        Path inside = lib.resolve("export");
        assertThatThrownBy(() -> exporter.export(Query.all(), new Exporter.Options(inside, Layout.parse("{name}"),
                Exporter.Mode.COPY, null, false), n -> { }))
                .isInstanceOf(OperatorException.class).hasMessageContaining("inside the library root");
        assertThat(inside).doesNotExist();
        Exporter.Summary forced = exporter.export(Query.all(), new Exporter.Options(inside, Layout.parse("{name}"),
                Exporter.Mode.COPY, null, true), n -> { });
        assertThat(forced.written()).isEqualTo(4);
    }

    @Test
    void layoutValuesAreSafeOnEveryFileSystem() {
        assertThat(Layout.safe("a/b\\c:d*e?f\"g<h>i|j")).isEqualTo("a_b_c_d_e_f_g_h_i_j");
        assertThat(Layout.safe(" trailing dots... ")).isEqualTo("trailing dots");
        assertThat(Layout.safe("CON")).isEqualTo("_CON");
        assertThat(Layout.safe("nul.mid")).isEqualTo("_nul.mid");
        assertThat(Layout.safe(".".repeat(2))).isEqualTo("_"); // a name of two dots
        assertThat(Layout.safe("é".repeat(100)).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(120);
        assertThatThrownBy(() -> Layout.parse("{key}//{name}")).isInstanceOf(OperatorException.class);
    }

    List<Map<String, String>> listing() throws Exception {
        try (var rows = tools.jackson.dataformat.csv.CsvMapper.builder().build().readerFor(Map.class)
                .with(tools.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                .<Map<String, String>>readValues(out.resolve(Exporter.LISTING).toFile())) {
            return rows.readAll();
        }
    }

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
                    .filter(p -> !p.getFileName().toString().equals(Exporter.LISTING)).sorted().toList();
        }
    }

    static List<String> notesInSeconds(MidiFile f) {
        NoteTable n = f.notes();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.count(); i++) {
            out.add(n.startSeconds()[i] + " " + n.endSeconds()[i] + " " + n.key(i) + " " + n.channel(i) + " " + n.velocity(i));
        }
        return out;
    }
}
