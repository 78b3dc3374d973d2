package io.midicrate.analysis;

import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The harmony evaluation set ({@code evalset/harmony/README.md}): MIDI files rendered by mma from progressions of
 * known chords and key, with the chord of every stretch (seconds) and the key, split into a development and a test
 * part by progression family and groove ({@code split.tsv}).
 */
public final class HarmonyEvalSet {

    public static final Path DIR = Path.of("src/test/resources/evalset/harmony");

    /** A labelled chord: from {@code start} to {@code end} seconds. */
    public record Label(double start, double end, Chord chord, String harte) {
    }

    public record Item(String path, EvalSet.Part part, String family, String category, String groove, MidiFile file,
                       int key, List<Label> chords) {
    }

    private HarmonyEvalSet() {
    }

    public static List<Item> load(Path dir) {
        try {
            SmfParser parser = new SmfParser();
            List<Item> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("keys.tsv"))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                Path mid = dir.resolve(f[0]);
                byte[] bytes = Files.readAllBytes(mid);
                List<Label> labels = new ArrayList<>();
                for (String l : Files.readAllLines(dir.resolve(f[0].replace(".mid", ".lab")))) {
                    String[] c = l.split("\t");
                    labels.add(new Label(Double.parseDouble(c[0]), Double.parseDouble(c[1]), Chord.parse(c[3]), c[2]));
                }
                int key = Keys.parse(f[1]);
                out.add(new Item(f[0], EvalSet.Part.valueOf(f[5].toUpperCase(java.util.Locale.ROOT)), f[2], f[3], f[4],
                        parser.parse(bytes, bytes.length), key, List.copyOf(labels)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
