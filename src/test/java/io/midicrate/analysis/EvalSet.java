package io.midicrate.analysis;

import io.midicrate.smf.KeySignature;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfException;
import io.midicrate.smf.SmfParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labelled evaluation set: the files of {@code evalset/manifest.tsv} plus the test corpus ({@code corpus/}), each
 * with the part ({@code dev} or {@code test}) its source was given once in {@code evalset/split.tsv}, and the labels
 * the file carries itself: a key its package states for it ({@code annotated_key}: the corpus's .mma sources, the
 * npm song annotations), else its key signature (when every key-signature event names one key and it is not C major, the
 * usual sequencer default) and its tempo map (the dominant tempo, when the file declares one). The estimators never
 * read these: they see only the notes (see {@link KeyEstimator}, {@link OnsetTempoEstimator}). Files whose notes are
 * the same as an earlier file's (same note fingerprint) are dropped, so a piece in two packages counts once.
 */
public final class EvalSet {

    public enum Part { DEV, TEST }

    /** One labelled file. keyLabel is -1 and tempoLabel NaN when the file carries no such label. */
    public record Item(String path, String source, Part part, MidiFile file, int keyLabel, double tempoLabel) {
    }

    private static final Pattern ANNOTATED_KEY = Pattern.compile("\"annotated_key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CORPUS_PATH = Pattern.compile("\"path\"\\s*:\\s*\"(real/([^/\"]+)/[^\"]+)\"");

    private EvalSet() {
    }

    /** Loads both folders; every source must be in the split file (a new source has to be given a part first). */
    public static List<Item> load(Path evalsetDir, Path corpusDir) {
        try {
            Map<String, Part> split = new HashMap<>();
            for (String line : Files.readAllLines(evalsetDir.resolve("split.tsv"))) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("source\t")) {
                    continue;
                }
                String[] f = line.split("\t");
                split.put(f[0], Part.valueOf(f[1].trim().toUpperCase(java.util.Locale.ROOT)));
            }
            List<String[]> files = new ArrayList<>(); // {dir, path, source, annotated key or null}
            String json = Files.readString(corpusDir.resolve("reference.json"));
            Matcher m = CORPUS_PATH.matcher(json);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                spans.add(new int[] {m.start(), 0});
                files.add(new String[] {corpusDir.toString(), m.group(1), m.group(2), null});
            }
            for (int i = 0; i < spans.size(); i++) { // a corpus entry's annotated_key (from its .mma source) lies in its span
                String entry = json.substring(spans.get(i)[0], i + 1 < spans.size() ? spans.get(i + 1)[0] : json.length());
                Matcher k = ANNOTATED_KEY.matcher(entry);
                files.get(i)[3] = k.find() ? k.group(1) : null;
            }
            List<String> manifest = Files.readAllLines(evalsetDir.resolve("manifest.tsv"));
            for (String line : manifest.subList(1, manifest.size())) {
                String[] f = line.split("\t", -1);
                files.add(new String[] {evalsetDir.toString(), f[0], f[1], f.length > 6 && !f[6].isBlank() ? f[6] : null});
            }
            SmfParser parser = new SmfParser();
            MidiAnalyzer analyzer = new MidiAnalyzer();
            Set<String> seen = new HashSet<>();
            List<Item> out = new ArrayList<>();
            for (String[] f : files) {
                Part part = split.get(f[2]);
                if (part == null) {
                    throw new IllegalStateException("source " + f[2] + " has no part in split.tsv");
                }
                byte[] bytes = Files.readAllBytes(Path.of(f[0]).resolve(f[1]));
                MidiFile file;
                try {
                    file = parser.parse(bytes, bytes.length);
                } catch (SmfException e) {
                    continue; // no music in it: nothing to label
                }
                if (!seen.add(analyzer.analyze(file).noteFingerprint())) {
                    continue;
                }
                int key = f[3] != null ? Keys.parse(f[3]) : keyLabel(file);
                out.add(new Item(f[1], f[2], part, file, key, tempoLabel(file)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key every key-signature event of the file names, unless that is C major or there is none or several. */
    static int keyLabel(MidiFile file) {
        List<KeySignature> sigs = file.keySignatures();
        if (sigs.isEmpty()) {
            return -1;
        }
        KeySignature first = sigs.get(0);
        for (KeySignature s : sigs) {
            if (s.sharps() != first.sharps() || s.minor() != first.minor()) {
                return -1;
            }
        }
        if (first.sharps() == 0 && !first.minor()) {
            return -1;
        }
        return Keys.fromSignature(first.sharps(), first.minor());
    }

    /** The tempo in force longest (quarter notes per minute), when the file declares a tempo; else NaN. */
    static double tempoLabel(MidiFile file) {
        return file.tempoMap().declared() ? MidiAnalyzer.dominantBpm(file) : Double.NaN;
    }
}
